using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary>The pool's claim protocol: each part of each job runs exactly once, whichever thread claims it.</summary>
public class GemmPoolTests
{
    // More parts than threads too: the threads claim parts until none is left.
    [Fact]
    public void EveryPartOfEveryJobRunsExactlyOnce()
    {
        int[] counts = [2, 3, 5, 2, 16, 4];
        var runs = new int[16];
        Action<int> part = p => Interlocked.Increment(ref runs[p]);
        for (int job = 0; job < 1000; job++)
        {
            int count = counts[job % counts.Length];
            Array.Clear(runs);
            Exclusively(() => GemmPool.Run(count, part));
            for (int p = 0; p < runs.Length; p++)
                Assert.Equal(p < count ? 1 : 0, runs[p]);
        }
    }

    // Gaps longer than the workers' spin: they block, and the next job wakes them (or the caller runs every part).
    [Fact]
    public void JobsAfterIdleGapsRunEveryPartOnce()
    {
        var runs = new int[4];
        Action<int> part = p => Interlocked.Increment(ref runs[p]);
        for (int job = 0; job < 20; job++)
        {
            Thread.Sleep(job % 3 == 0 ? 3 : 0);
            Array.Clear(runs);
            Exclusively(() => GemmPool.Run(4, part));
            Assert.Equal([1, 1, 1, 1], runs);
        }
    }

    [Fact]
    public void AFailingPartIsReportedAfterTheOthersFinish()
    {
        var runs = new int[3];
        var e = Assert.Throws<AggregateException>(() => Exclusively(() => GemmPool.Run(3, p =>
        {
            Interlocked.Increment(ref runs[p]);
            if (p == 2)
                throw new InvalidOperationException("part 2");
        })));
        Assert.Equal("part 2", e.InnerException!.Message);
        Assert.Equal([1, 1, 1], runs);
    }

    // The pool runs one job at a time (other tests use it too): wait until it is free.
    private static void Exclusively(Action job)
    {
        while (!GemmPool.TryEnter())
            Thread.Yield();
        try
        {
            job();
        }
        finally
        {
            GemmPool.Exit();
        }
    }
}
