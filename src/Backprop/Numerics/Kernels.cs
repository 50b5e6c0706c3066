using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Backprop.Activations;

namespace Backprop.Numerics;

/// <summary>
/// Element-wise and row-wise kernels on row-major <c>rows x cols</c> blocks: bias, activations, reductions.
/// Read-only spans in, destination last, sizes explicit, no allocation.
/// </summary>
internal static class Kernels
{
    // Rows ahead of the one being copied whose lines GatherRows asks for.
    private const int GatherAhead = 2;

    /// <summary>
    /// Row i of <paramref name="destination"/> = row rows[i] of <paramref name="source"/> (rows of
    /// <paramref name="width"/> values). Shuffled rows come from memory, where a row's copy alone waits on its lines
    /// one stream at a time: the lines of the row <see cref="GatherAhead"/> places on are prefetched meanwhile.
    /// </summary>
    public static unsafe void GatherRows<T>(ReadOnlySpan<T> source, int width, ReadOnlySpan<int> rows, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(destination.Length >= rows.Length * width, nameof(destination), rows.Length * width, destination.Length);
        int bytes = width * sizeof(T);
        fixed (T* src = source)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                // A prefetch never faults, and every row index is checked by the copy when its turn comes.
                if (Sse.IsSupported && i + GatherAhead < rows.Length)
                {
                    byte* next = (byte*)(src + (nint)rows[i + GatherAhead] * width);
                    for (int b = 0; b < bytes; b += 64)
                        Sse.Prefetch0(next + b);
                }
                source.Slice(rows[i] * width, width).CopyTo(destination.Slice(i * width, width));
            }
        }
    }

    /// <summary>Z[r, j] += b[j] for every row. Z: rows x cols, b: cols.</summary>
    public static void AddBias<T>(ReadOnlySpan<T> b, Span<T> z, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(b.Length >= cols, nameof(b), cols, b.Length);
        Require(z.Length >= rows * cols, nameof(z), rows * cols, z.Length);
        for (int r = 0; r < rows; r++)
        {
            Add(b[..cols], z.Slice(r * cols, cols));
        }
    }

    /// <summary>dB[j] += sum over rows of dZ[r, j]. dZ: rows x cols, dB: cols.</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> dZ, Span<T> dB, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(dZ.Length >= rows * cols, nameof(dZ), rows * cols, dZ.Length);
        Require(dB.Length >= cols, nameof(dB), cols, dB.Length);
        for (int r = 0; r < rows; r++)
        {
            Add(dZ.Slice(r * cols, cols), dB[..cols]);
        }
    }

    /// <summary>
    /// dB[j] = sum over rows of dZ[r, j], summed in the order of <see cref="AddColumnSums{T}"/> (so the same as it gives
    /// from dB = 0, up to the sign of a zero sum), without a pass to clear dB first.
    /// </summary>
    public static void ColumnSums<T>(ReadOnlySpan<T> dZ, Span<T> dB, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ColumnSumsRange(dZ, dB, rows, cols, 0, cols);
    }

    /// <summary><see cref="ColumnSums{T}"/> for columns c0 .. c1 only (each column summed the same way).</summary>
    internal static void ColumnSumsRange<T>(ReadOnlySpan<T> dZ, Span<T> dB, int rows, int cols, int c0, int c1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(dZ.Length >= rows * cols, nameof(dZ), rows * cols, dZ.Length);
        Require(dB.Length >= cols, nameof(dB), cols, dB.Length);
        var sums = dB[c0..c1];
        if (rows == 0)
        {
            sums.Clear();
            return;
        }
        dZ.Slice(c0, c1 - c0).CopyTo(sums);
        for (int r = 1; r < rows; r++)
        {
            Add(dZ.Slice(r * cols + c0, c1 - c0), sums);
        }
    }

    /// <summary>y += x, vectorised.</summary>
    public static void Add<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(y.Length >= x.Length, nameof(y), x.Length, y.Length);
        if (Simd.Use512<T>())
            Add<T, W512<T>, Vector512<T>>(x, y);
        else
            Add<T, W256<T>, Vector256<T>>(x, y);
    }

    // Add at one width: vector lanes where they run natively, then the scalar loop for the rest.
    internal static void Add<T, TW, TV>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct
    {
        int i = 0;
        if (Simd.Lanes<T, TW, TV>())
        {
            ref T xs = ref MemoryMarshal.GetReference(x);
            ref T ys = ref MemoryMarshal.GetReference(y);
            for (; i <= x.Length - TW.Count; i += TW.Count)
            {
                TW.StoreUnsafe(TW.Add(TW.LoadUnsafe(ref xs, (nuint)i), TW.LoadUnsafe(ref ys, (nuint)i)), ref ys, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            y[i] += x[i];
        }
    }

    /// <summary>
    /// y = f(z) element-wise, f given as a type so the call is inlined, not dispatched. A function with a vector form
    /// (<see cref="IActivationFunction.IsVectorized"/>) runs in vector lanes (Vector512 on AVX-512, Vector256 on AVX2),
    /// giving each element exactly what the scalar form gives; the others run the scalar form.
    /// </summary>
    public static void Map<T, TFunction>(ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        Require(y.Length >= z.Length, nameof(y), z.Length, y.Length);
        if (Simd.Use512<T>())
            Map<T, TFunction, W512<T>, Vector512<T>>(z, y);
        else
            Map<T, TFunction, W256<T>, Vector256<T>>(z, y);
    }

    // Map at one width.
    internal static void Map<T, TFunction, TW, TV>(ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
        where TW : struct, IWidth<TV, T>
        where TV : struct
    {
        int i = 0;
        if (TFunction.IsVectorized && Simd.Lanes<T, TW, TV>())
        {
            ref T zs = ref MemoryMarshal.GetReference(z);
            ref T ys = ref MemoryMarshal.GetReference(y);
            for (; i <= z.Length - TW.Count; i += TW.Count)
            {
                TW.StoreUnsafe(TFunction.ForwardVector<T, TW, TV>(TW.LoadUnsafe(ref zs, (nuint)i)), ref ys, (nuint)i);
            }
        }
        for (; i < z.Length; i++)
        {
            y[i] = TFunction.Forward(z[i]);
        }
    }

    /// <summary>
    /// z[r, j] += b[j], then y = f(z), row by row in one pass (z and y: rows x cols, b: cols): each element gets exactly
    /// what <see cref="AddBias{T}"/> then <see cref="Map{T, TFunction}"/> give it, but a row is read once while it is in
    /// L1 instead of twice over the whole block. Vector forms run in vector lanes, as in <see cref="Map{T, TFunction}"/>.
    /// </summary>
    public static void AddBiasMap<T, TFunction>(ReadOnlySpan<T> b, Span<T> z, Span<T> y, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        Require(b.Length >= cols, nameof(b), cols, b.Length);
        Require(z.Length >= rows * cols, nameof(z), rows * cols, z.Length);
        Require(y.Length >= rows * cols, nameof(y), rows * cols, y.Length);
        if (Simd.Use512<T>())
            AddBiasMap<T, TFunction, W512<T>, Vector512<T>>(b, z, y, rows, cols);
        else
            AddBiasMap<T, TFunction, W256<T>, Vector256<T>>(b, z, y, rows, cols);
    }

    // AddBiasMap at one width.
    internal static void AddBiasMap<T, TFunction, TW, TV>(ReadOnlySpan<T> b, Span<T> z, Span<T> y, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
        where TW : struct, IWidth<TV, T>
        where TV : struct
    {
        ref T bs = ref MemoryMarshal.GetReference(b);
        for (int r = 0; r < rows; r++)
        {
            var zr = z.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            int j = 0;
            if (TFunction.IsVectorized && Simd.Lanes<T, TW, TV>())
            {
                ref T zs = ref MemoryMarshal.GetReference(zr);
                ref T ys = ref MemoryMarshal.GetReference(yr);
                for (; j <= cols - TW.Count; j += TW.Count)
                {
                    var v = TW.Add(TW.LoadUnsafe(ref zs, (nuint)j), TW.LoadUnsafe(ref bs, (nuint)j));
                    TW.StoreUnsafe(v, ref zs, (nuint)j);
                    TW.StoreUnsafe(TFunction.ForwardVector<T, TW, TV>(v), ref ys, (nuint)j);
                }
            }
            for (; j < cols; j++)
            {
                T v = zr[j] + b[j];
                zr[j] = v;
                yr[j] = TFunction.Forward(v);
            }
        }
    }

    /// <summary>dZ = dY * f'(z) element-wise (f' may read z or the cached output y); vector forms in vector lanes, as <see cref="Map{T, TFunction}"/>.</summary>
    public static void MapBackward<T, TFunction>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        Require(y.Length >= z.Length, nameof(y), z.Length, y.Length);
        Require(dY.Length >= z.Length, nameof(dY), z.Length, dY.Length);
        Require(dZ.Length >= z.Length, nameof(dZ), z.Length, dZ.Length);
        if (Simd.Use512<T>())
            MapBackward<T, TFunction, W512<T>, Vector512<T>>(z, y, dY, dZ);
        else
            MapBackward<T, TFunction, W256<T>, Vector256<T>>(z, y, dY, dZ);
    }

    // MapBackward at one width.
    internal static void MapBackward<T, TFunction, TW, TV>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
        where TW : struct, IWidth<TV, T>
        where TV : struct
    {
        int i = 0;
        if (TFunction.IsVectorized && Simd.Lanes<T, TW, TV>())
        {
            ref T zs = ref MemoryMarshal.GetReference(z);
            ref T ysr = ref MemoryMarshal.GetReference(y);
            ref T gs = ref MemoryMarshal.GetReference(dY);
            ref T ds = ref MemoryMarshal.GetReference(dZ);
            for (; i <= z.Length - TW.Count; i += TW.Count)
            {
                var slope = TFunction.DerivativeVector<T, TW, TV>(TW.LoadUnsafe(ref zs, (nuint)i), TW.LoadUnsafe(ref ysr, (nuint)i));
                TW.StoreUnsafe(TW.Multiply(TW.LoadUnsafe(ref gs, (nuint)i), slope), ref ds, (nuint)i);
            }
        }
        for (; i < z.Length; i++)
        {
            dZ[i] = dY[i] * TFunction.Derivative(z[i], y[i]);
        }
    }

    /// <summary>
    /// One pattern through a dense layer: z = x W + b (b empty: no bias), then y = f(z). x: k, W: k x n
    /// (row-major), z, y: n. Each z_j is one FMA chain from 0 over p in order, then + b_j: the operations
    /// <see cref="Gemm.Multiply{T}"/> and <see cref="AddBiasMap{T, TFunction}"/> perform for one row, so a pattern alone
    /// gives the bits it gets inside a batch, without GEMM's dispatch (which costs more than a tiny layer's arithmetic).
    /// Units go through in Vector128 lanes (a lane's FMA chain is the scalar one), the rest one by one.
    /// </summary>
    public static void DenseRow<T, TFunction>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> z, Span<T> y, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        Require(x.Length >= k, nameof(x), k, x.Length);
        Require(w.Length >= k * n, nameof(w), k * n, w.Length);
        Require(b.IsEmpty || b.Length >= n, nameof(b), n, b.Length);
        Require(z.Length >= n && y.Length >= n, nameof(z), n, Math.Min(z.Length, y.Length));
        DenseRow<T, TFunction>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(w), ref MemoryMarshal.GetReference(b),
            !b.IsEmpty, ref MemoryMarshal.GetReference(z), ref MemoryMarshal.GetReference(y), k, n);
    }

    /// <summary>
    /// <see cref="DenseRow{T, TFunction}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, int, int)"/>
    /// on references to buffers the caller has sized (x: k, W: k x n, b: n where <paramref name="bias"/>, z, y: n): the
    /// layers' row path, whose buffers are sized once, without a span and a check per operand and step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DenseRow<T, TFunction>(ref T xs, ref T ws, ref T bs, bool bias, ref T zs, ref T ys, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        // f on each z as it is made, from the register (not stored and loaded back: the step's dependent chain).
        int j = 0;
        if (RowLanes<T>())
        {
            for (; j <= n - Vector128<T>.Count; j += Vector128<T>.Count)
            {
                var sum = Vector128<T>.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum = Fma(Vector128.Create(Unsafe.Add(ref xs, p)), Vector128.LoadUnsafe(ref ws, (nuint)(p * n + j)), sum);
                }
                if (bias)
                {
                    sum += Vector128.LoadUnsafe(ref bs, (nuint)j);
                }
                sum.StoreUnsafe(ref zs, (nuint)j);
                if (TFunction.IsVectorized)
                {
                    // f's vector form gives each lane what its scalar form gives (as in AddBiasMap's lanes).
                    TFunction.ForwardVector<T, W128<T>, Vector128<T>>(sum).StoreUnsafe(ref ys, (nuint)j);
                }
            }
            if (!TFunction.IsVectorized)
            {
                for (int i = 0; i < j; i++)
                {
                    Unsafe.Add(ref ys, i) = TFunction.Forward(Unsafe.Add(ref zs, i));
                }
            }
        }
        for (; j < n; j++)
        {
            T sum = T.Zero;
            for (int p = 0; p < k; p++)
            {
                sum = T.FusedMultiplyAdd(Unsafe.Add(ref xs, p), Unsafe.Add(ref ws, p * n + j), sum);
            }
            if (bias)
            {
                sum += Unsafe.Add(ref bs, j);
            }
            Unsafe.Add(ref zs, j) = sum;
            Unsafe.Add(ref ys, j) = TFunction.Forward(sum);
        }
    }

    /// <summary>
    /// One pattern back through a dense layer: dW = x^T dZ and dB = dZ (dB empty: no bias), overwritten, and dX = dZ W^T
    /// unless dX is empty; the operations <see cref="Gemm.Multiply{T}"/> and <see cref="ColumnSums{T}"/> perform for one
    /// row (dW's rows in vector lanes, each lane the scalar FMA from 0). x: k, dZ: n, W and dW: k x n, dB: n, dX: k.
    /// </summary>
    public static void DenseRowBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dZ, ReadOnlySpan<T> w, Span<T> dW, Span<T> dB, Span<T> dX, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(x.Length >= k && dZ.Length >= n, nameof(x), k + n, x.Length + dZ.Length);
        Require(w.Length >= k * n && dW.Length >= k * n, nameof(dW), k * n, Math.Min(w.Length, dW.Length));
        Require(dB.IsEmpty || dB.Length >= n, nameof(dB), n, dB.Length);
        Require(dX.IsEmpty || dX.Length >= k, nameof(dX), k, dX.Length);
        DenseRowBackward<T>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(dZ), ref MemoryMarshal.GetReference(w),
            ref MemoryMarshal.GetReference(dW), ref MemoryMarshal.GetReference(dB), !dB.IsEmpty, ref MemoryMarshal.GetReference(dX), !dX.IsEmpty, k, n);
    }

    /// <summary>
    /// <see cref="DenseRowBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, int, int)"/> on
    /// references to buffers the caller has sized (dB: n where <paramref name="bias"/>, dX: k where <paramref name="inputGradient"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DenseRowBackward<T>(ref T xs, ref T ds, ref T ws, ref T gw, ref T gb, bool bias, ref T dX, bool inputGradient, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (n == 1 && RowLanes<T>())
        {
            OneUnitRowBackward(ref xs, ds, ref ws, ref gw, ref gb, bias, ref dX, inputGradient, k);
            return;
        }
        for (int i = 0; i < k; i++)
        {
            T xi = Unsafe.Add(ref xs, i);
            ref T row = ref Unsafe.Add(ref gw, i * n);
            int j = 0;
            if (RowLanes<T>())
            {
                for (; j <= n - Vector128<T>.Count; j += Vector128<T>.Count)
                {
                    Fma(Vector128.Create(xi), Vector128.LoadUnsafe(ref ds, (nuint)j), Vector128<T>.Zero).StoreUnsafe(ref row, (nuint)j);
                }
            }
            for (; j < n; j++)
            {
                Unsafe.Add(ref row, j) = T.FusedMultiplyAdd(xi, Unsafe.Add(ref ds, j), T.Zero);
            }
        }
        if (bias)
        {
            // In the lanes the units were written in (a few values cost less than a memory-move call); the update reads
            // them in the same lanes (UpdateKernels.Run).
            int j = 0;
            if (RowLanes<T>())
            {
                for (; j <= n - Vector128<T>.Count; j += Vector128<T>.Count)
                {
                    Vector128.LoadUnsafe(ref ds, (nuint)j).StoreUnsafe(ref gb, (nuint)j);
                }
            }
            for (; j < n; j++)
            {
                Unsafe.Add(ref gb, j) = Unsafe.Add(ref ds, j);
            }
        }
        if (inputGradient)
        {
            RowInputGradient(ref ds, ref ws, ref dX, k, n);
        }
    }

    // dX = dZ W^T for one row: Gemm.Dot's operations (below a Vector<T> of units, this FMA chain from 0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowInputGradient<T>(ref T ds, ref T ws, ref T dX, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < k; i++)
        {
            if (n >= Vector<T>.Count)
            {
                Unsafe.Add(ref dX, i) = Gemm.Dot<T>(MemoryMarshal.CreateReadOnlySpan(ref ds, n),
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref ws, i * n), n));
                continue;
            }
            T sum = T.Zero;
            for (int j = 0; j < n; j++)
            {
                sum = T.FusedMultiplyAdd(Unsafe.Add(ref ds, j), Unsafe.Add(ref ws, i * n + j), sum);
            }
            Unsafe.Add(ref dX, i) = sum;
        }
    }

    // One unit (W1's output layer): dW's column and dX are x dz and W dz, each element the general loops' one FMA from 0,
    // here in lanes over the inputs, so that the layer below and the update read them from whole 128-bit stores.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneUnitRowBackward<T>(ref T xs, T dz, ref T ws, ref T gw, ref T gb, bool bias, ref T dX, bool inputGradient, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var dzs = Vector128.Create(dz);
        int i = 0;
        for (; i <= k - Vector128<T>.Count; i += Vector128<T>.Count)
        {
            Fma(Vector128.LoadUnsafe(ref xs, (nuint)i), dzs, Vector128<T>.Zero).StoreUnsafe(ref gw, (nuint)i);
            if (inputGradient)
            {
                Fma(dzs, Vector128.LoadUnsafe(ref ws, (nuint)i), Vector128<T>.Zero).StoreUnsafe(ref dX, (nuint)i);
            }
        }
        for (; i < k; i++)
        {
            Unsafe.Add(ref gw, i) = T.FusedMultiplyAdd(Unsafe.Add(ref xs, i), dz, T.Zero);
            if (inputGradient)
            {
                Unsafe.Add(ref dX, i) = T.FusedMultiplyAdd(dz, Unsafe.Add(ref ws, i), T.Zero);
            }
        }
        if (bias)
        {
            gb = dz;
        }
    }

    // The row kernels run Vector128 lanes (the width of a small layer's units) with a hardware FMA, each lane's result
    // the scalar FMA's.
    private static bool RowLanes<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Simd.Supports<T>() && Vector128.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma<T>(Vector128<T> x, Vector128<T> y, Vector128<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();

    /// <summary>
    /// One pattern back through a dense layer with an element-wise activation, from dLoss/dy: dZ_j = dY_j f'(z_j, y_j)
    /// (what <see cref="MapBackward{T, TFunction}"/> gives each element, lanes included), then <see cref="DenseRowBackward{T}(ref T, ref T, ref T, ref T, ref T, bool, ref T, bool, int, int)"/>,
    /// without a pass and a call between them. z, y, dY, dZ: n; the rest as there, on references the caller has sized.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DenseRowBackward<T, TFunction>(ref T z, ref T y, ref T dY, ref T dZ, ref T x, ref T w, ref T dW, ref T dB, bool bias,
        ref T dX, bool inputGradient, int k, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        if (n == 1 && RowLanes<T>())
        {
            // One unit: its dz goes on from the register.
            T dz = dY * TFunction.Derivative(z, y);
            dZ = dz;
            OneUnitRowBackward(ref x, dz, ref w, ref dW, ref dB, bias, ref dX, inputGradient, k);
            return;
        }
        if (n == Vector128<T>.Count && TFunction.IsVectorized && RowLanes<T>())
        {
            // One vector of units (W1's hidden layer): its dz goes on from the register to dW's rows and dB.
            var dzs = Vector128.LoadUnsafe(ref dY) * TFunction.DerivativeVector<T, W128<T>, Vector128<T>>(Vector128.LoadUnsafe(ref z), Vector128.LoadUnsafe(ref y));
            dzs.StoreUnsafe(ref dZ);
            for (int i = 0; i < k; i++)
            {
                Fma(Vector128.Create(Unsafe.Add(ref x, i)), dzs, Vector128<T>.Zero).StoreUnsafe(ref dW, (nuint)(i * n));
            }
            if (bias)
            {
                dzs.StoreUnsafe(ref dB);
            }
            if (inputGradient)
            {
                RowInputGradient(ref dZ, ref w, ref dX, k, n);
            }
            return;
        }
        int j = 0;
        if (TFunction.IsVectorized && RowLanes<T>())
        {
            for (; j <= n - Vector128<T>.Count; j += Vector128<T>.Count)
            {
                var slope = TFunction.DerivativeVector<T, W128<T>, Vector128<T>>(Vector128.LoadUnsafe(ref z, (nuint)j), Vector128.LoadUnsafe(ref y, (nuint)j));
                (Vector128.LoadUnsafe(ref dY, (nuint)j) * slope).StoreUnsafe(ref dZ, (nuint)j);
            }
        }
        for (; j < n; j++)
        {
            Unsafe.Add(ref dZ, j) = Unsafe.Add(ref dY, j) * TFunction.Derivative(Unsafe.Add(ref z, j), Unsafe.Add(ref y, j));
        }
        DenseRowBackward<T>(ref x, ref dZ, ref w, ref dW, ref dB, bias, ref dX, inputGradient, k, n);
    }

    /// <summary>Row-wise softmax y_i = exp(z_i - max) / sum_j exp(z_j - max): the max shift keeps exp finite.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> z, Span<T> y, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(z.Length >= rows * cols, nameof(z), rows * cols, z.Length);
        Require(y.Length >= rows * cols, nameof(y), rows * cols, y.Length);
        for (int r = 0; r < rows; r++)
        {
            var zr = z.Slice(r * cols, cols);
            var yr = y.Slice(r * cols, cols);
            T max = zr[0];
            for (int j = 1; j < cols; j++)
            {
                max = T.Max(max, zr[j]);
            }
            T sum = T.Zero;
            for (int j = 0; j < cols; j++)
            {
                yr[j] = T.Exp(zr[j] - max);
                sum += yr[j];
            }
            T inv = T.One / sum;
            for (int j = 0; j < cols; j++)
            {
                yr[j] *= inv;
            }
        }
    }

    /// <summary>
    /// Softmax backward as a Jacobian-vector product, row by row:
    /// dZ_i = sum_j J_ji dY_j with J_ji = y_j (delta_ji - y_i), i.e. dZ_i = y_i (dY_i - sum_j y_j dY_j).
    /// </summary>
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(y.Length >= rows * cols, nameof(y), rows * cols, y.Length);
        Require(dY.Length >= rows * cols, nameof(dY), rows * cols, dY.Length);
        Require(dZ.Length >= rows * cols, nameof(dZ), rows * cols, dZ.Length);
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * cols, cols);
            var gr = dY.Slice(r * cols, cols);
            var dr = dZ.Slice(r * cols, cols);
            T dot = T.Zero;
            for (int j = 0; j < cols; j++)
            {
                dot += yr[j] * gr[j];
            }
            for (int i = 0; i < cols; i++)
            {
                dr[i] = yr[i] * (gr[i] - dot);
            }
        }
    }

    /// <summary>D[r, j] = ||x_r - c_j||^2. X: rows x inputs, C: units x inputs, D: rows x units.</summary>
    public static void SquaredDistances<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> c, Span<T> d, int rows, int inputs, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(x.Length >= rows * inputs, nameof(x), rows * inputs, x.Length);
        Require(c.Length >= units * inputs, nameof(c), units * inputs, c.Length);
        Require(d.Length >= rows * units, nameof(d), rows * units, d.Length);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * inputs, inputs);
            for (int j = 0; j < units; j++)
            {
                var cj = c.Slice(j * inputs, inputs);
                T sum = T.Zero;
                for (int k = 0; k < inputs; k++)
                {
                    T diff = xr[k] - cj[k];
                    sum += diff * diff;
                }
                d[r * units + j] = sum;
            }
        }
    }

    /// <summary>Gaussian units y_j = exp(-beta_j D_j) from squared distances D. D, Y: rows x units; beta: units.</summary>
    public static void Gaussian<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> beta, Span<T> y, int rows, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(d.Length >= rows * units, nameof(d), rows * units, d.Length);
        Require(beta.Length >= units, nameof(beta), units, beta.Length);
        Require(y.Length >= rows * units, nameof(y), rows * units, y.Length);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < units; j++)
            {
                y[r * units + j] = T.Exp(-beta[j] * d[r * units + j]);
            }
        }
    }

    /// <summary>
    /// Backward of Gaussian units y_j = exp(-beta_j ||x - c_j||^2), with g = dY * y:
    /// dBeta_j += -sum_r g_rj D_rj; dC_jk += sum_r 2 beta_j g_rj (x_rk - c_jk); dX_rk = -sum_j 2 beta_j g_rj (x_rk - c_jk).
    /// dX may be empty when the input gradient is not wanted.
    /// </summary>
    public static void GaussianBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> c, ReadOnlySpan<T> beta, ReadOnlySpan<T> d,
        ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dC, Span<T> dBeta, Span<T> dX, int rows, int inputs, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(x.Length >= rows * inputs, nameof(x), rows * inputs, x.Length);
        Require(c.Length >= units * inputs, nameof(c), units * inputs, c.Length);
        Require(beta.Length >= units, nameof(beta), units, beta.Length);
        Require(y.Length >= rows * units, nameof(y), rows * units, y.Length);
        Require(dY.Length >= rows * units, nameof(dY), rows * units, dY.Length);
        Require(dC.Length >= units * inputs, nameof(dC), units * inputs, dC.Length);
        Require(dBeta.Length >= units, nameof(dBeta), units, dBeta.Length);
        bool wantInput = !dX.IsEmpty;
        if (wantInput)
        {
            Require(dX.Length >= rows * inputs, nameof(dX), rows * inputs, dX.Length);
            dX[..(rows * inputs)].Clear();
        }
        T two = T.One + T.One;
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * inputs, inputs);
            for (int j = 0; j < units; j++)
            {
                T grj = dY[r * units + j] * y[r * units + j];
                dBeta[j] -= grj * d[r * units + j];
                T s = two * beta[j] * grj;
                var cj = c.Slice(j * inputs, inputs);
                var dcj = dC.Slice(j * inputs, inputs);
                for (int k = 0; k < inputs; k++)
                {
                    T diff = xr[k] - cj[k];
                    dcj[k] += s * diff;
                    if (wantInput)
                    {
                        dX[r * inputs + k] -= s * diff;
                    }
                }
            }
        }
    }

    /// <summary>sum_i (y_i - t_i)^2 over the first n elements, accumulated in double.</summary>
    public static double SumOfSquaredDifferences<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(output.Length >= n && target.Length >= n, nameof(output), n, Math.Min(output.Length, target.Length));
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double diff = double.CreateChecked(output[i] - target[i]);
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>d_i = scale * (y_i - t_i).</summary>
    public static void ScaledDifference<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> d, int n, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(output.Length >= n && target.Length >= n && d.Length >= n, nameof(d), n, Math.Min(d.Length, Math.Min(output.Length, target.Length)));
        for (int i = 0; i < n; i++)
        {
            d[i] = scale * (output[i] - target[i]);
        }
    }

    /// <summary>Throws unless a span holds at least the needed number of elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Require(bool ok, string name, int needed, int actual)
    {
        if (!ok)
        {
            Throw(name, needed, actual);
        }
    }

    private static void Throw(string name, int needed, int actual) =>
        throw new ArgumentException($"'{name}' holds {actual} elements but {needed} are needed.", name);
}
