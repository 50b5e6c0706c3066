using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// RMSprop (Hinton, Coursera lecture 6e, 2012), as in Ruder's overview the notes point to:
/// E[g^2](t) = rho E[g^2](t-1) + (1 - rho) g^2; w(t+1) = w(t) - eta g / sqrt(E[g^2](t) + eps), element-wise.
/// State: the running mean of squared gradients.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    /// <param name="rho">Decay of the running mean, in [0, 1).</param>
    /// <param name="epsilon">Keeps the division finite, finite and positive.</param>
    public RmsProp(double learningRate = 0.001, double rho = 0.9, double epsilon = 1e-8) : base(learningRate)
    {
        Rho = Check.Fraction(rho, nameof(rho));
        Epsilon = Check.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>Decay rho of the running mean of g^2.</summary>
    public double Rho { get; }

    /// <summary>eps in the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <inheritdoc />
    protected override int StateVectors => 1;

    /// <inheritdoc />
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t) =>
        UpdateKernels.Run(Rule<T>(), parameters, gradients, state[0], default);

    internal override bool UpdatesByRange => true;

    private protected override void UpdateSpans<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> s0, Span<T> s1, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, s0, s1, mean, share);

    private protected override void UpdateAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, state[0], default, mean, share);

    private ScaledRule<T> Rule<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(T.CreateTruncating(LearningRate), T.CreateTruncating(Rho), T.One - T.CreateTruncating(Rho), T.CreateTruncating(Epsilon));

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={NumberText.Exact(LearningRate)}, rho={NumberText.Exact(Rho)}, eps={NumberText.Exact(Epsilon)})";
}
