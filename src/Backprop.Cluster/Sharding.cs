namespace Backprop.Cluster;

/// <summary>
/// Who does what, as pure functions of the step and the membership, so every worker (and the in-process simulation)
/// computes the same plan without asking: which rows a worker takes in a step, and which parameters it owns.
/// </summary>
public static class Sharding
{
    /// <summary>
    /// The rows of step <paramref name="step"/> (from 0) that worker <paramref name="rank"/> of <paramref name="workers"/>
    /// takes: the step's global batch (rows [s B, min((s + 1) B, rows)) in file order, s the step within its epoch)
    /// split into <paramref name="workers"/> contiguous parts whose sizes differ by at most one.
    /// </summary>
    public static (int Start, int Count) Part(long step, int rows, int batchSize, int workers, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if ((uint)rank >= (uint)workers)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must be in [0, {workers}).");
        }
        int perEpoch = (int)(((long)rows + batchSize - 1) / batchSize);
        long start = step % perEpoch * batchSize;
        long n = Math.Min(batchSize, rows - start);
        long lo = start + n * rank / workers;
        long hi = start + n * (rank + 1) / workers;
        return ((int)lo, (int)(hi - lo));
    }

    /// <summary>Rows in step <paramref name="step"/>'s global batch.</summary>
    public static int BatchRows(long step, int rows, int batchSize)
    {
        int perEpoch = (int)(((long)rows + batchSize - 1) / batchSize);
        long start = step % perEpoch * batchSize;
        return (int)Math.Min(batchSize, rows - start);
    }

    /// <summary>
    /// The parameters worker <paramref name="owner"/> of <paramref name="workers"/> owns (reduces, updates and keeps the
    /// optimizer state of): a contiguous 1/N of the flat buffer.
    /// </summary>
    public static (int Offset, int Length) Slice(int parameterCount, int workers, int owner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if ((uint)owner >= (uint)workers)
        {
            throw new ArgumentOutOfRangeException(nameof(owner), owner, $"Owner must be in [0, {workers}).");
        }
        long lo = (long)parameterCount * owner / workers;
        long hi = (long)parameterCount * (owner + 1) / workers;
        return ((int)lo, (int)(hi - lo));
    }
}
