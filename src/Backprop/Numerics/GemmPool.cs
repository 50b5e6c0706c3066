namespace Backprop.Numerics;

/// <summary>
/// A few persistent background threads for GEMM. One job at a time: a caller that finds the pool busy runs
/// its job alone, which gives the same result because the kernel's output does not depend on the partition.
/// </summary>
internal static class GemmPool
{
    private static readonly object Gate = new();
    private static readonly ManualResetEventSlim Done = new(false);
    private static Worker[]? workers;
    private static Action<int>? body;
    private static int pending;
    private static Exception? failure;

    /// <summary>Parts the pool can run at once (the caller counts as one).</summary>
    public static int MaxParts { get; } = Math.Max(1, Math.Min(Environment.ProcessorCount, 16));

    /// <summary>Takes the pool if it is free; on true the caller must call <see cref="Run"/> then <see cref="Exit"/>.</summary>
    public static bool TryEnter() => Monitor.TryEnter(Gate);

    public static void Exit() => Monitor.Exit(Gate);

    /// <summary>Runs part(0) on the caller and part(1..parts-1) on workers, and waits for all of them.</summary>
    public static void Run(int parts, Action<int> part)
    {
        if (parts == 1)
        {
            part(0);
            return;
        }
        var pool = workers ??= StartWorkers();
        body = part;
        failure = null;
        pending = parts - 1;
        Done.Reset();
        for (int w = 0; w < parts - 1; w++)
            pool[w].Go.Release();
        try
        {
            part(0);
        }
        finally
        {
            Done.Wait();
            body = null;
        }
        if (failure is { } e)
            throw new AggregateException(e);
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
        public readonly SemaphoreSlim Go = new(0, 1);
        private readonly int part;

        public Worker(int part)
        {
            this.part = part;
            new Thread(Loop) { IsBackground = true, Name = $"Gemm worker {part}" }.Start();
        }

        private void Loop()
        {
            while (true)
            {
                Go.Wait();
                try
                {
                    body!(part);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                if (Interlocked.Decrement(ref pending) == 0)
                    Done.Set();
            }
        }
    }
}
