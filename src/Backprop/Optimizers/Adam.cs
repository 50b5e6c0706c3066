using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015, "Adam: a method for stochastic optimization", Algorithm 1):
/// m(t) = b1 m(t-1) + (1 - b1) g; v(t) = b2 v(t-1) + (1 - b2) g^2; m^ = m(t) / (1 - b1^t); v^ = v(t) / (1 - b2^t);
/// w(t+1) = w(t) - eta m^ / (sqrt(v^) + eps). State: m and v.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta (alpha in the paper), finite and positive.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Keeps the division finite, finite and positive.</param>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate)
    {
        Beta1 = Check.Fraction(beta1, nameof(beta1));
        Beta2 = Check.Fraction(beta2, nameof(beta2));
        Epsilon = Check.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>b1, decay of the mean of g.</summary>
    public double Beta1 { get; }

    /// <summary>b2, decay of the mean of g^2.</summary>
    public double Beta2 { get; }

    /// <summary>eps in the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "adam";

    /// <inheritdoc />
    protected override int StateVectors => 2;

    /// <inheritdoc />
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t)
    {
        // Bias corrections folded into two per-step scalars: eta m^ = cm m, v^ = cv v.
        double cm = LearningRate / (1 - Math.Pow(Beta1, t));
        double cv = 1 / (1 - Math.Pow(Beta2, t));
        UpdateKernels.Adam(parameters, gradients, (T[])state[0], (T[])state[1], T.CreateTruncating(Beta1), T.CreateTruncating(Beta2),
            T.CreateTruncating(cm), T.Zero, T.CreateTruncating(cv), T.CreateTruncating(Epsilon));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={LearningRate:R}, beta1={Beta1:R}, beta2={Beta2:R}, eps={Epsilon:R})";
}
