using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Plain gradient descent, w(t+1) = w(t) - eta dC/dw (notes, lecture 2: the delta rule / gradient descent step;
/// stochastic or batch depending on how many patterns the gradient was averaged over). No state.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    public Sgd(double learningRate) : base(learningRate)
    {
    }

    /// <inheritdoc />
    public override string Name => "sgd";

    /// <inheritdoc />
    protected override int StateVectors => 0;

    /// <inheritdoc />
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t) =>
        UpdateKernels.Run(Rule<T>(), parameters, gradients, default, default);

    internal override bool UpdatesByRange => true;

    private protected override void UpdateSpans<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> s0, Span<T> s1, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, s0, s1, mean, share);

    private protected override void UpdateAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, default, default, mean, share);

    private SgdRule<T> Rule<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => new(T.CreateTruncating(LearningRate));
}
