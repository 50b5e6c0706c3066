using System.Numerics;
using System.Runtime.InteropServices;
using Akka.Actor;
using Backprop.Cluster.Transport;

namespace Backprop.Cluster;

/// <summary>Where a node listens and how the others reach it.</summary>
/// <param name="Host">Interface to listen on (e.g. 0.0.0.0 or 127.0.0.1).</param>
/// <param name="Port">Port; 0 picks a free one (workers).</param>
/// <param name="PublicHost">Name or address the other nodes use for this one; null: <paramref name="Host"/>.</param>
public sealed record Endpoint(string Host, int Port, string? PublicHost = null)
{
    /// <summary>Parses <c>HOST:PORT</c>.</summary>
    /// <exception cref="FormatException">No colon, or the port is not a number in [0, 65535].</exception>
    public static Endpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 0 or > 65535)
        {
            throw new FormatException($"'{text}' is not HOST:PORT (a port from 0 to 65535).");
        }
        return new Endpoint(text[..colon], port);
    }

    /// <summary>HOST:PORT as others reach it.</summary>
    public override string ToString() => $"{PublicHost ?? Host}:{Port}";
}

/// <summary>What a cluster run produced and what it took.</summary>
/// <param name="Parameters">The trained parameters.</param>
/// <param name="Steps">Steps completed (all of the run's).</param>
/// <param name="Restarts">Times the run stopped for a lost worker and went on (from the last common step or the last checkpoint).</param>
/// <param name="MostWorkers">The largest number of workers at once.</param>
/// <param name="Views">The memberships in force, from step 0 (give these to <see cref="ClusterSimulation"/> to reproduce the run).</param>
/// <param name="Events">What happened, in order: registrations, checkpoints, losses, restarts.</param>
/// <param name="Timings">Each completed segment's time, per worker on average.</param>
public sealed record ClusterRunResult<T>(T[] Parameters, long Steps, int Restarts, int MostWorkers, IReadOnlyList<ViewRecord> Views,
    IReadOnlyList<string> Events, IReadOnlyList<SegmentTiming> Timings);

/// <summary>
/// One segment's time: <paramref name="Steps"/> steps from step <paramref name="From"/> on <paramref name="Workers"/>
/// workers; per worker on average, the wall time and the part of it spent computing (gradients, reduction, update,
/// copies); the rest, <see cref="ExchangeSeconds"/>, went to sending, receiving and waiting for the others.
/// </summary>
public sealed record SegmentTiming(long From, long Steps, int Workers, double ComputeSeconds, double WallSeconds)
{
    /// <summary>Wall time not spent computing.</summary>
    public double ExchangeSeconds => WallSeconds - ComputeSeconds;
}

/// <summary>Thrown when a cluster run cannot finish: not enough workers came, or every worker was lost.</summary>
public sealed class ClusterException(string message) : Exception(message);

/// <summary>The coordinator's side: listens, waits for the workers, runs the job, returns the trained parameters.</summary>
public static class ClusterCoordinator
{
    /// <summary>
    /// Runs <paramref name="job"/> from <paramref name="initial"/> parameters once <paramref name="workers"/> workers have
    /// registered (waiting at most <paramref name="wait"/>); workers that register later are admitted at the next checkpoint.
    /// </summary>
    /// <exception cref="ClusterException">Too few workers came in time, or every worker was lost.</exception>
    public static async Task<ClusterRunResult<T>> RunAsync<T>(ClusterJob job, T[] initial, int workers, Endpoint listen, TimeSpan wait,
        Action<string> log, CancellationToken cancellation = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        job.Options.Validate();
        if (initial.Length != job.Spec.ParameterCount)
        {
            throw new ArgumentException($"{initial.Length} initial parameters for a network of {job.Spec.ParameterCount}.", nameof(initial));
        }
        string seedHost = listen.PublicHost ?? listen.Host;
        var config = ClusterConfig.Create(listen.Host, listen.Port, listen.PublicHost, seedHost, listen.Port, "coordinator", DownAfter);
        using var system = ActorSystem.Create(ClusterConfig.SystemName, config);
        try
        {
            var outcome = new TaskCompletionSource<CoordinatorOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            byte[] bytes = MemoryMarshal.AsBytes(initial.AsSpan()).ToArray();
            int elementBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            system.ActorOf(Props.Create(() => new CoordinatorActor(job, bytes, elementBytes, workers, log, outcome)), "coordinator");
            using var registration = cancellation.Register(() => outcome.TrySetCanceled(cancellation));
            var started = Task.Delay(wait, cancellation);
            var first = await Task.WhenAny(outcome.Task, WaitForWorkers(system, workers, wait, cancellation)).ConfigureAwait(false);
            if (first != outcome.Task && !await ((Task<bool>)first).ConfigureAwait(false))
            {
                throw new ClusterException($"fewer than {workers} workers joined {listen} within {wait.TotalSeconds:0} s");
            }
            var result = await outcome.Task.ConfigureAwait(false);
            if (result.Failure is not null)
            {
                throw new ClusterException(result.Failure);
            }
            // Let the Finish messages leave before the node goes away.
            await Task.Delay(500, CancellationToken.None).ConfigureAwait(false);
            return new ClusterRunResult<T>(MemoryMarshal.Cast<byte, T>(result.Parameters).ToArray(), result.Steps, result.Restarts,
                result.MostWorkers, result.Views, result.Events, result.Timings);
        }
        finally
        {
            // The run is over (or failed): no graceful leave, the workers have been told or are gone.
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>How long a node may be unreachable before the cluster downs it (and its slice is given up).</summary>
    public static TimeSpan DownAfter { get; } = TimeSpan.FromSeconds(2);

    // True once enough worker nodes are up; false when the wait ran out.
    private static async Task<bool> WaitForWorkers(ActorSystem system, int workers, TimeSpan wait, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            if (cluster.State.Members.Count(m => m.HasRole("worker") && m.Status == Akka.Cluster.MemberStatus.Up) >= workers)
            {
                return true;
            }
            await Task.Delay(200, cancellation).ConfigureAwait(false);
        }
        return false;
    }
}

/// <summary>The worker's side: joins the coordinator's cluster and takes part in its run until it ends.</summary>
public static class ClusterWorker
{
    /// <summary>
    /// Joins the coordinator at <paramref name="join"/>, listening on <paramref name="listen"/>; returns 0 when the run
    /// finished, 1 when it failed or the coordinator left.
    /// </summary>
    public static async Task<int> RunAsync(Endpoint join, Endpoint listen, Action<string> log, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(join);
        ArgumentNullException.ThrowIfNull(listen);
        var config = ClusterConfig.Create(listen.Host, listen.Port, listen.PublicHost, join.PublicHost ?? join.Host, join.Port, "worker",
            ClusterCoordinator.DownAfter);
        using var system = ActorSystem.Create(ClusterConfig.SystemName, config);
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        string coordinator = $"akka.tcp://{ClusterConfig.SystemName}@{join.PublicHost ?? join.Host}:{join.Port}/user/coordinator";
        system.ActorOf(Props.Create(() => new WorkerActor(coordinator, exit, log)), "worker");
        using var registration = cancellation.Register(() => exit.TrySetResult(1));
        int code = await exit.Task.ConfigureAwait(false);
        await system.Terminate().ConfigureAwait(false);
        return code;
    }
}
