namespace Backprop.Optimizers;

/// <summary>
/// Nadam, Adam with Nesterov momentum (Dozat 2016, "Incorporating Nesterov momentum into Adam", Algorithm 2 with a
/// constant momentum mu = b1): m(t) = b1 m(t-1) + (1 - b1) g; n(t) = b2 n(t-1) + (1 - b2) g^2;
/// m^ = b1 m(t) / (1 - b1^(t+1)) + (1 - b1) g / (1 - b1^t); n^ = n(t) / (1 - b2^t);
/// w(t+1) = w(t) - eta m^ / (sqrt(n^) + eps). State: m and n.
/// </summary>
public sealed class Nadam : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    /// <param name="beta1">Momentum mu, decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Keeps the division finite, finite and positive.</param>
    public Nadam(double learningRate = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(learningRate, beta1, beta2, epsilon)
    {
    }

    /// <inheritdoc />
    public override string Name => "nadam";

    // eta m^ = cm m(t) + cg g: the Nesterov look-ahead weighs m(t) with the next step's correction.
    private protected override (double Cm, double Cg) Corrections(long t) =>
        (LearningRate * Beta1 / (1 - Math.Pow(Beta1, t + 1)), LearningRate * (1 - Beta1) / (1 - Math.Pow(Beta1, t)));
}
