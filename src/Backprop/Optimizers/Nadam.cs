using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Nadam, Adam with Nesterov momentum (Dozat 2016, "Incorporating Nesterov momentum into Adam", Algorithm 2 with a
/// constant momentum mu = b1): m(t) = b1 m(t-1) + (1 - b1) g; n(t) = b2 n(t-1) + (1 - b2) g^2;
/// m^ = b1 m(t) / (1 - b1^(t+1)) + (1 - b1) g / (1 - b1^t); n^ = n(t) / (1 - b2^t);
/// w(t+1) = w(t) - eta m^ / (sqrt(n^) + eps). State: m and n.
/// </summary>
public sealed class Nadam : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    /// <param name="beta1">Momentum mu, decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Keeps the division finite, finite and positive.</param>
    public Nadam(double learningRate = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate)
    {
        Beta1 = Check.Fraction(beta1, nameof(beta1));
        Beta2 = Check.Fraction(beta2, nameof(beta2));
        Epsilon = Check.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>b1 (mu), decay of the mean of g.</summary>
    public double Beta1 { get; }

    /// <summary>b2, decay of the mean of g^2.</summary>
    public double Beta2 { get; }

    /// <summary>eps in the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "nadam";

    /// <inheritdoc />
    protected override int StateVectors => 2;

    /// <inheritdoc />
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t)
    {
        // eta m^ = cm m(t) + cg g, n^ = cv n(t): the corrections become three per-step scalars.
        double cm = LearningRate * Beta1 / (1 - Math.Pow(Beta1, t + 1));
        double cg = LearningRate * (1 - Beta1) / (1 - Math.Pow(Beta1, t));
        double cv = 1 / (1 - Math.Pow(Beta2, t));
        UpdateKernels.Adam(parameters, gradients, (T[])state[0], (T[])state[1], T.CreateTruncating(Beta1), T.CreateTruncating(Beta2),
            T.CreateTruncating(cm), T.CreateTruncating(cg), T.CreateTruncating(cv), T.CreateTruncating(Epsilon));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={LearningRate:R}, beta1={Beta1:R}, beta2={Beta2:R}, eps={Epsilon:R})";
}
