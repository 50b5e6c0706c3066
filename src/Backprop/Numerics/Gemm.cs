using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Numerics;

/// <summary>
/// Matrix multiply on row-major, contiguous spans: C (m x n) = op(A) (m x k) * op(B) (k x n).
/// Each operand span must hold at least its matrix; elements past it are ignored (and, for C, left untouched).
/// </summary>
internal static class Gemm
{
    // At or below this many multiply-adds the direct loop beats packing (and is allocation-free by construction):
    // used where the small kernel is not (no Vector512, or B transposed with one row of C or long rows of B).
    internal const long DirectWork = 32 * 32 * 32;

    // At or below this many multiply-adds the small kernel's unpacked Vector512 tiles beat packing.
    internal const long SmallWork = 64 * 64 * 64;

    // A C at most this many columns wide, with k at most the blocked kernel's shortest k block, takes the small
    // kernel whatever m is (not transposed operands only: W2's 256 x 128 x 10 forward, 1.7x faster there).
    private const int ThinColumns = 16;
    private const int ThinDepth = 256;

    /// <summary>
    /// Where part <paramref name="part"/> of <paramref name="parts"/> starts when <paramref name="total"/> rows of C
    /// are split into nearly equal runs, on a multiple of the micro-kernel's tile rows where that leaves every
    /// part non-empty (so no part but the last has a partial tile). Depends on the sizes alone, never on timing.
    /// </summary>
    internal static int PartStart<T>(int total, int part, int parts)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (part >= parts)
            return total;
        int even = (int)((long)total * part / parts);
        int tile = GemmBlocked<T>.TileRows;
        return total >= parts * tile ? even / tile * tile : even;
    }

    /// <summary>
    /// C (m x n) = op(A) (m x k) * op(B) (k x n), or C += ... when <paramref name="accumulate"/> is true.
    /// All row-major, contiguous. <paramref name="transA"/>: A is stored k x m and op(A) = A^T.
    /// <paramref name="transB"/>: B is stored n x k and op(B) = B^T.
    /// </summary>
    /// <param name="a">A: m x k, or k x m when <paramref name="transA"/>.</param>
    /// <param name="b">B: k x n, or n x k when <paramref name="transB"/>.</param>
    /// <param name="c">C: m x n, the destination.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="transA">A is stored transposed.</param>
    /// <param name="transB">B is stored transposed.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <param name="threads">
    /// At most this many threads. Work is split over output tiles only (never over k), and every element is
    /// computed the same way whichever thread owns it, so the result is bit-identical for any thread count.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or <paramref name="threads"/> is below 1.</exception>
    /// <exception cref="ArgumentException">An operand span is shorter than its matrix.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA = false, bool transB = false, bool accumulate = false, int threads = 1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a.Length, b.Length, c.Length, m, k, n, transA, transB);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Run(a, b, c, m, k, n, transA, transB, accumulate, 0, m, threads);
    }

    /// <summary>
    /// Rows <paramref name="i0"/> to <paramref name="i1"/> (exclusive) of <see cref="Multiply{T}"/>'s C, on the calling
    /// thread, the other rows untouched: the kernel is chosen for the whole shape, so each row gets exactly the bits
    /// the whole product gives it. Lets a training step split its rows over threads once for all its products.
    /// </summary>
    internal static void MultiplyRows<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a.Length, b.Length, c.Length, m, k, n, transA, transB);
        if (i0 < 0 || i1 > m)
            throw new ArgumentOutOfRangeException(nameof(i1), $"Rows {i0} to {i1} are not within the {m} rows of C.");
        if (i0 < i1)
            Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1, threads: 1);
    }

    /// <summary>
    /// True when <see cref="Multiply{T}"/> (neither operand transposed) runs the blocked kernel on this shape, the one
    /// that packs B: then <see cref="MultiplyPacked{T}"/> with B packed once saves that work.
    /// </summary>
    internal static bool PacksB<T>(int m, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        m > 0 && n > 0 && k > 0 && GemmBlocked<T>.IsSupported && !TakesSmall<T>(m, k, n, false, false) &&
        (long)m * n * k > DirectWork && GemmBlocked<T>.PacksB(m, n);

    /// <summary>
    /// True when <see cref="Multiply{T}"/> (neither operand transposed, C overwritten) runs the blocked kernel on this
    /// shape reading B in place, in at least two panels of columns: then <see cref="MultiplyColumns{T}"/> splits it by
    /// columns, each part reading only its panels of B (a few rows times a large B: a split by rows would have every
    /// part stream all of B).
    /// </summary>
    internal static bool SplitsColumns<T>(int m, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        m > 0 && k > 0 && n >= 2 * GemmBlocked<T>.TileColumns && GemmBlocked<T>.IsSupported && !TakesSmall<T>(m, k, n, false, false) &&
        (long)m * n * k > DirectWork && GemmBlocked<T>.ReadsBInPlace(m, n);

    /// <summary>
    /// True when <see cref="Multiply{T}"/> (neither operand transposed, C overwritten) runs the blocked kernel on this
    /// shape over C itself (not C^T), in at least two panels of columns, whether it reads B in place or packs it: then
    /// <see cref="MultiplyColumns{T}"/> splits it by columns, each part reading or packing only its panels of B (a split
    /// training step's first layer, whose W changes every step: no packed copy made on one thread before the fork).
    /// </summary>
    internal static bool MultipliesColumns<T>(int m, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        m > 0 && k > 0 && n >= 2 * GemmBlocked<T>.TileColumns && GemmBlocked<T>.IsSupported && !TakesSmall<T>(m, k, n, false, false) &&
        (long)m * n * k > DirectWork && GemmBlocked<T>.KeepsC(m, n);

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of C = A B's columns (whole panels of B, a fixed
    /// partition) over all rows, on the calling thread, as <see cref="Multiply{T}"/> gives them (same bits); only where
    /// <see cref="MultipliesColumns{T}"/>.
    /// </summary>
    internal static void MultiplyColumns<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int part, int parts)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a.Length, b.Length, c.Length, m, k, n, false, false);
        int width = GemmBlocked<T>.TileColumns, panels = (n + width - 1) / width;
        int j0 = Math.Min(n, (int)((long)panels * part / parts) * width), j1 = Math.Min(n, (int)((long)panels * (part + 1) / parts) * width);
        if (j0 < j1)
            GemmBlocked<T>.RunColumns(a, b, c, m, k, n, j0, j1);
    }

    /// <summary>
    /// Rows i0 .. i1 of C = A B (neither transposed, C overwritten) as <see cref="Multiply{T}"/> gives them, with B
    /// also given packed (<see cref="PackedMatrix{T}"/>, packed from <paramref name="b"/>) where the shape takes the
    /// blocked kernel: the same bits, without packing B again. Threads only when the rows are all of C.
    /// </summary>
    internal static unsafe void MultiplyPacked<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, PackedMatrix<T> packed, Span<T> c,
        int m, int k, int n, int i0, int i1, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a.Length, b.Length, c.Length, m, k, n, false, false);
        if (i0 < 0 || i1 > m)
            throw new ArgumentOutOfRangeException(nameof(i1), $"Rows {i0} to {i1} are not within the {m} rows of C.");
        if (i0 >= i1)
            return;
        if (!PacksB<T>(m, k, n))
        {
            Run(a, b, c, m, k, n, false, false, false, i0, i1, threads);
            return;
        }
        GemmBlocked<T>.RunPacked(a, b, packed.Panels(k, n), c, m, k, n, i0, i1, threads);
    }

    /// <summary>
    /// <see cref="MultiplyPacked{T}"/> into z on the calling thread, then z += bias and y = f(z) on each tile while it
    /// is in cache: the bits of the product then <see cref="Kernels.AddBiasMap{T, TFunction}"/>. Only where
    /// <see cref="PacksB{T}"/> holds for the whole shape.
    /// </summary>
    internal static unsafe void MultiplyPackedBiasMap<T, TFunction>(ReadOnlySpan<T> a, PackedMatrix<T> packed, ReadOnlySpan<T> bias,
        Span<T> z, Span<T> y, int m, int k, int n, int i0, int i1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : Activations.IActivationFunction =>
        GemmBlocked<T>.RunPackedBiasMap<TFunction>(a, packed.Panels(k, n), bias, z, y, m, k, n, i0, i1);

    // One row times a transposed B stays on the direct loop's dot products. A thin C (a 10-class output layer) with
    // a B of at most one k block in place also takes the small kernel at any size: B stays in L1, A is read in place
    // without packing, the narrow last vector is masked, and each element is the blocked kernel's one FMA chain.
    private static bool TakesSmall<T>(int m, int k, int n, bool transA, bool transB)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long work = (long)m * n * k;
        bool thin = n <= ThinColumns && k <= ThinDepth && !transA && !transB;
        return (work <= SmallWork || thin) && GemmBlocked<T>.IsSupported && (!transB || (m > 1 && k <= GemmSmall<T>.MaxTransposedK));
    }

    // The kernel for the whole m x k x n shape, on rows i0 .. i1 of C (threads only when that is all of them).
    private static void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            if (!accumulate)
                c[(i0 * n)..(i1 * n)].Clear();
            return;
        }
        long work = (long)m * n * k;
        if (TakesSmall<T>(m, k, n, transA, transB))
        {
            GemmSmall<T>.Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1);
            return;
        }
        if (work <= DirectWork || !GemmBlocked<T>.IsSupported)
        {
            Direct(a, b, c, m, k, n, transA, transB, accumulate, i0, i1);
            return;
        }
        GemmBlocked<T>.Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1, threads);
    }

    /// <summary>The plain triple loop, kept as the reference the fast path is tested against. Same contract as <see cref="Multiply{T}"/>.</summary>
    /// <param name="a">A: m x k, or k x m when <paramref name="transA"/>.</param>
    /// <param name="b">B: k x n, or n x k when <paramref name="transB"/>.</param>
    /// <param name="c">C: m x n, the destination.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="transA">A is stored transposed.</param>
    /// <param name="transB">B is stored transposed.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    public static void MultiplyReference<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA = false, bool transB = false, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a.Length, b.Length, c.Length, m, k, n, transA, transB);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T aip = transA ? a[p * m + i] : a[i * k + p];
                    T bpj = transB ? b[j * k + p] : b[p * n + j];
                    sum += aip * bpj;
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

    private static void Validate(int aLength, int bLength, int cLength, int m, int k, int n, bool transA, bool transB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        CheckLength("a", aLength, transA ? k : m, transA ? m : k);
        CheckLength("b", bLength, transB ? n : k, transB ? k : n);
        CheckLength("c", cLength, m, n);
    }

    private static void CheckLength(string operand, int length, int rows, int cols)
    {
        if (length < (long)rows * cols)
            throw new ArgumentException(
                $"Operand {operand} has {length} elements but its {rows} x {cols} matrix needs {(long)rows * cols}.", operand);
    }

    // Small shapes: no packing, no threads, no allocation. Rows of C are built by axpy over rows of B, or by
    // dot products against rows of B when B is stored transposed (both contiguous).
    private static void Direct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = i0; i < i1; i++)
        {
            Span<T> cRow = c.Slice(i * n, n);
            if (!transB)
            {
                if (!accumulate)
                    cRow.Clear();
                for (int p = 0; p < k; p++)
                    Axpy(transA ? a[p * m + i] : a[i * k + p], b.Slice(p * n, n), cRow);
            }
            else if (!transA)
            {
                ReadOnlySpan<T> aRow = a.Slice(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    T sum = Dot(aRow, b.Slice(j * k, k));
                    cRow[j] = accumulate ? cRow[j] + sum : sum;
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    ReadOnlySpan<T> bRow = b.Slice(j * k, k);
                    T sum = T.Zero;
                    for (int p = 0; p < k; p++)
                        sum = T.FusedMultiplyAdd(a[p * m + i], bRow[p], sum);
                    cRow[j] = accumulate ? cRow[j] + sum : sum;
                }
            }
        }
    }

    // y += alpha * x, each element by one fused multiply-add (vector lanes and tail alike).
    internal static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && x.Length >= Vector<T>.Count)
        {
            var va = new Vector<T>(alpha);
            for (; j <= x.Length - Vector<T>.Count; j += Vector<T>.Count)
                Fma(va, new Vector<T>(x[j..]), new Vector<T>(y[j..])).CopyTo(y[j..]);
        }
        for (; j < x.Length; j++)
            y[j] = T.FusedMultiplyAdd(alpha, x[j], y[j]);
    }

    // sum_p x_p y_p: vector lanes then a horizontal sum when x is at least a vector long, else one FMA chain.
    // Inlined: the per-pattern path calls it on rows of a few elements, where a call costs more than the chain.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int p = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && x.Length >= Vector<T>.Count)
        {
            var acc = Vector<T>.Zero;
            for (; p <= x.Length - Vector<T>.Count; p += Vector<T>.Count)
                acc = Fma(new Vector<T>(x[p..]), new Vector<T>(y[p..]), acc);
            sum = Vector.Sum(acc);
        }
        for (; p < x.Length; p++)
            sum = T.FusedMultiplyAdd(x[p], y[p], sum);
        return sum;
    }

    private static Vector<T> Fma<T>(Vector<T> x, Vector<T> y, Vector<T> z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
        return x * y + z;
    }
}
