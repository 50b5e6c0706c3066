using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Gradient descent with momentum, exactly as the notes (lecture 4, "Adding Momentum"):
/// delta_w(t) = -eta dC/dw + alpha delta_w(t-1); w(t+1) = w(t) + delta_w(t), for weights and biases alike.
/// State: the previous change delta_w, zero before the first step. <see cref="Nesterov"/> is the same with a look-ahead.
/// </summary>
public class Momentum : Optimizer
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
    protected sealed override int StateVectors => 1;

    /// <inheritdoc />
    protected sealed override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t) =>
        UpdateKernels.Run(Rule<T>(), parameters, gradients, state[0], default);

    internal sealed override bool UpdatesByRange => true;

    private protected sealed override void UpdateSpans<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> s0, Span<T> s1, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, s0, s1, mean, share);

    private protected sealed override void UpdateAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share) =>
        UpdateKernels.RunAddingMean(Rule<T>(), parameters, gradients, state[0], default, mean, share);

    private MomentumRule<T> Rule<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(T.CreateTruncating(LearningRate), T.CreateTruncating(Alpha), LooksAhead);

    /// <summary>Whether the step is Nesterov's, w += alpha d - eta g, instead of w += d.</summary>
    private protected virtual bool LooksAhead => false;

    /// <inheritdoc />
    public sealed override string ToString() => $"{Name}(lr={NumberText.Exact(LearningRate)}, alpha={NumberText.Exact(Alpha)})";
}
