using Akka.Actor;

namespace Backprop.Cluster.Transport;

/// <summary>Cuts a buffer into <see cref="Chunk"/> messages of at most the run's chunk size, on element boundaries.</summary>
internal static class Chunks
{
    /// <summary>
    /// Sends <paramref name="data"/> (elements of <paramref name="elementBytes"/> bytes) to <paramref name="to"/>; each
    /// chunk's Offset is <paramref name="offset"/> plus its first element's index.
    /// </summary>
    public static void Send(IActorRef to, IActorRef sender, ReadOnlySpan<byte> data, int elementBytes, int chunkBytes,
        int view, long step, ChunkKind kind, int from, int vector, int offset)
    {
        int perChunk = Math.Max(1, chunkBytes / elementBytes) * elementBytes;
        for (int start = 0; start < data.Length; start += perChunk)
        {
            int length = Math.Min(perChunk, data.Length - start);
            to.Tell(new Chunk(view, step, kind, from, vector, offset + start / elementBytes, data.Slice(start, length).ToArray()), sender);
        }
    }
}
