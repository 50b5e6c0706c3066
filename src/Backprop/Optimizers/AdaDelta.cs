using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// AdaDelta (Zeiler 2012, "ADADELTA: an adaptive learning rate method", Algorithm 1):
/// E[g^2](t) = rho E[g^2](t-1) + (1 - rho) g^2; dx = -sqrt(E[dx^2](t-1) + eps) / sqrt(E[g^2](t) + eps) g;
/// E[dx^2](t) = rho E[dx^2](t-1) + (1 - rho) dx^2; w(t+1) = w(t) + eta dx. The paper has no learning rate
/// (eta = 1, the default); eta here scales the step but not the running mean E[dx^2].
/// State: E[g^2] and E[dx^2].
/// </summary>
public sealed class AdaDelta : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="rho">Decay of both running means, in [0, 1).</param>
    /// <param name="epsilon">Conditions both square roots, finite and positive.</param>
    /// <param name="learningRate">A factor on the step, 1 in the paper.</param>
    public AdaDelta(double rho = 0.95, double epsilon = 1e-6, double learningRate = 1.0) : base(learningRate)
    {
        Rho = Check.Fraction(rho, nameof(rho));
        Epsilon = Check.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>Decay rho of the running means.</summary>
    public double Rho { get; }

    /// <summary>eps in both square roots.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "adadelta";

    /// <inheritdoc />
    protected override int StateVectors => 2;

    /// <inheritdoc />
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t) =>
        UpdateKernels.Run(Rule<T>(), parameters, gradients, state[0], state[1]);

    internal override bool UpdatesByRange => true;

    private protected override void UpdateSpans<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> s0, Span<T> s1, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, s0, s1, mean, share);

    private protected override void UpdateAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, state[0], state[1], mean, share);

    private AdaDeltaRule<T> Rule<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(T.CreateTruncating(LearningRate), T.CreateTruncating(Rho), T.CreateTruncating(Epsilon));

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={NumberText.Exact(LearningRate)}, rho={NumberText.Exact(Rho)}, eps={NumberText.Exact(Epsilon)})";
}
