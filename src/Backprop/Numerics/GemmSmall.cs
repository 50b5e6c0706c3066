using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Numerics;

/// <summary>
/// GEMM for small shapes (all operands in L1) with FMA tiles at the width the hardware runs (Vector512 on AVX-512,
/// Vector256 on AVX2 + FMA) and no packing of A: each tile of C is up to
/// 8 rows (6 with AVX2) by one or two vectors, the last vector masked to the width of C, so a narrow C (a 10-class
/// output layer) costs one masked vector per row instead of a scalar tail. A is read in place in either layout; B in
/// place, or, when stored transposed, after one copy of op(B) into a per-thread buffer.
/// Every element of C is one FMA chain over p from 0 in order, added to C at the end when accumulating: the same
/// arithmetic as <see cref="GemmBlocked{T}"/> gives for k up to its block, whichever tile holds the element.
/// </summary>
internal static class GemmSmall<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Largest k taken with B stored transposed. op(B) is then copied first, element by element; with at most this
    /// many rows the copy is cheap next to the tiles, while longer rows of B do better as the direct loop's dot
    /// products or through the blocked path's vectorised transposing pack.
    /// </summary>
    public const int MaxTransposedK = 16;

    /// <summary>
    /// C (m x n) = op(A) op(B), or C += op(A) op(B); same operand layouts as <see cref="Gemm.Multiply{T}"/>.
    /// At most <see cref="Gemm.SmallWork"/> multiply-adds; with <paramref name="transB"/>, m must be at least 2.
    /// Only when <see cref="GemmBlocked{T}.IsSupported"/>: it runs at the same width. Rows i0 .. i1 of C only.
    /// </summary>
    public static void Run(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1)
    {
        if (Simd.Use512<T>())
            GemmSmall<T, W512<T>, Vector512<T>>.Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1);
        else
            GemmSmall<T, W256<T>, Vector256<T>>.Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1);
    }
}

