using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Backprop.Bench;

/// <summary>One figure: the median and range of the timed repetitions of one workload in one setting.</summary>
/// <param name="Workload">What ran, e.g. <c>w2-train</c>.</param>
/// <param name="Setting">How it ran, e.g. <c>threads=1,batch=64</c>.</param>
/// <param name="Unit">The figure's unit, e.g. <c>samples/s</c>.</param>
/// <param name="Values">One value per timed repetition.</param>
/// <param name="Note">Anything the figure needs beside it (convergence, accuracy).</param>
internal sealed record Figure(string Workload, string Setting, string Unit, double[] Values, string Note = "")
{
    public double Median
    {
        get
        {
            var sorted = Values.Order().ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    public double Min => Values.Min();

    public double Max => Values.Max();

    /// <summary>The JSON key: workload, setting and unit.</summary>
    public string Key => $"{Workload}|{Setting}|{Unit}";

    public string Row() =>
        $"| {Workload} | {Setting} | {Format(Median)} ({Format(Min)}-{Format(Max)}) | {Unit} | {Note} |";

    public static string Format(double v) =>
        Math.Abs(v) >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);
}

/// <summary>Timing: warm-up runs untimed, then timed repetitions, wall clock.</summary>
internal static class Measure
{
    /// <summary>Runs <paramref name="run"/> <paramref name="warmup"/> times untimed, then <paramref name="reps"/> times timed; seconds per rep.</summary>
    public static double[] Seconds(Action run, int reps, int warmup = 1)
    {
        for (int i = 0; i < warmup; i++)
        {
            run();
        }
        var seconds = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return seconds;
    }

    /// <summary>
    /// Runs <paramref name="run"/> untimed for a second and then until tiered compilation has settled: no method
    /// compiled during the last 0.25 s (at most 10 s in all). Tiering promotes the step's methods from a background
    /// thread; with the other core busy it had not done so after a second, and W1 measured its tier-0 code (460-850 ns
    /// an update against 150-240).
    /// </summary>
    public static void WarmUp(Action run)
    {
        long start = Stopwatch.GetTimestamp(), quietSince = start;
        long compiled = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 10)
        {
            run();
            long now = Stopwatch.GetTimestamp(), count = JitInfo.GetCompiledMethodCount();
            if (count != compiled)
            {
                compiled = count;
                quietSince = now;
            }
            if (Stopwatch.GetElapsedTime(start, now).TotalSeconds >= 1 && Stopwatch.GetElapsedTime(quietSince, now).TotalSeconds >= 0.25)
            {
                return;
            }
        }
    }

    /// <summary>Work per second for each timed rep.</summary>
    public static double[] Rates(double work, double[] seconds) => [.. seconds.Select(s => work / s)];
}
