using Akka.Actor;

namespace Backprop.Cluster.Transport;

/// <summary>Every message of the protocol; all go through <see cref="MessageSerializer"/>.</summary>
internal interface IClusterMessage;

/// <summary>Worker to coordinator, once the worker's node is up: count me in.</summary>
internal sealed record Register : IClusterMessage;

/// <summary>Coordinator to a worker, once: the job as <see cref="ClusterJob.ToText"/>.</summary>
internal sealed record Job(string Text) : IClusterMessage;

/// <summary>What a <see cref="Chunk"/> carries.</summary>
internal enum ChunkKind : byte
{
    /// <summary>Worker to owner: a piece of the sender's contribution (gradient, or parameters in local SGD) to the owner's slice; Offset within the slice.</summary>
    Contribution,

    /// <summary>Owner to worker: a piece of the owner's updated slice; Offset in the flat buffer.</summary>
    Slice,

    /// <summary>State transfer: a piece of the parameters; Offset in the flat buffer.</summary>
    Parameters,

    /// <summary>State transfer: a piece of optimizer state array <c>Vector</c> (doubles); Offset within the owned slice.</summary>
    OptimizerVector,
}

/// <summary>A piece of a buffer, at most <see cref="ClusterOptions.ChunkBytes"/> of payload.</summary>
internal sealed record Chunk(int View, long Step, ChunkKind Kind, int From, int Vector, int Offset, byte[] Data) : IClusterMessage;

/// <summary>
/// Coordinator to a worker, after the parameters (and the owned slice's optimizer state) as chunks: run steps
/// [From, To) as rank <c>Rank</c> of <c>Members</c>.
/// </summary>
internal sealed record Begin(int View, long From, long To, int Rank, IActorRef[] Members, long OptimizerSteps, int OptimizerVectors) : IClusterMessage;

/// <summary>
/// Worker to coordinator, after its state as chunks: the segment ended at <c>Steps</c> (owned slice and its optimizer
/// state sent), or, with <c>Halted</c>, the worker stopped on request with its full committed parameters sent. The
/// segment's wall time on this worker and the part of it spent computing (the rest went to the exchange).
/// </summary>
internal sealed record Done(int View, long Steps, bool Halted, long OptimizerSteps, int OptimizerVectors, double ComputeSeconds = 0,
    double WallSeconds = 0) : IClusterMessage;

/// <summary>Coordinator to the survivors: stop this view and report where you are.</summary>
internal sealed record Abort(int View) : IClusterMessage;

/// <summary>Coordinator to every worker: the run is over, leave.</summary>
internal sealed record Finish(bool Failed) : IClusterMessage;
