using System.Diagnostics;
using System.Runtime.InteropServices;
using Akka.Actor;
using Backprop.Optimizers;

namespace Backprop.Cluster.Transport;

/// <summary>
/// A worker: holds a <see cref="Replica{T}"/> and its rows, and runs the steps the coordinator's <see cref="Begin"/>
/// asks for, exchanging contributions and slices directly with the other workers. Message handlers only record what
/// arrived and call <see cref="Pump"/>, which advances as far as the arrived messages allow.
/// </summary>
internal sealed class WorkerActor : UntypedActor
{
    private enum Phase
    {
        Compute,
        Reduce,
        Gather,
    }

    private readonly string coordinatorPath;
    private readonly TaskCompletionSource<int> exit;
    private readonly Action<string> log;
    private readonly List<Chunk> early = [];
    private ICancelable? registering;
    private IActorRef? coordinator;
    private ClusterJob? job;
    private IReplica? replica;
    private RowFile? rows;
    private IActorRef[] members = [];
    private int view = -1;
    private int rank;
    private long step;
    private long to;
    private bool running;
    private Phase phase;
    private long contributions;
    private long nextContributions;
    private long slices;
    private byte[] stateParameters = [];
    private long computeTicks;
    private long segmentStart;
    private readonly List<Chunk> stateChunks = [];

    public WorkerActor(string coordinatorPath, TaskCompletionSource<int> exit, Action<string> log)
    {
        this.coordinatorPath = coordinatorPath;
        this.exit = exit;
        this.log = log;
    }

