namespace Backprop.Rules;

/// <summary>
/// What the classic single-unit rules share: weights w and a bias b (the weight of an input fixed at 1) and the net
/// input z = w . x + b. Each rule (perceptron, Hebb, ADALINE, generalized delta) adds its own output and update.
/// </summary>
public abstract class LinearUnit
{
    private readonly double[] _w;

    /// <summary>A unit with all weights and the bias at zero.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    protected LinearUnit(int inputs)
    {
        RuleMath.CheckInputCount(inputs);
        _w = new double[inputs];
    }

    /// <summary>A unit with the given initial weights and bias (copied).</summary>
    protected LinearUnit(IReadOnlyList<double> weights, double bias)
    {
        _w = RuleMath.CopyWeights(weights, bias);
        Bias = bias;
    }

    /// <summary>Number of inputs.</summary>
    public int Inputs => _w.Length;

    /// <summary>The weights w (live view).</summary>
    public IReadOnlyList<double> Weights => _w;

    /// <summary>The bias b (the weight of the constant input 1; a threshold unit's threshold is -b).</summary>
    public double Bias { get; private set; }

    /// <summary>The net input z = w . x + b.</summary>
    public double NetInput(ReadOnlySpan<double> x)
    {
        RuleMath.CheckInput(x, Inputs);
        return RuleMath.NetInput(_w, Bias, x);
    }

    /// <summary>The Euclidean norm of [w, b].</summary>
    protected double Norm => RuleMath.Norm(_w, Bias);

    /// <summary>w_i = w_i + step x_i and b = b + step: every rule's update has this form, with its own step.</summary>
    protected void Adjust(double step, ReadOnlySpan<double> x)
    {
        RuleMath.AddScaled(_w, step, x);
        Bias += step;
    }

    /// <summary>
    /// Online training on real targets (ADALINE, the generalized delta rule): each epoch presents every pattern once to
    /// <paramref name="update"/>, then records mean((d - output(x))^2) over the set.
    /// </summary>
    private protected IReadOnlyList<double> TrainOnline(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets,
        RuleOptions options, Func<double[], double, double, double> update, Func<double[], double> output)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleMath.CheckTargets(targets);
        RuleMath.CheckData(inputs, targets.Count, Inputs);
        var order = new EpochOrder(inputs.Count, options.ShuffleSeed);
        var mse = new List<double>(options.Epochs);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            foreach (int p in order.Next()) update(inputs[p], targets[p], options.LearningRate);
            mse.Add(MeanSquaredError(inputs, targets, output));
        }
        return mse;
    }

    /// <summary>mean((d - output(x))^2) over the set.</summary>
    private protected double MeanSquaredError(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets, Func<double[], double> output)
    {
        RuleMath.CheckTargets(targets);
        RuleMath.CheckData(inputs, targets.Count, Inputs);
        double sum = 0;
        for (int r = 0; r < inputs.Count; r++)
        {
            double e = targets[r] - output(inputs[r]);
            sum += e * e;
        }
        return sum / inputs.Count;
    }

    /// <summary>Weights and bias uniform in [-scale, scale] from <c>new Random(seed)</c>, for the rules' <c>Random</c> factories.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="scale">Finite, and at least 0 (above 0 when <paramref name="positive"/>).</param>
    /// <param name="positive">True for a rule that cannot start from all zeros (Hebb's: y would stay 0).</param>
    protected static (double[] Weights, double Bias) RandomStart(int inputs, int seed, double scale, bool positive = false)
    {
        RuleMath.CheckInputCount(inputs);
        if (!double.IsFinite(scale) || scale < 0 || (positive && scale == 0))
            throw new ArgumentOutOfRangeException(nameof(scale), scale,
                $"The initial weight scale must be finite and {(positive ? "> 0" : ">= 0")}.");
        double[] w = RuleMath.RandomWeights(new Random(seed), inputs + 1, scale);
        return (w[..inputs], w[inputs]);
    }

    /// <summary>"N inputs, w = [...], b = ..." for the rules' <c>ToString</c>.</summary>
    protected string Describe() => $"{Inputs} inputs, w = {RuleMath.Format(_w)}, b = {RuleMath.Format(Bias)}";
}
