namespace Backprop.Rules;

/// <summary>
/// A differentiable activation y = f(z) with its derivative f'(z), for <see cref="GeneralizedDeltaUnit"/>.
/// Kept here (rather than using the MLP engine's activations) so the classic rules stand alone.
/// </summary>
public sealed class UnitActivation
{
    private readonly Func<double, double> _f;
    private readonly Func<double, double> _derivative;

    private UnitActivation(string name, Func<double, double> f, Func<double, double> derivative)
    {
        Name = name;
        _f = f;
        _derivative = derivative;
    }

    /// <summary>Logistic sigmoid f(z) = 1 / (1 + exp(-z)), f'(z) = f(z) (1 - f(z)).</summary>
    public static UnitActivation Sigmoid { get; } = new("Sigmoid",
        z => 1.0 / (1.0 + Math.Exp(-z)),
        z => { double y = 1.0 / (1.0 + Math.Exp(-z)); return y * (1 - y); });

    /// <summary>f(z) = tanh(z), f'(z) = 1 - tanh(z)^2.</summary>
    public static UnitActivation Tanh { get; } = new("Tanh",
        Math.Tanh,
        z => { double y = Math.Tanh(z); return 1 - y * y; });

    /// <summary>f(z) = z, f'(z) = 1: the generalized delta rule then is the ADALINE rule.</summary>
    public static UnitActivation Identity { get; } = new("Identity", z => z, _ => 1.0);

    /// <summary>The activation's name.</summary>
    public string Name { get; }

    /// <summary>f(z).</summary>
    public double Value(double z) => _f(z);

    /// <summary>f'(z).</summary>
    public double Derivative(double z) => _derivative(z);

    /// <summary>The name, e.g. "Sigmoid".</summary>
    public override string ToString() => Name;
}
