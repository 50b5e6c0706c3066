using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan and Singer 2011), as in Ruder's overview the notes point to
/// (ruder.io/optimizing-gradient-descent): G(t) = G(t-1) + g^2; w(t+1) = w(t) - eta g / sqrt(G(t) + eps),
/// element-wise. State: the sum of squared gradients G.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    /// <param name="epsilon">Keeps the division finite, finite and positive.</param>
    public Adagrad(double learningRate = 0.01, double epsilon = 1e-8) : base(learningRate)
    {
        Epsilon = Check.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>eps in the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override string Name => "adagrad";

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
        new(T.CreateTruncating(LearningRate), T.One, T.One, T.CreateTruncating(Epsilon));

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={NumberText.Exact(LearningRate)}, eps={NumberText.Exact(Epsilon)})";
}
