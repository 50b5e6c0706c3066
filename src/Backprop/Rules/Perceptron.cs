namespace Backprop.Rules;

/// <summary>
/// Rosenblatt's perceptron: a threshold unit y(x) = 1 if w . x + b &gt;= 0, else 0, trained by
/// W = W + eta (d(x) - y(x)) x on the augmented input (x, 1), so the bias b is the weight of an input
/// fixed at 1. The update only changes anything when the output is wrong; the notes' convergence
/// theorem holds for linearly separable classes, and XOR has no solution.
/// </summary>
public sealed class Perceptron : LinearUnit
{
    /// <summary>Creates a perceptron with all weights and the bias at zero.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    public Perceptron(int inputs) : base(inputs)
    {
    }

    /// <summary>Creates a perceptron with the given initial weights and bias (copied).</summary>
    public Perceptron(IReadOnlyList<double> weights, double bias) : base(weights, bias)
    {
    }

    /// <summary>Creates a perceptron with weights and bias uniform in [-scale, scale] from <c>new Random(seed)</c>.</summary>
    public static Perceptron Random(int inputs, int seed, double scale = 0.5)
    {
        var (w, b) = RandomStart(inputs, seed, scale);
        return new Perceptron(w, b);
    }

    /// <summary>The output y = 1 if z &gt;= 0, else 0.</summary>
    public int Output(ReadOnlySpan<double> x) => NetInput(x) >= 0 ? 1 : 0;

    /// <summary>
    /// One presentation: W = W + eta (d - y) x with x augmented by 1. Returns true when the output was
    /// wrong (and the weights therefore changed).
    /// </summary>
    public bool Update(ReadOnlySpan<double> x, int target, double learningRate)
    {
        if (target is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be 0 or 1.");
        RuleMath.CheckLearningRate(learningRate);
        int error = target - Output(x);
        if (error == 0) return false;
        Adjust(learningRate * error, x);
        return true;
    }

    /// <summary>
    /// Sequential training: presents every pattern once per epoch, updating on errors, and stops after the
    /// first epoch without errors or at <see cref="RuleOptions.Epochs"/>.
    /// </summary>
    /// <param name="inputs">Rows of <see cref="LinearUnit.Inputs"/> values.</param>
    /// <param name="labels">Desired outputs d, 0 or 1, one per row.</param>
    /// <param name="options">Learning rate, epoch limit, order.</param>
    public ConvergenceResult Train(IReadOnlyList<double[]> inputs, IReadOnlyList<int> labels, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleMath.CheckLabels(labels);
        RuleMath.CheckData(inputs, labels.Count, Inputs);
        var order = new EpochOrder(inputs.Count, options.ShuffleSeed);
        var errorsPerEpoch = new List<int>();
        int updates = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            int errors = 0;
            foreach (int p in order.Next())
                if (Update(inputs[p], labels[p], options.LearningRate)) errors++;
            errorsPerEpoch.Add(errors);
            updates += errors;
            if (errors == 0) return new ConvergenceResult(true, epoch, updates, errorsPerEpoch);
        }
        return new ConvergenceResult(false, options.Epochs, updates, errorsPerEpoch);
    }

    /// <summary>Fraction of rows whose output equals the label.</summary>
    public double Accuracy(IReadOnlyList<double[]> inputs, IReadOnlyList<int> labels) =>
        RuleMath.Accuracy(inputs, labels, Inputs, x => Output(x));

    /// <summary>"Perceptron(2 inputs, w = [1, 1], b = -2)".</summary>
    public override string ToString() => $"Perceptron({Describe()})";
}
