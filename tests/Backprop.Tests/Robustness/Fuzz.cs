using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Backprop.Persistence;
using Xunit.Abstractions;

namespace Backprop.Tests.Robustness;

/// <summary>
/// A small mutation fuzzer: runs a reader on thousands of damaged copies of valid inputs and requires each case to end
/// in success or the reader's documented exception, within an allocation budget, with no hang. Case i uses seed
/// <c>BaseSeed + i</c>; a failure names that seed, and <c>BACKPROP_FUZZ_SEED=S BACKPROP_FUZZ_CASES=1</c> replays it.
/// <c>BACKPROP_FUZZ_CASES</c> also runs longer campaigns. A campaign of 1,000 cases or more must also accept at least 1%
/// of its mutated inputs, so that the damage reaches past the first checks.
/// </summary>
public static class Fuzz
{
    /// <summary>The most one case may allocate.</summary>
    public const long AllocationLimit = 100L << 20;

    /// <summary>How long a whole campaign may run before it counts as a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(2);

    /// <summary>The first case's seed: fixed so CI is repeatable, or BACKPROP_FUZZ_SEED.</summary>
    public static int BaseSeed => int.TryParse(Environment.GetEnvironmentVariable("BACKPROP_FUZZ_SEED"), out int seed) ? seed : 20_240_601;

    /// <summary>The number of cases: <paramref name="defaultCount"/>, or BACKPROP_FUZZ_CASES.</summary>
    public static int Cases(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("BACKPROP_FUZZ_CASES"), out int count) && count > 0 ? count : defaultCount;

    /// <summary>
    /// Runs <paramref name="cases"/> cases on one thread (so the allocation counter sees only them); each builds its input
    /// from a <see cref="Random"/> with its seed and runs it through <paramref name="run"/>. Returns how many succeeded.
    /// </summary>
    public static int Run<TExpected>(ITestOutputHelper output, string what, int cases, Action<Random> run) where TExpected : Exception
    {
        int baseSeed = BaseSeed;
        int current = baseSeed;
        int accepted = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        var campaign = Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < cases; i++)
            {
                int seed = baseSeed + i;
                Volatile.Write(ref current, seed);
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    run(new Random(seed));
                    accepted++;
                }
                catch (TExpected)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{what}, case seed {seed}: {e.GetType().Name} instead of success or {typeof(TExpected).Name}: {e}");
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated <= AllocationLimit, $"{what}, case seed {seed}: allocated {allocated:N0} bytes, more than {AllocationLimit:N0}");
            }
        }, TaskCreationOptions.LongRunning);
        try
        {
            if (!campaign.Wait(HangLimit))
                Assert.Fail($"{what}: case seed {Volatile.Read(ref current)} ran past {HangLimit.TotalSeconds} s (a hang?)");
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
        }
        output.WriteLine($"{what}: {cases} cases from seed {baseSeed}: {accepted} accepted, {rejected} rejected with {typeof(TExpected).Name}, {clock.ElapsedMilliseconds} ms");
        // A campaign that rejects everything only exercises the first checks; the damage must also reach the code behind them.
        if (cases >= 1000)
            Assert.True(accepted * 100 >= cases, $"{what}: only {accepted} of {cases} mutated inputs were accepted; at least 1% must be");
        return accepted;
    }

    /// <summary>Damages <paramref name="input"/> in one to four random ways: bit flips, truncation, random or extreme bytes, cut or repeated ranges.</summary>
    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        int rounds = 1 + random.Next(4);
        for (int round = 0; round < rounds; round++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0:   // flip a few bits
                    for (int k = 1 + random.Next(8); k > 0 && bytes.Count > 0; k--)
                    {
                        int i = random.Next(bytes.Count);
                        bytes[i] ^= (byte)(1 << random.Next(8));
                    }
                    break;
                case 1:   // truncate
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:   // overwrite with random bytes
                    for (int k = random.Next(1, 16); k > 0 && at < bytes.Count; k--, at++)
                        bytes[at] = (byte)random.Next(256);
                    break;
                case 3:   // an extreme 32-bit number, as a count would be read
                    Overwrite(bytes, at, BitConverter.GetBytes(Pick(random, [int.MaxValue, -1, int.MinValue, 1_000_000_000, 1 << 28, (1 << 28) + 1, 0])));
                    break;
                case 4:   // an extreme 64-bit number: 10^12, the largest, or a NaN / infinite double
                    Overwrite(bytes, at, BitConverter.GetBytes(Pick(random,
                        [1_000_000_000_000L, long.MaxValue, -1L, BitConverter.DoubleToInt64Bits(double.NaN), BitConverter.DoubleToInt64Bits(double.PositiveInfinity)])));
                    break;
                case 5:   // cut a range
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                case 6:   // repeat a range
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 64), bytes.Count - at)));
                    break;
                case 7:   // insert random bytes
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                default:  // replace everything by random bytes
                    bytes.Clear();
                    bytes.AddRange(Enumerable.Range(0, random.Next(0, 256)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>
    /// Rewrites the body length (a u64 at offset 12, after an 8-byte magic and a u32 version) and the CRC-32 trailer of a
    /// model or checkpoint file, so that a mutation gets past those checks into the parser.
    /// </summary>
    public static void Reseal(byte[] file)
    {
        if (file.Length < 24)
            return;
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), (ulong)(file.Length - 24));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32.Compute(file.AsSpan(0, file.Length - 4)));
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static void Overwrite(List<byte> bytes, int at, byte[] value)
    {
        for (int i = 0; i < value.Length && at + i < bytes.Count; i++)
            bytes[at + i] = value[i];
    }
}
