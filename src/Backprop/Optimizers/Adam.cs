using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015, "Adam: a method for stochastic optimization", Algorithm 1):
/// m(t) = b1 m(t-1) + (1 - b1) g; v(t) = b2 v(t-1) + (1 - b2) g^2; m^ = m(t) / (1 - b1^t); v^ = v(t) / (1 - b2^t);
/// w(t+1) = w(t) - eta m^ / (sqrt(v^) + eps). State: m and v. <see cref="Nadam"/> is the same with Nesterov momentum.
/// </summary>
public class Adam : Optimizer
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
    protected sealed override int StateVectors => 2;

    /// <inheritdoc />
    protected sealed override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t) =>
        UpdateKernels.Run(Rule<T>(t), parameters, gradients, state[0], state[1]);

    internal sealed override bool UpdatesByRange => true;

    private protected sealed override void UpdateSpans<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> s0, Span<T> s1, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(t), parameters, gradients, s0, s1, mean, share);

    private protected sealed override void UpdateAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(t), parameters, gradients, state[0], state[1], mean, share);

    private AdamRule<T> Rule<T>(long t) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (cm, cg) = Corrections(t);
        double cv = 1 / (1 - Math.Pow(Beta2, t));
        return new(T.CreateTruncating(Beta1), T.CreateTruncating(Beta2), T.CreateTruncating(cm), T.CreateTruncating(cg),
            T.CreateTruncating(cv), T.CreateTruncating(Epsilon));
    }

    /// <summary>
    /// The bias corrections of step <paramref name="t"/> folded into two scalars, eta m^ = cm m + cg g (with v^ = cv v):
    /// for Adam cm = eta / (1 - b1^t), cg = 0.
    /// </summary>
    private protected virtual (double Cm, double Cg) Corrections(long t) => (LearningRate / (1 - Math.Pow(Beta1, t)), 0);

    /// <inheritdoc />
    public sealed override string ToString() => $"{Name}(lr={NumberText.Exact(LearningRate)}, beta1={NumberText.Exact(Beta1)}, beta2={NumberText.Exact(Beta2)}, eps={NumberText.Exact(Epsilon)})";
}
