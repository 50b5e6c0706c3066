using System.Numerics;
using Backprop.Numerics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// The trainer's own passes of one step, by parts: the batch's gather, by rows, on several threads (the network splits
/// its part); and the element-wise passes, weight decay into the gradient, the gradient's share of the epoch's mean and
/// the optimizer's update, over ranges of the parameters (each range all three passes in the one-thread order, so
/// every element gets the one-thread bits): either fixed ranges on the pool (<see cref="Update"/>), or the ranges the
/// network hands to <see cref="Ready"/> during its backward pass, as each becomes final (<see cref="BeginStep"/>).
/// Bound once: no allocation per step.
/// </summary>
internal sealed class SplitPasses<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many parameters (or batch values) a fork and join of the pool costs about what the pass takes.
    private const int MinParameters = 1 << 15;
    // Ranges per thread: a thread the scheduler runs late leaves its second range to the others.
    private const int RangesPerThread = 2;

    private readonly T[] parameters, gradients, mean;
    private readonly Optimizer optimizer;
    private readonly Action<int> range, gatherPart;
    private int ranges;
    private T decay, share;
    private bool decays;
    // The gather under way: rows order[start ..] of data into the batch buffers.
    private Dataset<T>? data;
    private int[] order = [];
    private T[] inputs = [], targets = [];
    private int start, rows;

    public SplitPasses(T[] parameters, T[] gradients, T[] mean, Optimizer optimizer)
    {
        this.parameters = parameters;
        this.gradients = gradients;
        this.mean = mean;
        this.optimizer = optimizer;
        range = Range;
        gatherPart = GatherPart;
        Ready = Passes;
        GatherRows = CopyRows;
    }

    /// <summary>
    /// Whether the element-wise passes of a step of <paramref name="rows"/> rows go into the network's backward pass
    /// (<see cref="BeginStep"/>, then <see cref="Ready"/> as the network's hook): an optimizer with a range form, a
    /// network whose parameters no longer fit the caches (smaller ones gain nothing from it), a batch (not the one-row
    /// path), and on several threads a step the network splits by rows, so that the ranges come from all threads.
    /// </summary>
    public static bool UpdatesInBackward(Network<T> network, Optimizer optimizer, int rows) =>
        rows > 1 && optimizer.UpdatesByRange && network.ParameterCount >= MinParameters
        && (network.Threads == 1 || network.SplitsRows(rows));

    /// <summary>Starts a step whose passes run range by range through <see cref="Ready"/>.</summary>
    public void BeginStep(bool decays, T decay, T share)
    {
        this.decays = decays;
        this.decay = decay;
        this.share = share;
        optimizer.BeginStep<T>(parameters.Length);
    }

    /// <summary>The step's three passes over parameters from .. to (any thread; ranges disjoint).</summary>
    public Action<int, int> Ready { get; }

    /// <summary>Whether a gather of <paramref name="rows"/> rows of <paramref name="width"/> inputs on <paramref name="threads"/> threads splits.</summary>
    public static bool SplitsGather(int threads, int rows, int width) => threads > 1 && (long)rows * width >= MinParameters;

    /// <summary>Copies rows order[start .. start + rows) of <paramref name="data"/> into the batch buffers, by parts of the rows.</summary>
    public void Gather(Dataset<T> data, int[] order, int start, int rows, T[] inputs, T[] targets, int threads)
    {
        BeginGather(data, order, start, rows, inputs, targets);
        ranges = RangesPerThread * Math.Min(threads, GemmPool.MaxParts);
        GemmPool.RunParts(ranges, gatherPart);
        EndGather();
    }

    /// <summary>
    /// Names the rows order[start .. start + rows) of <paramref name="data"/> for the batch buffers, copied later by
    /// <see cref="GatherRows"/> (the network's forward parts: each copies its own rows, on the thread that multiplies
    /// them, and the step forks once less), until <see cref="EndGather"/>.
    /// </summary>
    public void BeginGather(Dataset<T> data, int[] order, int start, int rows, T[] inputs, T[] targets)
    {
        this.data = data;
        this.order = order;
        this.start = start;
        this.rows = rows;
        this.inputs = inputs;
        this.targets = targets;
    }

    /// <summary>The batch named by <see cref="BeginGather"/> is copied: the data set is no longer referenced.</summary>
    public void EndGather() => data = null;

    /// <summary>Copies the named batch's rows i0 .. i1 (any thread; ranges disjoint).</summary>
    public Action<int, int> GatherRows { get; }

    private void GatherPart(int part) =>
        CopyRows((int)((long)rows * part / ranges), (int)((long)rows * (part + 1) / ranges));

    private void CopyRows(int i0, int i1)
    {
        var source = data!;
        int width = source.InputCount, outputs = source.OutputCount;
        Kernels.GatherRows<T>(source.Inputs, width, order.AsSpan(start + i0, i1 - i0), inputs.AsSpan(i0 * width));
        for (int i = i0; i < i1; i++)
        {
            source.CopyTargets(order[start + i], targets.AsSpan(i * outputs, outputs));
        }
    }

    /// <summary>Whether the update of <paramref name="count"/> parameters on <paramref name="threads"/> threads splits.</summary>
    public static bool SplitsUpdate(int threads, Optimizer optimizer, int count) =>
        threads > 1 && count >= MinParameters && optimizer.UpdatesByRange;

    /// <summary>One step: g += decay w (when <paramref name="decays"/>), then mean += share g and the optimizer's update in one pass.</summary>
    public void Update(bool decays, T decay, T share, int threads)
    {
        this.decays = decays;
        this.decay = decay;
        this.share = share;
        ranges = RangesPerThread * Math.Min(threads, GemmPool.MaxParts);
        optimizer.BeginStep<T>(parameters.Length);
        GemmPool.RunParts(ranges, range);
    }

    private void Range(int part) =>
        Passes(GemmPool.RangeStart(parameters.Length, part, ranges), GemmPool.RangeStart(parameters.Length, part + 1, ranges));

    private void Passes(int from, int to)
    {
        int length = to - from;
        var g = gradients.AsSpan(from, length);
        if (decays)
        {
            UpdateKernels.AddScaled<T>(parameters.AsSpan(from, length), decay, g);
        }
        optimizer.UpdateRange<T>(parameters, gradients, from, to, mean, share);
    }
}
