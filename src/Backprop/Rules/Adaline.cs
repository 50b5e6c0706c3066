namespace Backprop.Rules;

/// <summary>
/// Widrow's ADALINE (adaptive linear neuron) with the LMS / delta rule: z = w . x + b, delta = d - z,
/// w_i = w_i + eta delta x_i and b = b + eta delta. Learning uses the linear z (it descends
/// Err = (d - z)^2 / 2, whose gradient is -(d - z) x_i); the thresholded output is
/// out = 1 if z &gt;= 0, else 0, as in the notes.
/// </summary>
public sealed class Adaline : LinearUnit
{
    /// <summary>Creates a unit with all weights and the bias at zero.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    public Adaline(int inputs) : base(inputs)
    {
    }

    /// <summary>Creates a unit with the given initial weights and bias (copied).</summary>
    public Adaline(IReadOnlyList<double> weights, double bias) : base(weights, bias)
    {
    }

    /// <summary>Creates a unit with weights and bias uniform in [-scale, scale] from <c>new Random(seed)</c>.</summary>
    public static Adaline Random(int inputs, int seed, double scale = 0.5)
    {
        var (w, b) = RandomStart(inputs, seed, scale);
        return new Adaline(w, b);
    }

    /// <summary>The thresholded output: 1 if z &gt;= 0, else 0.</summary>
    public int Output(ReadOnlySpan<double> x) => NetInput(x) >= 0 ? 1 : 0;

    /// <summary>One delta-rule step: delta = d - z; w_i = w_i + eta delta x_i; b = b + eta delta. Returns delta.</summary>
    public double Update(ReadOnlySpan<double> x, double target, double learningRate)
    {
        if (!double.IsFinite(target)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be finite.");
        RuleMath.CheckLearningRate(learningRate);
        double delta = target - NetInput(x);
        Adjust(learningRate * delta, x);
        return delta;
    }

    /// <summary>
    /// Online LMS training for exactly <see cref="RuleOptions.Epochs"/> epochs. Returns the mean squared
    /// error mean((d - z)^2) over the whole set after each epoch.
    /// </summary>
    public IReadOnlyList<double> Train(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets, RuleOptions options) =>
        TrainOnline(inputs, targets, options, (x, d, eta) => Update(x, d, eta), x => NetInput(x));

    /// <summary>mean((d - z)^2) over the set.</summary>
    public double MeanSquaredError(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets) =>
        MeanSquaredError(inputs, targets, x => NetInput(x));

    /// <summary>"Adaline(2 inputs, w = [...], b = ...)".</summary>
    public override string ToString() => $"Adaline({Describe()})";
}
