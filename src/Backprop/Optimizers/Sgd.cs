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
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t) =>
        UpdateKernels.Sgd(parameters, gradients, T.CreateTruncating(LearningRate));

    /// <inheritdoc />
    private protected override bool UpdateAndSum<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t, Span<T> sum, T scale)
    {
        UpdateKernels.SgdAndSum(parameters, gradients, T.CreateTruncating(LearningRate), sum, scale);
        return true;
    }
}
