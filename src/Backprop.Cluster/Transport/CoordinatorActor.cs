using System.Runtime.InteropServices;
using Akka.Actor;
using Backprop.Optimizers;

namespace Backprop.Cluster.Transport;

/// <summary>
/// Runs a job over the workers that register: cuts the run into segments (checkpoint to checkpoint), starts each with
/// the current membership and the checkpoint's state, gathers the owned slices into the next checkpoint, admits
/// joining workers at segment boundaries, and when a worker is lost (DeathWatch: the cluster downed its node) stops
/// the survivors and continues from the last step every survivor can vouch for, or from the last checkpoint when
/// the lost worker held optimizer state.
/// </summary>
internal sealed class CoordinatorActor : UntypedActor
{
    private enum Phase
    {
        Waiting,
        Running,
        Halting,
        Over,
    }

    private readonly ClusterJob job;
    private readonly int initialWorkers;
    private readonly Action<string> log;
    private readonly TaskCompletionSource<CoordinatorOutcome> outcome;
    private readonly int parameterCount;
    private readonly int elementBytes;
    private readonly long totalSteps;
    private readonly int segmentSteps;
    private readonly string jobText;
    private readonly List<IActorRef> pending = [];
    private readonly List<IActorRef> members = [];
    private readonly HashSet<IActorRef> jobSent = [];
    private readonly HashSet<IActorRef> awaiting = [];
    private readonly Dictionary<IActorRef, byte[]> haltedParameters = [];
    private readonly Dictionary<IActorRef, long> haltedSteps = [];
    private readonly List<ViewRecord> views = [];
    private readonly List<string> events = [];
    private byte[] checkpoint;
    private OptimizerState? checkpointState;
    private long checkpointStep;
    private byte[] gathered;
    private double[][] gatheredVectors = [];
    private long gatheredOptimizerSteps;
    private double segmentCompute;
    private double segmentWall;
    private readonly List<SegmentTiming> timings = [];
    private Phase phase = Phase.Waiting;
    private int view;
    private long to;
    private int restarts;
    private int mostWorkers;

    public CoordinatorActor(ClusterJob job, byte[] initialParameters, int elementBytes, int initialWorkers, Action<string> log,
        TaskCompletionSource<CoordinatorOutcome> outcome)
    {
        this.job = job;
        this.initialWorkers = initialWorkers;
        this.log = log;
        this.outcome = outcome;
        this.elementBytes = elementBytes;
        parameterCount = initialParameters.Length / elementBytes;
        totalSteps = job.TotalSteps;
        segmentSteps = job.Options.CheckpointSteps(job.Rows);
        jobText = job.ToText();
        checkpoint = initialParameters;
        gathered = new byte[initialParameters.Length];
    }

