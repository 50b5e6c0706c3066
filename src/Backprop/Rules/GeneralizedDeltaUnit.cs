using Backprop.Activations;

namespace Backprop.Rules;

/// <summary>
/// A unit y = f(z), z = w . x + b, with a differentiable activation f, trained by the generalized delta
/// rule: delta = d - y; w_i = w_i + eta delta f'(z) x_i; b = b + eta delta f'(z). It is gradient descent
/// on (d - y)^2 / 2, i.e. backpropagation through a single unit.
/// </summary>
public sealed class GeneralizedDeltaUnit : LinearUnit
{
    /// <summary>Creates a unit with the given activation, initial weights and bias (copied).</summary>
    public GeneralizedDeltaUnit(Activation activation, IReadOnlyList<double> weights, double bias) : base(weights, bias)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (!activation.IsDifferentiable || activation == Activation.Softmax)
        {
            throw new ArgumentException($"The generalized delta rule needs a differentiable element-wise activation, not {activation.Name}.", nameof(activation));
        }
        Activation = activation;
    }

    /// <summary>Creates a unit with weights and bias uniform in [-scale, scale] from <c>new Random(seed)</c>.</summary>
    public static GeneralizedDeltaUnit Random(Activation activation, int inputs, int seed, double scale = 0.5)
    {
        var (w, b) = RandomStart(inputs, seed, scale);
        return new GeneralizedDeltaUnit(activation, w, b);
    }

    /// <summary>The activation f.</summary>
    public Activation Activation { get; }

    /// <summary>The output y = f(z).</summary>
    public double Output(ReadOnlySpan<double> x) => Value(NetInput(x));

    /// <summary>One step: delta = d - f(z); w_i = w_i + eta delta f'(z) x_i; b = b + eta delta f'(z). Returns delta.</summary>
    public double Update(ReadOnlySpan<double> x, double target, double learningRate)
    {
        if (!double.IsFinite(target)) throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be finite.");
        RuleMath.CheckLearningRate(learningRate);
        double z = NetInput(x);
        double y = Value(z);
        double delta = target - y;
        double step = learningRate * delta * Derivative(z, y);
        Adjust(step, x);
        return delta;
    }

    /// <summary>
    /// Online training for exactly <see cref="RuleOptions.Epochs"/> epochs. Returns mean((d - y)^2) over the
    /// set after each epoch.
    /// </summary>
    public IReadOnlyList<double> Train(IReadOnlyList<double[]> inputs, IReadOnlyList<double> targets, RuleOptions options) =>
        TrainOnline(inputs, targets, options, (x, d, eta) => Update(x, d, eta), x => Output(x));

    private double Value(double z)
    {
        double y = 0;
        Activation.Forward<double>(new ReadOnlySpan<double>(in z), new Span<double>(ref y), 1, 1);
        return y;
    }

    /// <summary>f'(z), as the activation's backward pass of dY = 1.</summary>
    private double Derivative(double z, double y)
    {
        double one = 1, derivative = 0;
        Activation.Backward<double>(new ReadOnlySpan<double>(in z), new ReadOnlySpan<double>(in y), new ReadOnlySpan<double>(in one),
            new Span<double>(ref derivative), 1, 1);
        return derivative;
    }

    /// <summary>"GeneralizedDeltaUnit(Sigmoid, 2 inputs, w = [...], b = ...)".</summary>
    public override string ToString() =>
        $"GeneralizedDeltaUnit({Activation}, {Describe()})";
}
