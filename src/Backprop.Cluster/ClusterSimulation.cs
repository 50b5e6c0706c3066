using System.Numerics;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Cluster;

/// <summary>A membership in force from a step on: <paramref name="Workers"/> workers from <paramref name="Step"/> completed steps.</summary>
public sealed record ViewRecord(long Step, int Workers);

/// <summary>
/// The cluster run done in one process: N replicas of <see cref="Replica{T}"/> exchanging through plain copies instead
/// of messages, in the same order of arithmetic. A cluster run with the same memberships gives exactly these weights.
/// </summary>
public static class ClusterSimulation
{
    /// <summary>
    /// Trains from <paramref name="initial"/> parameters with <paramref name="workers"/> workers throughout, and
    /// returns the final parameters.
    /// </summary>
    public static T[] Run<T>(NetworkSpec spec, ReadOnlySpan<T> initial, Loss loss, ClusterOptions options, IRowSource rows, int workers)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Run(spec, initial, loss, options, rows, [new ViewRecord(0, workers)]);

    /// <summary>
    /// Trains through a sequence of memberships (each from its step until the next one's, the last to the end), as a
    /// cluster run records them in <see cref="ClusterRunResult{T}.Views"/>; at each change the parameters and the
    /// optimizer state are passed on as the coordinator passes them.
    /// </summary>
    /// <exception cref="ArgumentException">The views do not start at step 0 or do not increase.</exception>
    public static T[] Run<T>(NetworkSpec spec, ReadOnlySpan<T> initial, Loss loss, ClusterOptions options, IRowSource rows,
        IReadOnlyList<ViewRecord> views)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(views);
        if (views.Count == 0 || views[0].Step != 0)
        {
            throw new ArgumentException("The first view must start at step 0.", nameof(views));
        }
        long total = options.TotalSteps(rows.Rows);
        T[] parameters = initial.ToArray();
        OptimizerState? state = null;
        for (int v = 0; v < views.Count; v++)
        {
            long from = views[v].Step;
            long to = v + 1 < views.Count ? views[v + 1].Step : total;
            if (to < from || to > total)
            {
                throw new ArgumentException($"View {v} runs from step {from} to {to}, outside [0, {total}] or backwards.", nameof(views));
            }
            int n = views[v].Workers;
            var replicas = new Replica<T>[n];
            for (int r = 0; r < n; r++)
            {
                replicas[r] = new Replica<T>(spec, loss, options, rows.Rows);
                replicas[r].Configure(n, r, rows);
                var (offset, length) = replicas[r].Owned;
                replicas[r].Start(parameters, state is null ? null : OptimizerSlices.Cut(state, offset, length), from);
            }
            for (long step = from; step < to; step++)
            {
                Step(replicas, step);
            }
            replicas[0].Committed.CopyTo(parameters);
            var slices = new OptimizerState[n];
            for (int r = 0; r < n; r++)
            {
                slices[r] = replicas[r].ExportOwnedState();
            }
            state = OptimizerSlices.Join(slices);
        }
        return parameters;
    }

    // One step: local work, then (on an exchange step) reduce-scatter, update, all-gather, commit.
    private static void Step<T>(Replica<T>[] replicas, long step) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool exchange = false;
        foreach (var replica in replicas)
        {
            exchange = replica.Compute(step);
        }
        if (!exchange)
        {
            return;
        }
        foreach (var owner in replicas)
        {
            var (offset, length) = owner.Owned;
            for (int w = 0; w < replicas.Length; w++)
            {
                owner.Receive(w, 0, replicas[w].Contribution(offset, length));
            }
        }
        foreach (var owner in replicas)
        {
            var slice = owner.ReduceOwned(step);
            foreach (var other in replicas)
            {
                if (other != owner)
                {
                    other.ReceiveSlice(owner.Owned.Offset, slice);
                }
            }
        }
        foreach (var replica in replicas)
        {
            replica.Commit(step);
        }
    }
}