    protected override void OnReceive(object message)
    {
        if (phase == Phase.Over)
        {
            return;
        }
        switch (message)
        {
            case Register when !pending.Contains(Sender) && !members.Contains(Sender):
                Context.Watch(Sender);
                pending.Add(Sender);
                Event($"worker {Sender.Path.Address} registered");
                if (phase == Phase.Waiting && pending.Count >= initialWorkers)
                {
                    StartSegment();
                }
                break;
            case Chunk c:
                OnChunk(c);
                break;
            case Done d when d.View == view && d.Halted == (phase == Phase.Halting) && awaiting.Remove(Sender):
                if (d.Halted)
                {
                    haltedSteps[Sender] = d.Steps;
                    if (awaiting.Count == 0)
                    {
                        Recover();
                    }
                }
                else
                {
                    gatheredOptimizerSteps = d.OptimizerSteps;
                    segmentCompute += d.ComputeSeconds;
                    segmentWall += d.WallSeconds;
                    if (gatheredVectors.Length != d.OptimizerVectors)
                    {
                        throw new InvalidOperationException($"Workers disagree on the optimizer's state arrays ({gatheredVectors.Length} and {d.OptimizerVectors}).");
                    }
                    if (awaiting.Count == 0)
                    {
                        Checkpoint();
                    }
                }
                break;
            case Terminated t:
                OnLost(t.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnChunk(Chunk c)
    {
        if (c.View != view || !awaiting.Contains(Sender))
        {
            return;
        }
        if (c.Kind == ChunkKind.Parameters && phase == Phase.Halting)
        {
            c.Data.CopyTo(haltedParameters[Sender], c.Offset * elementBytes);
        }
        else if (c.Kind == ChunkKind.Parameters)
        {
            c.Data.CopyTo(gathered, c.Offset * elementBytes);
        }
        else if (c.Kind == ChunkKind.OptimizerVector && phase == Phase.Running)
        {
            if (c.Vector >= gatheredVectors.Length)
            {
                Array.Resize(ref gatheredVectors, c.Vector + 1);
            }
            gatheredVectors[c.Vector] ??= new double[parameterCount];
            int offset = Sharding.Slice(parameterCount, members.Count, members.IndexOf(Sender)).Offset + c.Offset;
            c.Data.CopyTo(MemoryMarshal.AsBytes(gatheredVectors[c.Vector].AsSpan(offset)));
        }
    }

    private void StartSegment()
    {
        members.AddRange(pending);
        pending.Clear();
        int n = members.Count;
        mostWorkers = Math.Max(mostWorkers, n);
        view++;
        long from = checkpointStep;
        to = Math.Min(totalSteps, from + segmentSteps);
        views.RemoveAll(v => v.Step >= from);
        if (views.Count == 0 || views[^1].Workers != n)
        {
            views.Add(new ViewRecord(from, n));
        }
        var refs = members.ToArray();
        int chunk = job.Options.ChunkBytes;
        for (int r = 0; r < n; r++)
        {
            var worker = refs[r];
            if (jobSent.Add(worker))
            {
                worker.Tell(new Job(jobText), Self);
            }
            Chunks.Send(worker, Self, checkpoint, elementBytes, chunk, view, from, ChunkKind.Parameters, -1, 0, 0);
            var (offset, length) = Sharding.Slice(parameterCount, n, r);
            int vectors = checkpointState?.Vectors.Count ?? 0;
            for (int v = 0; v < vectors; v++)
            {
                Chunks.Send(worker, Self, MemoryMarshal.AsBytes(checkpointState!.Vectors[v].AsSpan(offset, length)), sizeof(double), chunk,
                    view, from, ChunkKind.OptimizerVector, -1, v, 0);
            }
            worker.Tell(new Begin(view, from, to, r, refs, checkpointState?.Steps ?? 0, vectors), Self);
        }
        phase = Phase.Running;
        awaiting.Clear();
        awaiting.UnionWith(members);
        gatheredVectors = [];
        segmentCompute = segmentWall = 0;
    }

    private void Checkpoint()
    {
        (checkpoint, gathered) = (gathered, checkpoint);
        checkpointState = gatheredVectors.Length == 0 && gatheredOptimizerSteps == 0
            ? null
            : new OptimizerState(job.Options.Optimizer, gatheredOptimizerSteps, gatheredVectors);
        timings.Add(new SegmentTiming(checkpointStep, to - checkpointStep, members.Count, segmentCompute / members.Count, segmentWall / members.Count));
        checkpointStep = to;
        Event($"checkpoint at step {to} of {totalSteps} ({members.Count} workers)");
        if (to == totalSteps)
        {
            Finish(failed: false);
            outcome.TrySetResult(new CoordinatorOutcome(checkpoint, totalSteps, restarts, mostWorkers, [.. views], [.. events], [.. timings], null));
            return;
        }
        StartSegment();
    }

    private void OnLost(IActorRef worker)
    {
        pending.Remove(worker);
        if (!members.Remove(worker))
        {
            return;
        }
        Event($"worker {worker.Path.Address} lost at view {view} (segment to step {to})");
        if (members.Count == 0)
        {
            Event("no workers left");
            Finish(failed: true);
            outcome.TrySetResult(new CoordinatorOutcome(checkpoint, checkpointStep, restarts, mostWorkers, [.. views], [.. events], [.. timings],
                $"every worker was lost; the last checkpoint is at step {checkpointStep} of {totalSteps}"));
            return;
        }
        if (phase == Phase.Halting)
        {
            awaiting.Remove(worker);
            haltedParameters.Remove(worker);
            if (awaiting.Count == 0)
            {
                Recover();
            }
            return;
        }
        // Stop the survivors; they report their committed step and parameters.
        phase = Phase.Halting;
        awaiting.Clear();
        awaiting.UnionWith(members);
        haltedParameters.Clear();
        haltedSteps.Clear();
        foreach (var survivor in members)
        {
            haltedParameters[survivor] = new byte[checkpoint.Length];
            survivor.Tell(new Abort(view), Self);
        }
    }

    private void Recover()
    {
        restarts++;
        bool stateful = job.Options.Mode == ExchangeMode.Synchronous && job.Options.Optimizer != "sgd";
        if (stateful)
        {
            Event($"restarting from the checkpoint at step {checkpointStep}: the lost worker held a slice of the {job.Options.Optimizer} state");
        }
        else
        {
            IActorRef best = members[0];
            foreach (var survivor in members)
            {
                if (haltedSteps[survivor] > haltedSteps[best])
                {
                    best = survivor;
                }
            }
            checkpoint = haltedParameters[best];
            checkpointStep = haltedSteps[best];
            checkpointState = null;
            Event($"continuing from step {checkpointStep} with {members.Count + pending.Count} workers; the lost worker's rows are re-assigned");
        }
        StartSegment();
    }

    private void Finish(bool failed)
    {
        phase = Phase.Over;
        foreach (var worker in members.Concat(pending))
        {
            worker.Tell(new Finish(failed), Self);
        }
    }

    private void Event(string text)
    {
        events.Add(text);
        log(text);
    }
}

/// <summary>How a coordinator's run ended: the parameters (element bytes) and what it took, or why it failed.</summary>
internal sealed record CoordinatorOutcome(byte[] Parameters, long Steps, int Restarts, int MostWorkers, IReadOnlyList<ViewRecord> Views,
    IReadOnlyList<string> Events, IReadOnlyList<SegmentTiming> Timings, string? Failure);