/// <summary><see cref="GemmSmall{T}"/> at one vector width.</summary>
internal static unsafe class GemmSmall<T, TW, TV>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TW : struct, IWidth<TV, T>
    where TV : struct
{
    // Rows per tile: 2 MR accumulators, two vectors of B, the mask and a broadcast fit the registers: 8 rows with
    // 32 zmm (AVX-512), 6 with 16 ymm (AVX2).
    private static int MR => TW.Registers == 32 ? 8 : 6;

    [ThreadStatic] private static T[]? packB;

    // Rows i0 .. i1 of C; each element's arithmetic does not depend on which tile holds it.
    // Called thousands of times in a short training run: compiled fully optimised at once (as are the tiles) rather
    // than waiting for tiered compilation to promote it while the run is already half over.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1)
    {
        fixed (T* pa = a, pb = b, pc = c)
        {
            T* bp = pb;
            if (transB)
            {
                // op(B)[p, j] = B[j, p]: copy it row-major (k x n) so the tiles read whole vectors of a row.
                // Pinned, grown to the largest op(B) seen and kept for the thread's life: no allocation in steady use.
                if (packB is null || packB.Length < k * n)
                    packB = GC.AllocateUninitializedArray<T>(k * n, pinned: true);
                bp = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(packB));
                for (int p = 0; p < k; p++)
                {
                    T* src = pb + p, dst = bp + (nint)p * n;
                    for (int j = 0; j < n; j++, src += k)
                        dst[j] = *src;
                }
            }
            // Element (i, p) of op(A) is at i * rowStep + p * kStep.
            nint rowStep = transA ? 1 : k, kStep = transA ? m : 1;
            int width = TW.Count;
            // Column blocks of two vectors (one for the last when it is at most a vector wide); B's block stays in L1
            // while the row tiles run down it.
            for (int j = 0; j < n; j += 2 * width)
            {
                int cols = Math.Min(2 * width, n - j);
                bool two = cols > width;
                TV mask = TW.FirstLanes(two ? cols - width : cols);
                for (int i = i0; i < i1; i += MR)
                {
                    int rows = Math.Min(MR, i1 - i);
                    T* ap = pa + i * rowStep;
                    T* cp = pc + (nint)i * n + j;
                    if (two)
                        Tile<R2>(rows, ap, rowStep, kStep, bp + j, n, k, cp, n, mask, accumulate);
                    else
                        Tile<R1>(rows, ap, rowStep, kStep, bp + j, n, k, cp, n, mask, accumulate);
                }
            }
        }
    }

    // One row of a tile into C: the first vector whole when there are two, the last masked.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TCols>(T* c, TV v0, TV v1, TV mask, bool add)
        where TCols : struct, IRows
    {
        if (TCols.Count == 1)
        {
            if (add)
                v0 = TW.Add(v0, TW.MaskLoad(c, mask));
            TW.MaskStore(c, mask, v0);
        }
        else
        {
            if (add)
            {
                v0 = TW.Add(v0, TW.Load(c));
                v1 = TW.Add(v1, TW.MaskLoad(c + TW.Count, mask));
            }
            TW.Store(v0, c);
            TW.MaskStore(c + TW.Count, mask, v1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TCols>(int rows, T* a, nint rowStep, nint kStep, T* b, nint ldb, int k, T* c, nint ldc,
        TV mask, bool add)
        where TCols : struct, IRows
    {
        switch (rows)
        {
            case 1: Tile<R1, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            case 2: Tile<R2, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            case 3: Tile<R3, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            case 4: Tile<R4, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            case 5: Tile<R5, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            case 6: Tile<R6, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            case 7: Tile<R7, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
            default: Tile<R8, TCols>(a, rowStep, kStep, b, ldb, k, c, ldc, mask, add); break;
        }
    }

    // TRows x TCols vectors of C, accumulated from zero over p = 0 .. k-1 and written (or added) once at the end.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows, TCols>(T* a, nint rowStep, nint kStep, T* b, nint ldb, int k, T* c, nint ldc,
        TV mask, bool add)
        where TRows : struct, IRows
        where TCols : struct, IRows
    {
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        TV c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        T* a1 = a + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep, a4 = a3 + rowStep, a5 = a4 + rowStep, a6 = a5 + rowStep, a7 = a6 + rowStep;
        for (int p = 0; p < k; p++)
        {
            TV b0, b1 = default;
            if (TCols.Count == 1)
            {
                b0 = TW.MaskLoad(b, mask);
            }
            else
            {
                b0 = TW.Load(b);
                b1 = TW.MaskLoad(b + TW.Count, mask);
            }
            nint o = p * kStep;
            TV ar;
            ar = TW.Create(a[o]); c00 = TW.FusedMultiplyAdd(ar, b0, c00); if (TCols.Count > 1) c01 = TW.FusedMultiplyAdd(ar, b1, c01);
            if (TRows.Count > 1) { ar = TW.Create(a1[o]); c10 = TW.FusedMultiplyAdd(ar, b0, c10); if (TCols.Count > 1) c11 = TW.FusedMultiplyAdd(ar, b1, c11); }
            if (TRows.Count > 2) { ar = TW.Create(a2[o]); c20 = TW.FusedMultiplyAdd(ar, b0, c20); if (TCols.Count > 1) c21 = TW.FusedMultiplyAdd(ar, b1, c21); }
            if (TRows.Count > 3) { ar = TW.Create(a3[o]); c30 = TW.FusedMultiplyAdd(ar, b0, c30); if (TCols.Count > 1) c31 = TW.FusedMultiplyAdd(ar, b1, c31); }
            if (TRows.Count > 4) { ar = TW.Create(a4[o]); c40 = TW.FusedMultiplyAdd(ar, b0, c40); if (TCols.Count > 1) c41 = TW.FusedMultiplyAdd(ar, b1, c41); }
            if (TRows.Count > 5) { ar = TW.Create(a5[o]); c50 = TW.FusedMultiplyAdd(ar, b0, c50); if (TCols.Count > 1) c51 = TW.FusedMultiplyAdd(ar, b1, c51); }
            if (TRows.Count > 6) { ar = TW.Create(a6[o]); c60 = TW.FusedMultiplyAdd(ar, b0, c60); if (TCols.Count > 1) c61 = TW.FusedMultiplyAdd(ar, b1, c61); }
            if (TRows.Count > 7) { ar = TW.Create(a7[o]); c70 = TW.FusedMultiplyAdd(ar, b0, c70); if (TCols.Count > 1) c71 = TW.FusedMultiplyAdd(ar, b1, c71); }
            b += ldb;
        }
        StoreRow<TCols>(c, c00, c01, mask, add);
        if (TRows.Count > 1) StoreRow<TCols>(c + 1 * ldc, c10, c11, mask, add);
        if (TRows.Count > 2) StoreRow<TCols>(c + 2 * ldc, c20, c21, mask, add);
        if (TRows.Count > 3) StoreRow<TCols>(c + 3 * ldc, c30, c31, mask, add);
        if (TRows.Count > 4) StoreRow<TCols>(c + 4 * ldc, c40, c41, mask, add);
        if (TRows.Count > 5) StoreRow<TCols>(c + 5 * ldc, c50, c51, mask, add);
        if (TRows.Count > 6) StoreRow<TCols>(c + 6 * ldc, c60, c61, mask, add);
        if (TRows.Count > 7) StoreRow<TCols>(c + 7 * ldc, c70, c71, mask, add);
    }
}
