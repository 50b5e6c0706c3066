using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

public class GemmTests
{
    // Awkward sizes around the kernel's tile (14 x 32 floats), vector width, KC (256), MC (168) and NC (2048),
    // on both sides of the direct-loop threshold, and thin C (n < 16: computed as C^T, or by the small kernel); then around the small
    // kernel's tile (8 rows x 2 vectors, the last masked), on both sides of its threshold (64^3) and of its limit
    // on k for a transposed B (16), with the shapes of a 64-64-10 network's training step at batch 32.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 2, 4 }, { 2, 3, 1 }, { 7, 7, 7 }, { 33, 33, 33 }, { 7, 33, 257 }, { 257, 1, 33 },
        { 257, 33, 7 }, { 33, 257, 7 }, { 1, 257, 257 }, { 170, 260, 20 }, { 3, 17, 2100 }, { 64, 300, 33 },
        { 29, 515, 47 }, { 150, 230, 10 },
        { 64, 64, 64 }, { 64, 64, 65 }, { 33, 64, 64 }, { 7, 64, 33 }, { 33, 7, 64 }, { 64, 33, 7 }, { 257, 7, 1 },
        { 1, 257, 64 }, { 257, 1, 64 }, { 7, 257, 33 }, { 2, 257, 257 }, { 32, 64, 10 }, { 64, 32, 10 }, { 32, 10, 64 },
        { 7, 16, 33 }, { 33, 17, 7 }, { 64, 16, 257 },
    };

    // Shapes the small kernel takes (at most 64^3 multiply-adds; with B transposed, k <= 16 and more than one row).
    public static TheoryData<int, int, int> SmallShapes => new()
    {
        { 1, 1, 1 }, { 2, 3, 1 }, { 7, 7, 7 }, { 33, 33, 33 }, { 64, 64, 64 }, { 7, 64, 33 }, { 33, 7, 64 },
        { 64, 33, 7 }, { 257, 7, 1 }, { 257, 1, 64 }, { 7, 257, 33 }, { 32, 64, 10 }, { 64, 32, 10 }, { 32, 10, 64 },
        { 7, 16, 33 }, { 64, 16, 64 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FloatMatchesReference(int m, int k, int n) =>
        ForAllModes<float>(m, k, n, seed: 1, dyadic: false, tolerance: 1e-6);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DoubleMatchesReference(int m, int k, int n) =>
        ForAllModes<double>(m, k, n, seed: 2, dyadic: false, tolerance: 1e-14);

    // Multiples of 1/8 in [-1, 1]: every product and partial sum is exact, so any summation order must
    // give exactly the reference's answer.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void FloatIsExactOnDyadicValues(int m, int k, int n) =>
        ForAllModes<float>(m, k, n, seed: 3, dyadic: true, tolerance: 0);

    // The small kernel's contract: every element is one FMA chain over p from 0 in order, then added to C when
    // accumulating, whichever tile (full, short or masked) holds it.
    [Theory]
    [MemberData(nameof(SmallShapes))]
    public void SmallShapesAreOneFmaChainPerElement(int m, int k, int n)
    {
        // Without a vector width with FMA (no AVX2) these shapes take the direct loop, whose results the reference
        // tests above check, and this contract does not apply.
        if (!GemmBlocked<float>.IsSupported)
        {
            Assert.False(GemmBlocked<double>.IsSupported);
            return;
        }
        FmaChains<float>(m, k, n, seed: 4, (a, b, c, m, k, n, ta, tb, add) => Gemm.Multiply<float>(a, b, c, m, k, n, ta, tb, add));
        FmaChains<double>(m, k, n, seed: 5, (a, b, c, m, k, n, ta, tb, add) => Gemm.Multiply<double>(a, b, c, m, k, n, ta, tb, add));
    }

    // The small kernel at each width the CPU runs natively, called directly (Gemm.Multiply takes the widest).
    [Theory]
    [MemberData(nameof(SmallShapes))]
    public void SmallKernelIsOneFmaChainPerElementAtEachWidth(int m, int k, int n)
    {
        Assert.True(Simd.Can256 || !Simd.Can512);
        if (Simd.Can256)
        {
            FmaChains<float>(m, k, n, seed: 6, (a, b, c, m, k, n, ta, tb, add) => GemmSmall<float, W256<float>, Vector256<float>>.Run(a, b, c, m, k, n, ta, tb, add, 0, m));
            FmaChains<double>(m, k, n, seed: 7, (a, b, c, m, k, n, ta, tb, add) => GemmSmall<double, W256<double>, Vector256<double>>.Run(a, b, c, m, k, n, ta, tb, add, 0, m));
        }
        if (Simd.Can512)
        {
            FmaChains<float>(m, k, n, seed: 6, (a, b, c, m, k, n, ta, tb, add) => GemmSmall<float, W512<float>, Vector512<float>>.Run(a, b, c, m, k, n, ta, tb, add, 0, m));
            FmaChains<double>(m, k, n, seed: 7, (a, b, c, m, k, n, ta, tb, add) => GemmSmall<double, W512<double>, Vector512<double>>.Run(a, b, c, m, k, n, ta, tb, add, 0, m));
        }
    }

    // The blocked kernel at each width the CPU runs natively, called directly on every shape (tiles of 6 x 16 floats
    // at Vector256, 14 x 32 at Vector512), against the reference, and bit-identical on one and two threads.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void BlockedKernelMatchesReferenceAtEachWidth(int m, int k, int n)
    {
        if (Simd.Can256)
        {
            Blocked<float>(m, k, n, 8, 1e-6, GemmBlocked<float, W256<float>, Vector256<float>>.Run);
            Blocked<double>(m, k, n, 9, 1e-14, GemmBlocked<double, W256<double>, Vector256<double>>.Run);
        }
        if (Simd.Can512)
        {
            Blocked<float>(m, k, n, 8, 1e-6, GemmBlocked<float, W512<float>, Vector512<float>>.Run);
            Blocked<double>(m, k, n, 9, 1e-14, GemmBlocked<double, W512<double>, Vector512<double>>.Run);
        }
    }

    // Shapes for the blocked kernel's exact contract: k on both sides of one k block (256), A read in place (not
    // transposed: by rows; transposed: by columns, or packed where a k block of it spans more than 256 KB, as in
    // 700 x 256 x 40), thin C computed as C^T or by the small kernel (W2's 10-class layer at batch 256: 256 x 128 x 10
    // forward, 128 x 256 x 10 dW), edge tiles in both directions.
    public static TheoryData<int, int, int> ChainShapes => new()
    {
        { 256, 128, 10 }, { 128, 256, 10 }, { 150, 230, 10 }, { 400, 64, 12 }, { 37, 300, 40 }, { 13, 520, 33 },
        { 100, 130, 16 }, { 9, 40, 17 }, { 70, 257, 5 }, { 6, 256, 32 }, { 700, 256, 40 },
    };

    // Every element of the blocked kernel is one FMA chain over p in order per k block (blocks of equal length, a
    // multiple of 16, at most 256), the blocks added to C in turn: whether A is read in place or packed, whether C
    // is computed directly or as C^T, whichever tile holds it; Gemm.Multiply gives the same bits above the small
    // kernel's threshold (its thin shapes there take the small kernel: one chain for their single block).
    [Theory]
    [MemberData(nameof(ChainShapes))]
    public void BlockedKernelIsOneFmaChainPerKBlock(int m, int k, int n)
    {
        if (Simd.Can256)
        {
            BlockChains<float>(m, k, n, 10, (a, b, c, m, k, n, ta, tb, add) => GemmBlocked<float, W256<float>, Vector256<float>>.Run(a, b, c, m, k, n, ta, tb, add, 1));
            BlockChains<double>(m, k, n, 11, (a, b, c, m, k, n, ta, tb, add) => GemmBlocked<double, W256<double>, Vector256<double>>.Run(a, b, c, m, k, n, ta, tb, add, 1));
        }
        if (Simd.Can512)
        {
            BlockChains<float>(m, k, n, 10, (a, b, c, m, k, n, ta, tb, add) => GemmBlocked<float, W512<float>, Vector512<float>>.Run(a, b, c, m, k, n, ta, tb, add, 1));
            BlockChains<double>(m, k, n, 11, (a, b, c, m, k, n, ta, tb, add) => GemmBlocked<double, W512<double>, Vector512<double>>.Run(a, b, c, m, k, n, ta, tb, add, 1));
        }
        // Smaller shapes take the small kernel (one chain over all of k) or the direct loop.
        if (GemmBlocked<float>.IsSupported && (long)m * k * n > Gemm.SmallWork)
        {
            BlockChains<float>(m, k, n, 12, (a, b, c, m, k, n, ta, tb, add) => Gemm.Multiply<float>(a, b, c, m, k, n, ta, tb, add));
        }
    }

    [Fact]
    public void HalfUsesTheGenericPath()
    {
        var a = Dyadic<Half>(3 * 5, 4);
        var b = Dyadic<Half>(5 * 2, 5);
        var expected = new Half[3 * 2];
        var actual = new Half[3 * 2];
        Gemm.MultiplyReference<Half>(a, b, expected, 3, 5, 2);
        Gemm.Multiply<Half>(a, b, actual, 3, 5, 2);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(170, 260, 40)]
    [InlineData(64, 784, 256)]
    [InlineData(200, 64, 300)]
    [InlineData(400, 256, 10)]
    public void ResultIsBitIdenticalAcrossRunsAndThreadCounts(int m, int k, int n)
    {
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        {
            var a = Random<float>(m * k, 5);
            var b = Random<float>(k * n, 6);
            var one = new float[m * n];
            var again = new float[m * n];
            var two = new float[m * n];
            Gemm.Multiply<float>(a, b, one, m, k, n, transA, transB, threads: 1);
            Gemm.Multiply<float>(a, b, again, m, k, n, transA, transB, threads: 1);
            Gemm.Multiply<float>(a, b, two, m, k, n, transA, transB, threads: 2);
            Assert.Equal(one, again);
            Assert.Equal(one, two);
        }
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var a = Random<float>(100 * 120, 7);
        var b = Random<float>(120 * 110, 8);
        var c = new float[120 * 110];
        var ad = Random<double>(64 * 64, 9);
        var cd = new double[64 * 64];
        void Calls()
        {
            Gemm.Multiply<float>(a.AsSpan(0, 2), b.AsSpan(0, 8), c.AsSpan(0, 4), 1, 2, 4);
            Gemm.Multiply<float>(a, b, c, 100, 120, 110);
            Gemm.Multiply<float>(a, b, c, 120, 100, 110, transA: true, accumulate: true);
            Gemm.Multiply<float>(a, b, c, 100, 110, 120, transB: true);
            Gemm.Multiply<float>(a, b, c, 100, 120, 110, threads: 2);
            Gemm.Multiply<double>(ad, ad, cd, 64, 64, 64, transA: true, transB: true);
            Gemm.Multiply<float>(a, b, c, 32, 10, 64, transB: true);
            Gemm.Multiply<double>(ad, ad, cd, 64, 16, 64, transA: true, transB: true);
        }
        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ZeroInnerDimensionClearsOrKeepsC()
    {
        var c = new[] { 1f, 2f, 3f, 4f };
        Gemm.Multiply<float>([], [], c, 2, 0, 2, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f], c);
        Gemm.Multiply<float>([], [], c, 2, 0, 2);
        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Fact]
    public void ElementsPastTheMatricesAreIgnored()
    {
        float[] a = [1, 2, 99], b = [3, 4, 99], c = [0, 0, 0, 0, -7];
        Gemm.Multiply<float>(a, b, c, 2, 1, 2);
        Assert.Equal([3f, 4f, 6f, 8f, -7f], c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ShortOperandThrowsNamingBothSizes(bool transA, bool transB)
    {
        float[] a = new float[6], b = new float[12], c = new float[8];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(a.AsSpan(0, 5), b, c, 2, 3, 4, transA, transB));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("5", e.Message);
        Assert.Contains(transA ? "3 x 2" : "2 x 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(a, b.AsSpan(0, 11), c, 2, 3, 4, transA, transB));
        Assert.Equal("b", e.ParamName);
        Assert.Contains(transB ? "4 x 3" : "3 x 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(a, b, c.AsSpan(0, 7), 2, 3, 4, transA, transB));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("2 x 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyReference<float>(a, b, c.AsSpan(0, 7), 2, 3, 4, transA, transB));
        Assert.Equal("c", e.ParamName);
    }

    [Fact]
    public void NegativeDimensionOrNoThreadsThrows()
    {
        float[] x = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, x, x, -1, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, x, x, 2, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, x, x, 2, 2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, x, x, 2, 2, 2, threads: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyReference<float>(x, x, x, 2, 2, -1));
    }

    private static void ForAllModes<T>(int m, int k, int n, int seed, bool dyadic, double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var a = dyadic ? Dyadic<T>(m * k, seed) : Random<T>(m * k, seed);
        var b = dyadic ? Dyadic<T>(k * n, seed + 1) : Random<T>(k * n, seed + 1);
        var c0 = dyadic ? Dyadic<T>(m * n, seed + 2) : Random<T>(m * n, seed + 2);
        var expected = new T[m * n];
        var actual = new T[m * n];
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            c0.CopyTo(expected, 0);
            Gemm.MultiplyReference<T>(a, b, expected, m, k, n, transA, transB, accumulate);
            foreach (int threads in new[] { 1, 2 })
            {
                c0.CopyTo(actual, 0);
                Gemm.Multiply<T>(a, b, actual, m, k, n, transA, transB, accumulate, threads);
                for (int i = 0; i < expected.Length; i++)
                {
                    double e = double.CreateChecked(expected[i]), g = double.CreateChecked(actual[i]);
                    double allowed = tolerance * k * (1 + Math.Abs(e));
                    Assert.True(Math.Abs(e - g) <= allowed,
                        $"{m}x{k}x{n} transA={transA} transB={transB} accumulate={accumulate} threads={threads}: " +
                        $"element {i} is {g}, expected {e}");
                }
            }
        }
    }

    private delegate void Small<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate);

    private delegate void Threaded<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int threads);

    private static void Blocked<T>(int m, int k, int n, int seed, double tolerance, Threaded<T> run)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var a = Random<T>(m * k, seed);
        var b = Random<T>(k * n, seed + 1);
        var c0 = Random<T>(m * n, seed + 2);
        var (expected, one, two) = (new T[m * n], new T[m * n], new T[m * n]);
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            c0.CopyTo(expected, 0);
            c0.CopyTo(one, 0);
            c0.CopyTo(two, 0);
            Gemm.MultiplyReference<T>(a, b, expected, m, k, n, transA, transB, accumulate);
            run(a, b, one, m, k, n, transA, transB, accumulate, 1);
            run(a, b, two, m, k, n, transA, transB, accumulate, 2);
            Assert.Equal(one, two);
            for (int i = 0; i < expected.Length; i++)
            {
                double e = double.CreateChecked(expected[i]), g = double.CreateChecked(one[i]);
                Assert.True(Math.Abs(e - g) <= tolerance * k * (1 + Math.Abs(e)),
                    $"{typeof(T).Name} {m}x{k}x{n} transA={transA} transB={transB} accumulate={accumulate}: element {i} is {g}, expected {e}");
            }
        }
    }

    // The small kernel's arithmetic: one FMA chain over all of k (its transposed B only for k <= 16 and m > 1).
    private static void FmaChains<T>(int m, int k, int n, int seed, Small<T> run)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Chains(m, k, n, seed, run, block: Math.Max(k, 1), skip: transB => transB && (m == 1 || k > GemmSmall<T>.MaxTransposedK));

    // The blocked kernel's arithmetic: k cut into equal blocks of at most 256 (a multiple of 16), as GemmBlocked cuts it.
    private static void BlockChains<T>(int m, int k, int n, int seed, Small<T> run)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int blocks = (k + 255) / 256;
        Chains(m, k, n, seed, run, block: ((k + blocks - 1) / blocks + 15) & ~15, skip: _ => false);
    }

    // Each element against FMA chains over p in order, one per k block of the given length, each added to C in turn
    // (or written, for the first block without accumulate); skip(transB) leaves out the layouts a kernel does not take.
    private static void Chains<T>(int m, int k, int n, int seed, Small<T> run, int block, Func<bool, bool> skip)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var a = Random<T>(m * k, seed);
        var b = Random<T>(k * n, seed + 1);
        var c0 = Random<T>(m * n, seed + 2);
        var actual = new T[m * n];
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            if (skip(transB))
                continue;
            c0.CopyTo(actual, 0);
            run(a, b, actual, m, k, n, transA, transB, accumulate);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    T expected = c0[i * n + j];
                    for (int p0 = 0; p0 < k; p0 += block)
                    {
                        T sum = T.Zero;
                        for (int p = p0; p < Math.Min(k, p0 + block); p++)
                            sum = T.FusedMultiplyAdd(transA ? a[p * m + i] : a[i * k + p], transB ? b[j * k + p] : b[p * n + j], sum);
                        expected = p0 == 0 && !accumulate ? sum : expected + sum;
                    }
                    Assert.True(expected == actual[i * n + j],
                        $"{typeof(T).Name} {m}x{k}x{n} transA={transA} transB={transB} accumulate={accumulate}: " +
                        $"element ({i}, {j}) is {actual[i * n + j]}, expected {expected}");
                }
            }
        }
    }

    // B packed once (PackedMatrix) gives every row range exactly the bits of the product that packs B itself, on one
    // and two threads, around the tile and k-block edges; shapes the blocked kernel does not pack B for ignore the copy.
    [Theory]
    [InlineData(256, 784, 256)]
    [InlineData(256, 256, 128)]
    [InlineData(256, 128, 10)]
    [InlineData(97, 300, 33)]
    [InlineData(170, 513, 47)]
    [InlineData(40, 260, 70)]
    [InlineData(7, 64, 33)]
    [InlineData(300, 17, 2100)]
    public void PackedBGivesTheUnpackedBits(int m, int k, int n)
    {
        PackedMatches<float>(m, k, n);
        PackedMatches<double>(m, k, n);
    }

    // Bias and activation applied to each tile as the packed GEMM finishes it give the bits of the product followed by
    // Kernels.AddBiasMap, over the whole of C and over row ranges, for functions with and without a vector form.
    [Theory]
    [InlineData(256, 784, 256)]
    [InlineData(256, 256, 128)]
    [InlineData(170, 513, 47)]
    [InlineData(300, 100, 2100)]
    public void TileBiasMapGivesTheSeparatePassesBits(int m, int k, int n)
    {
        BiasMapMatches<float, Relu>(m, k, n);
        BiasMapMatches<float, Sigmoid>(m, k, n);
        BiasMapMatches<float, Tanh>(m, k, n);
        BiasMapMatches<double, Relu>(m, k, n);
        BiasMapMatches<double, Elu>(m, k, n);
    }

    private static void BiasMapMatches<T, TFunction>(int m, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        if (!Gemm.PacksB<T>(m, k, n))
            return;
        var a = Random<T>(m * k, 21);
        var b = Random<T>(k * n, 22);
        var bias = Random<T>(n, 23);
        var z = new T[m * n];
        var y = new T[m * n];
        Gemm.Multiply<T>(a, b, z, m, k, n);
        Kernels.AddBiasMap<T, TFunction>(bias, z, y, m, n);
        var packed = new PackedMatrix<T>();
        packed.Pack(b, k, n, 0);
        var zFused = Random<T>(m * n, 24);
        var yFused = Random<T>(m * n, 25);
        int[] cuts = [0, Math.Min(m, 29), m / 2, m];
        for (int i = 0; i + 1 < cuts.Length; i++)
            Gemm.MultiplyPackedBiasMap<T, TFunction>(a, packed, bias, zFused, yFused, m, k, n, cuts[i], cuts[i + 1]);
        Assert.True(z.AsSpan().SequenceEqual(zFused), $"{typeof(T).Name} {TFunction.Name} {m}x{k}x{n}: z differs");
        Assert.True(y.AsSpan().SequenceEqual(yFused), $"{typeof(T).Name} {TFunction.Name} {m}x{k}x{n}: y differs");
    }

    // Products split into parts of whole panels of columns (the split training step's first layer): few rows times a B
    // read in place, or many rows with each part packing its own panels of B; every part count gives the whole
    // product's bits, the last panel partial or not. Shapes the kernel computes as C^T, or leaves to the small kernels,
    // do not split.
    [Theory]
    [InlineData(256, 784, 256)]
    [InlineData(257, 129, 70)]
    [InlineData(200, 300, 90)]
    [InlineData(64, 784, 256)]
    [InlineData(28, 784, 256)]
    [InlineData(96, 300, 90)]
    [InlineData(40, 700, 90)]
    [InlineData(17, 513, 200)]
    public void ColumnPartsGiveTheWholeProductsBits(int m, int k, int n)
    {
        ColumnsMatch<float>(m, k, n);
        ColumnsMatch<double>(m, k, n);
    }

    [Fact]
    public void ColumnSplitByShape()
    {
        Assert.Equal(GemmBlocked<float>.IsSupported, Gemm.SplitsColumns<float>(28, 784, 256));
        Assert.Equal(GemmBlocked<double>.IsSupported, Gemm.SplitsColumns<double>(17, 513, 200));
        Assert.False(Gemm.SplitsColumns<float>(256, 784, 256));
        Assert.False(Gemm.SplitsColumns<float>(64, 128, 10));
        Assert.False(Gemm.SplitsColumns<float>(4, 4, 4));
        Assert.Equal(GemmBlocked<float>.IsSupported, Gemm.MultipliesColumns<float>(256, 784, 256));
        Assert.Equal(GemmBlocked<float>.IsSupported, Gemm.MultipliesColumns<float>(28, 784, 256));
        Assert.False(Gemm.MultipliesColumns<float>(256, 128, 10));
        Assert.False(Gemm.MultipliesColumns<float>(40, 40, 40));
    }

    private static void ColumnsMatch<T>(int m, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // B is read in place up to 96 rows with AVX-512, 32 with AVX2; packed by each part beyond.
        Assert.Equal(GemmBlocked<T>.IsSupported, Gemm.MultipliesColumns<T>(m, k, n));
        if (!Gemm.MultipliesColumns<T>(m, k, n))
            return;
        var a = Random<T>(m * k, 31);
        var b = Random<T>(k * n, 32);
        var expected = new T[m * n];
        Gemm.Multiply<T>(a, b, expected, m, k, n);
        foreach (int parts in new[] { 1, 2, 3, 5 })
        {
            var actual = Random<T>(m * n, 33);
            for (int part = parts - 1; part >= 0; part--)
                Gemm.MultiplyColumns<T>(a, b, actual, m, k, n, part, parts);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{typeof(T).Name} {m}x{k}x{n}, {parts} column parts differ");
        }
    }

    private static void PackedMatches<T>(int m, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var a = Random<T>(m * k, 11);
        var b = Random<T>(k * n, 12);
        var expected = new T[m * n];
        Gemm.Multiply<T>(a, b, expected, m, k, n);
        var packed = new PackedMatrix<T>();
        packed.Pack(b, k, n, 1);
        Assert.Equal(1, packed.Stamp);
        foreach (int threads in new[] { 1, 2 })
        {
            var whole = Random<T>(m * n, 13);
            Gemm.MultiplyPacked<T>(a, b, packed, whole, m, k, n, 0, m, threads);
            Assert.True(expected.AsSpan().SequenceEqual(whole), $"{typeof(T).Name} {m}x{k}x{n}, {threads} threads: whole C differs");
        }
        var parts = Random<T>(m * n, 14);
        int[] cuts = [0, Math.Min(m, 13), m / 2, m];
        for (int i = 0; i + 1 < cuts.Length; i++)
            Gemm.MultiplyPacked<T>(a, b, packed, parts, m, k, n, cuts[i], cuts[i + 1], 1);
        Assert.True(expected.AsSpan().SequenceEqual(parts), $"{typeof(T).Name} {m}x{k}x{n}: row ranges differ");
        // Packing a different matrix of the same shape replaces the values.
        var b2 = Random<T>(k * n, 15);
        packed.Pack(b2, k, n, 2);
        var expected2 = new T[m * n];
        var actual2 = new T[m * n];
        Gemm.Multiply<T>(a, b2, expected2, m, k, n);
        Gemm.MultiplyPacked<T>(a, b2, packed, actual2, m, k, n, 0, m, 1);
        Assert.True(expected2.AsSpan().SequenceEqual(actual2), $"{typeof(T).Name} {m}x{k}x{n}: repacked differs");
    }

    private static T[] Random<T>(int length, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
            values[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        return values;
    }

    private static T[] Dyadic<T>(int length, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
            values[i] = T.CreateChecked(random.Next(-8, 9) / 8.0);
        return values;
    }
}
