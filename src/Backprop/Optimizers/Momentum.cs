using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Gradient descent with momentum, exactly as the notes (lecture 4, "Adding Momentum"):
/// delta_w(t) = -eta dC/dw + alpha delta_w(t-1); w(t+1) = w(t) + delta_w(t), for weights and biases alike.
/// State: the previous change delta_w, zero before the first step.
/// </summary>
public sealed class Momentum : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    /// <param name="alpha">How much of the previous change carries over, in [0, 1].</param>
    public Momentum(double learningRate, double alpha = 0.9) : base(learningRate)
    {
        Alpha = Check.UnitInterval(alpha, nameof(alpha));
    }

    /// <summary>The momentum parameter alpha.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "momentum";

    /// <inheritdoc />
    protected override int StateVectors => 1;

    /// <inheritdoc />
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t) =>
        UpdateKernels.Momentum(parameters, gradients, (T[])state[0], T.CreateTruncating(LearningRate), T.CreateTruncating(Alpha));

    /// <inheritdoc />
    private protected override bool UpdateAndSum<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t, Span<T> sum, T scale)
    {
        UpdateKernels.MomentumAndSum(parameters, gradients, (T[])state[0], T.CreateTruncating(LearningRate), T.CreateTruncating(Alpha), sum, scale);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(lr={LearningRate:R}, alpha={Alpha:R})";
}
