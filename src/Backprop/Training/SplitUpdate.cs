using System.Numerics;
using Backprop.Numerics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// The trainer's element-wise passes of one step on several threads: weight decay into the gradient, the gradient's share
/// of the epoch's mean, and the optimizer's update, over fixed ranges of the parameters (each range all three passes in
/// the one-thread order, so every element gets the one-thread bits). Bound once: no allocation per step.
/// </summary>
internal sealed class SplitUpdate<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many parameters a fork and join of the pool costs about what the passes take.
    private const int MinParameters = 1 << 15;
    // Ranges per thread: a thread the scheduler runs late leaves its second range to the others.
    private const int RangesPerThread = 2;

    private readonly T[] parameters, gradients, mean;
    private readonly Optimizer optimizer;
    private readonly Action<int> range;
    private int ranges;
    private T decay, share;
    private bool decays;

    public SplitUpdate(T[] parameters, T[] gradients, T[] mean, Optimizer optimizer)
    {
        this.parameters = parameters;
        this.gradients = gradients;
        this.mean = mean;
        this.optimizer = optimizer;
        range = Range;
    }

    /// <summary>Whether a step of <paramref name="count"/> parameters on <paramref name="threads"/> threads splits.</summary>
    public static bool Applies(int threads, Optimizer optimizer, int count) =>
        threads > 1 && count >= MinParameters && optimizer.UpdatesByRange;

    /// <summary>One step: g += decay w (when <paramref name="decays"/>), mean += share g, then the optimizer's update.</summary>
    public void Step(bool decays, T decay, T share, int threads)
    {
        this.decays = decays;
        this.decay = decay;
        this.share = share;
        ranges = RangesPerThread * Math.Min(threads, GemmPool.MaxParts);
        optimizer.BeginStep<T>(parameters.Length);
        GemmPool.RunParts(ranges, range);
    }

    private void Range(int part)
    {
        int from = GemmPool.RangeStart(parameters.Length, part, ranges), to = GemmPool.RangeStart(parameters.Length, part + 1, ranges);
        int length = to - from;
        var g = gradients.AsSpan(from, length);
        if (decays)
        {
            UpdateKernels.AddScaled<T>(parameters.AsSpan(from, length), decay, g);
        }
        UpdateKernels.AddScaled<T>(g, share, mean.AsSpan(from, length));
        optimizer.UpdateRange<T>(parameters, gradients, from, to);
    }
}
