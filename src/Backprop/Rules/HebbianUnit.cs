namespace Backprop.Rules;

/// <summary>
/// A linear unit y = w . x + b trained by Hebb's rule w_i = w_i + eta x_i y (and b = b + eta y, the bias
/// being the weight of an input fixed at 1): "neurons that fire together wire together". There is no
/// target and no competition, so, as the notes say, learning is unbounded: with x~ = (x, 1) and w~ = (w, b),
/// each update adds eta y^2 (2 + eta |x~|^2) to |w~|^2 and never takes anything away, so the norm only grows.
/// </summary>
public sealed class HebbianUnit : LinearUnit
{
    /// <summary>Creates a unit with the given initial weights and bias (copied). All-zero weights never move: y stays 0.</summary>
    public HebbianUnit(IReadOnlyList<double> weights, double bias) : base(weights, bias)
    {
    }

    /// <summary>Creates a unit with weights and bias uniform in [-scale, scale] from <c>new Random(seed)</c>.</summary>
    public static HebbianUnit Random(int inputs, int seed, double scale = 0.5)
    {
        var (w, b) = RandomStart(inputs, seed, scale, positive: true);
        return new HebbianUnit(w, b);
    }

    /// <summary>The Euclidean norm of [w, b].</summary>
    public double WeightNorm => Norm;

    /// <summary>The output y = w . x + b (a linear unit: its net input).</summary>
    public double Output(ReadOnlySpan<double> x) => NetInput(x);

    /// <summary>One presentation: y = w . x + b, then w_i = w_i + eta x_i y and b = b + eta y. Returns y.</summary>
    public double Update(ReadOnlySpan<double> x, double learningRate)
    {
        RuleMath.CheckLearningRate(learningRate);
        double y = Output(x);
        Adjust(learningRate * y, x);
        return y;
    }

    /// <summary>
    /// Runs exactly <see cref="RuleOptions.Epochs"/> epochs of Hebb's rule and returns the weight norm
    /// before training (index 0) and after each epoch (index e). The norms overflow to infinity if run long enough.
    /// </summary>
    public IReadOnlyList<double> Train(IReadOnlyList<double[]> inputs, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        RuleMath.CheckData(inputs, inputs.Count, Inputs);
        var order = new EpochOrder(inputs.Count, options.ShuffleSeed);
        var norms = new List<double>(options.Epochs + 1) { WeightNorm };
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            foreach (int p in order.Next()) Update(inputs[p], options.LearningRate);
            norms.Add(WeightNorm);
        }
        return norms;
    }

    /// <summary>"HebbianUnit(2 inputs, w = [...], b = ...)".</summary>
    public override string ToString() => $"HebbianUnit({Describe()})";
}