    protected override void PreStart()
    {
        var self = Self;
        var system = Context.System;
        var log = this.log;
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() =>
        {
            log($"Up in the cluster as {Akka.Cluster.Cluster.Get(system).SelfAddress}; registering with the coordinator.");
            registering = system.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.Zero, TimeSpan.FromSeconds(2), self, new Register(), self);
        });
    }

    protected override void PostStop()
    {
        registering?.Cancel();
        rows?.Dispose();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Register:
                Context.ActorSelection(coordinatorPath).Tell(new Register(), Self);
                break;
            case Job j:
                OnJob(j);
                break;
            case Chunk c:
                OnChunk(c);
                break;
            case Begin b:
                OnBegin(b);
                break;
            case Abort a when a.View == view:
                running = false;
                Chunks.Send(coordinator!, Self, replica!.CommittedBytes, replica.ElementBytes, job!.Options.ChunkBytes, view, 0, ChunkKind.Parameters, rank, 0, 0);
                coordinator!.Tell(new Done(view, replica.CommittedSteps, true, 0, 0));
                break;
            case Finish f:
                log(f.Failed ? "The coordinator ended the run with an error." : "The run is finished.");
                Leave(f.Failed ? 1 : 0);
                break;
            case Terminated t when t.ActorRef.Equals(coordinator):
                log("The coordinator left before the run finished.");
                Leave(1);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnJob(Job j)
    {
        if (job is not null)
        {
            return;
        }
        registering?.Cancel();
        coordinator = Sender;
        Context.Watch(coordinator);
        try
        {
            job = ClusterJob.Parse(j.Text);
            rows = RowFile.Open(job.DataPath);
            replica = job.CreateReplica();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or ArgumentException)
        {
            log($"Cannot take part in the run: {e.Message}");
            Leave(1);
            return;
        }
        log($"Joined the run: {job.Spec} ({replica.ParameterCount} parameters, {job.Precision}), {job.Rows} rows in {job.DataPath}.");
    }

    private void OnChunk(Chunk c)
    {
        switch (c.Kind)
        {
            case ChunkKind.Parameters:
                if (stateParameters.Length != replica!.ParameterCount * replica.ElementBytes)
                {
                    stateParameters = new byte[replica.ParameterCount * replica.ElementBytes];
                }
                c.Data.CopyTo(stateParameters, c.Offset * replica.ElementBytes);
                return;
            case ChunkKind.OptimizerVector:
                stateChunks.Add(c);
                return;
        }
        if (c.View > view)
        {
            early.Add(c);
            return;
        }
        if (c.View < view || !running)
        {
            return;
        }
        int elements = c.Data.Length / replica!.ElementBytes;
        if (c.Kind == ChunkKind.Contribution)
        {
            replica.ReceiveBytes(c.From, c.Offset, c.Data);
            if (c.Step == step)
            {
                contributions += elements;
            }
            else
            {
                nextContributions += elements;
            }
        }
        else
        {
            replica.ReceiveSliceBytes(c.Offset, c.Data);
            slices += elements;
        }
        Pump();
    }

    private void OnBegin(Begin b)
    {
        view = b.View;
        members = b.Members;
        rank = b.Rank;
        to = b.To;
        replica!.Configure(members.Length, rank, rows!);
        OptimizerState? state = null;
        if (b.OptimizerSteps > 0 || b.OptimizerVectors > 0)
        {
            var vectors = new double[b.OptimizerVectors][];
            for (int v = 0; v < vectors.Length; v++)
            {
                vectors[v] = new double[replica.Owned.Length];
            }
            foreach (var c in stateChunks)
            {
                c.Data.CopyTo(MemoryMarshal.AsBytes(vectors[c.Vector].AsSpan(c.Offset)));
            }
            state = new OptimizerState(job!.Options.Optimizer, b.OptimizerSteps, vectors);
        }
        replica.StartBytes(stateParameters, state, b.From);
        stateChunks.Clear();
        step = b.From;
        running = true;
        phase = Phase.Compute;
        contributions = nextContributions = slices = 0;
        computeTicks = 0;
        segmentStart = Stopwatch.GetTimestamp();
        var replay = early.Where(c => c.View == view).ToList();
        early.RemoveAll(c => c.View <= view);
        foreach (var c in replay)
        {
            OnChunk(c);
        }
        Pump();
    }

    // Advances through the steps as far as the messages received so far allow.
    private void Pump()
    {
        var r = replica!;
        int elementBytes = r.ElementBytes;
        int chunk = job!.Options.ChunkBytes;
        while (running)
        {
            if (phase == Phase.Compute)
            {
                if (step == to)
                {
                    SegmentDone();
                    return;
                }
                long started = Stopwatch.GetTimestamp();
                bool exchange = r.Compute(step);
                computeTicks += Stopwatch.GetTimestamp() - started;
                if (!exchange)
                {
                    step++;
                    continue;
                }
                for (int i = 1; i <= members.Length; i++)
                {
                    int owner = (rank + i) % members.Length;
                    var (offset, length) = Sharding.Slice(r.ParameterCount, members.Length, owner);
                    var data = r.ContributionBytes(offset, length);
                    if (owner == rank)
                    {
                        r.ReceiveBytes(rank, 0, data);
                        contributions += length;
                    }
                    else
                    {
                        Chunks.Send(members[owner], Self, data, elementBytes, chunk, view, step, ChunkKind.Contribution, rank, 0, 0);
                    }
                }
                phase = Phase.Reduce;
            }
            if (phase == Phase.Reduce)
            {
                if (contributions < (long)members.Length * r.Owned.Length)
                {
                    return;
                }
                long reducing = Stopwatch.GetTimestamp();
                var slice = r.ReduceOwnedBytes(step);
                computeTicks += Stopwatch.GetTimestamp() - reducing;
                for (int w = 0; w < members.Length; w++)
                {
                    if (w != rank)
                    {
                        Chunks.Send(members[w], Self, slice, elementBytes, chunk, view, step, ChunkKind.Slice, rank, 0, r.Owned.Offset);
                    }
                }
                slices += r.Owned.Length;
                phase = Phase.Gather;
            }
            if (slices < r.ParameterCount)
            {
                return;
            }
            long committing = Stopwatch.GetTimestamp();
            r.Commit(step);
            computeTicks += Stopwatch.GetTimestamp() - committing;
            slices = 0;
            contributions = nextContributions;
            nextContributions = 0;
            step++;
            phase = Phase.Compute;
        }
    }

    // The segment's last step is committed: hand the owned slice and its optimizer state to the coordinator.
    private void SegmentDone()
    {
        running = false;
        double wall = Stopwatch.GetElapsedTime(segmentStart).TotalSeconds;
        double compute = (double)computeTicks / Stopwatch.Frequency;
        var r = replica!;
        var (offset, length) = r.Owned;
        int chunk = job!.Options.ChunkBytes;
        Chunks.Send(coordinator!, Self, r.CommittedBytes.Slice(offset * r.ElementBytes, length * r.ElementBytes), r.ElementBytes, chunk,
            view, step, ChunkKind.Parameters, rank, 0, offset);
        var state = r.ExportOwnedState();
        for (int v = 0; v < state.Vectors.Count; v++)
        {
            Chunks.Send(coordinator!, Self, MemoryMarshal.AsBytes(state.Vectors[v].AsSpan()), sizeof(double), chunk, view, step,
                ChunkKind.OptimizerVector, rank, v, 0);
        }
        coordinator!.Tell(new Done(view, r.CommittedSteps, false, state.Steps, state.Vectors.Count, compute, wall));
    }

    private void Leave(int code)
    {
        exit.TrySetResult(code);
        Context.Stop(Self);
    }
}
