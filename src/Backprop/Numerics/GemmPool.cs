namespace Backprop.Numerics;

/// <summary>
/// A few persistent background threads for GEMM and split training steps. One job at a time: a caller that finds the
/// pool busy runs its job alone, which gives the same result because the kernels' output does not depend on the
/// partition. A job's parts are fixed; which thread runs a part is not: each part is claimed once, by a worker or by the
/// caller, so a worker the scheduler has not woken yet (a loaded machine) costs no wait, and the result is the same.
/// </summary>
internal static class GemmPool
{
    private static readonly object Gate = new();
    // The caller waits only for parts a worker is running: spin up to the slim event's limit before blocking.
    private static readonly ManualResetEventSlim Done = new(false, spinCount: 2047);
    private static Worker[]? workers;
    private static Action<int>? body;
    // The job's part count (bits 16-31) and its next unclaimed part (bits 0-15) in one word, so a claim checks both in
    // one compare-and-swap: a worker woken late cannot take a part number from one job and run it in the next.
    // 0 between jobs: nothing to claim.
    private static int claims;
    private static int pending;
    private static Exception? failure;
    // Bumped once per job: a spinning worker sees it change; a blocked one is released.
    private static int generation;

    // How long an idle worker keeps polling for the next job before it blocks: longer than the gaps inside and between
    // training steps (the loss, the optimizer's update, the next batch's gather: tens of microseconds), so the step's
    // next phase finds it awake; short enough that an idle pool gives its core back within a fraction of a millisecond.
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 2000;

    /// <summary>Parts the pool can run at once (the caller counts as one).</summary>
    public static int MaxParts { get; } = Math.Max(1, Math.Min(Environment.ProcessorCount, 16));

    // Part counts fit the claim word (15 bits, so the word stays positive).
    private const int MaxCount = 0x7FFF;

    /// <summary>
    /// Runs part(0 .. parts-1) on the pool when it is free, else in turn on the caller (another network's step holds it),
    /// with the same result.
    /// </summary>
    public static void RunParts(int parts, Action<int> part)
    {
        if (TryEnter())
        {
            try
            {
                Run(parts, part);
            }
            finally
            {
                Exit();
            }
        }
        else
        {
            for (int p = 0; p < parts; p++)
                part(p);
        }
    }

    /// <summary>
    /// Where part <paramref name="part"/> of <paramref name="parts"/> starts in <paramref name="length"/> elements of an
    /// element-wise pass: on a multiple of 64 elements (whole cache lines and vectors, so no two threads write one line).
    /// </summary>
    public static int RangeStart(int length, int part, int parts) =>
        part >= parts ? length : (int)((long)length * part / parts) & ~63;

    /// <summary>Takes the pool if it is free; on true the caller must call <see cref="Run"/> then <see cref="Exit"/>.</summary>
    public static bool TryEnter() => Monitor.TryEnter(Gate);

    public static void Exit() => Monitor.Exit(Gate);

    /// <summary>
    /// Runs part(0) on the caller and part(1..count-1) on whichever thread claims each first (workers, or the caller
    /// once its own part is done), and waits for all of them.
    /// </summary>
    public static void Run(int count, Action<int> part)
    {
        if (count == 1)
        {
            part(0);
            return;
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var pool = workers ??= StartWorkers();
        body = part;
        failure = null;
        pending = count - 1;
        Done.Reset();
        Volatile.Write(ref claims, (count << 16) | 1);
        Interlocked.Increment(ref generation);
        for (int w = 0; w < Math.Min(count - 1, pool.Length); w++)
            pool[w].Wake();
        try
        {
            part(0);
            RunClaimed();
        }
        finally
        {
            // Spins briefly, then blocks: only for parts a worker has claimed and is running.
            Done.Wait();
            Volatile.Write(ref claims, 0);
            body = null;
        }
        if (failure is { } e)
            throw new AggregateException(e);
    }

    // Claims and runs parts until none is left.
    private static void RunClaimed()
    {
        while (true)
        {
            int word = Volatile.Read(ref claims), p = word & 0xFFFF;
            if (p >= word >> 16)
                return;
            if (Interlocked.CompareExchange(ref claims, word + 1, word) != word)
                continue;
            try
            {
                body!(p);
            }
            catch (Exception e)
            {
                failure = e;
            }
            if (Interlocked.Decrement(ref pending) == 0)
                Done.Set();
        }
    }

    private static Worker[] StartWorkers()
    {
        var pool = new Worker[MaxParts - 1];
        for (int w = 0; w < pool.Length; w++)
            pool[w] = new Worker(w + 1);
        return pool;
    }

    private sealed class Worker
    {
        // Released only by a caller that found the worker asleep (and cleared the flag), so each release is consumed
        // by exactly one wait.
        private readonly SemaphoreSlim go = new(0);
        private int asleep;

        public Worker(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"Gemm worker {index}" }.Start();

        public void Wake()
        {
            if (Interlocked.Exchange(ref asleep, 0) == 1)
                go.Release();
        }

        // Spin (yielding now and then) while the next job may come soon, then block. A worker woken late finds the
        // job's parts already claimed by the caller and goes back to waiting.
        private void Loop()
        {
            int seen = Volatile.Read(ref generation);
            while (true)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                var spin = new SpinWait();
                while (Volatile.Read(ref generation) == seen)
                {
                    if (System.Diagnostics.Stopwatch.GetTimestamp() - start < SpinTicks)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                        continue;
                    }
                    Interlocked.Exchange(ref asleep, 1);
                    if (Volatile.Read(ref generation) != seen && Interlocked.Exchange(ref asleep, 0) == 1)
                        break;
                    go.Wait();
                    break;
                }
                seen = Volatile.Read(ref generation);
                RunClaimed();
            }
        }
    }
}
