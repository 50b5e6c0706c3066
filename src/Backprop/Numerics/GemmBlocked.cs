using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Backprop.Activations;

namespace Backprop.Numerics;

/// <summary>
/// Blocked, packed GEMM for float and double with an FMA micro-kernel at the width the hardware runs
/// (<see cref="Simd"/>): Vector512 on AVX-512, Vector256 on AVX2 + FMA.
/// </summary>
internal static unsafe class GemmBlocked<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The CPU runs one of the kernel's widths for <typeparamref name="T"/>.</summary>
    public static bool IsSupported => Simd.Use512<T>() || Simd.Use256<T>();

    /// <summary>Rows of C per micro-kernel tile at the width the hardware runs (1 where the kernel does not run).</summary>
    public static int TileRows => Simd.Use512<T>() ? GemmBlocked<T, W512<T>, Vector512<T>>.MR
        : Simd.Use256<T>() ? GemmBlocked<T, W256<T>, Vector256<T>>.MR : 1;

    /// <summary>
    /// Rows i0 .. i1 of C = op(A) op(B) (or C += ...) as <see cref="Gemm.Multiply{T}"/>; only when
    /// <see cref="IsSupported"/>. Threads only when the rows are all of C.
    /// </summary>
    public static void Run(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1, int threads)
    {
        if (Simd.Use512<T>())
            GemmBlocked<T, W512<T>, Vector512<T>>.Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1, threads);
        else
            GemmBlocked<T, W256<T>, Vector256<T>>.Run(a, b, c, m, k, n, transA, transB, accumulate, i0, i1, threads);
    }

    /// <summary>Columns of C per micro-kernel tile (a panel of B) at the width the hardware runs.</summary>
    public static int TileColumns => Simd.Use512<T>() ? GemmBlocked<T, W512<T>, Vector512<T>>.NR
        : Simd.Use256<T>() ? GemmBlocked<T, W256<T>, Vector256<T>>.NR : 1;

    /// <summary>
    /// True when <see cref="Run"/> on an m-row, n-column C (B not transposed) reads B in place, unpacked, and does not
    /// compute C^T: then <see cref="RunColumns"/> gives columns of that C.
    /// </summary>
    public static bool ReadsBInPlace(int m, int n) => Simd.Use512<T>()
        ? GemmBlocked<T, W512<T>, Vector512<T>>.ReadsBInPlace(m, n)
        : GemmBlocked<T, W256<T>, Vector256<T>>.ReadsBInPlace(m, n);

    /// <summary>
    /// Columns j0 .. j1 (j0 a multiple of <see cref="TileColumns"/>) of all rows of C = A B (neither transposed, C
    /// overwritten) on the calling thread, the other columns untouched: the same tiles and FMA chains as
    /// <see cref="Run"/>, so the same bits. Only where <see cref="KeepsC"/>.
    /// </summary>
    public static void RunColumns(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int j0, int j1)
    {
        if (Simd.Use512<T>())
            GemmBlocked<T, W512<T>, Vector512<T>>.RunColumns(a, b, c, m, k, n, j0, j1);
        else
            GemmBlocked<T, W256<T>, Vector256<T>>.RunColumns(a, b, c, m, k, n, j0, j1);
    }

    /// <summary>
    /// True when <see cref="Run"/> on an m-row, n-column C (B not transposed) computes C as it is, not C^T: then
    /// <see cref="RunColumns"/> gives columns of that C, B read in place or packed by the part (its panels only).
    /// </summary>
    public static bool KeepsC(int m, int n) => Simd.Use512<T>()
        ? GemmBlocked<T, W512<T>, Vector512<T>>.KeepsC(m, n)
        : GemmBlocked<T, W256<T>, Vector256<T>>.KeepsC(m, n);

    /// <summary>
    /// True when <see cref="Run"/> on an m-row, n-column C (B not transposed) packs B, so that a B packed once
    /// (<see cref="RunPacked"/>) saves work: not for a few rows (B read in place) nor a thin C (computed as C^T).
    /// </summary>
    public static bool PacksB(int m, int n) => Simd.Use512<T>()
        ? GemmBlocked<T, W512<T>, Vector512<T>>.PacksB(m, n)
        : GemmBlocked<T, W256<T>, Vector256<T>>.PacksB(m, n);

    /// <summary>Elements <see cref="Pack"/> writes for a k x n B (not transposed), 64-byte alignment not included.</summary>
    public static int PackedLength(int k, int n) => Simd.Use512<T>()
        ? GemmBlocked<T, W512<T>, Vector512<T>>.PackedLength(k, n)
        : GemmBlocked<T, W256<T>, Vector256<T>>.PackedLength(k, n);

    /// <summary>
    /// B (k x n, row-major, not transposed) in the panel layout <see cref="RunPacked"/> reads: what <see cref="Run"/>
    /// packs for itself on each call, packed once. <paramref name="packed"/> is 64-byte aligned, PackedLength long.
    /// </summary>
    public static void Pack(ReadOnlySpan<T> b, int k, int n, T* packed)
    {
        if (Simd.Use512<T>())
            GemmBlocked<T, W512<T>, Vector512<T>>.Pack(b, k, n, packed);
        else
            GemmBlocked<T, W256<T>, Vector256<T>>.Pack(b, k, n, packed);
    }

    /// <summary>
    /// <see cref="Run"/> (neither operand transposed, C overwritten) with B already packed by <see cref="Pack"/>: the
    /// same tiles and FMA chains, so the same bits; <paramref name="b"/> is read only where the shape makes the kernel
    /// compute C^T (a thin C).
    /// </summary>
    public static void RunPacked(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T* packed, Span<T> c, int m, int k, int n,
        int i0, int i1, int threads)
    {
        if (Simd.Use512<T>())
            GemmBlocked<T, W512<T>, Vector512<T>>.Run(a, b, c, m, k, n, false, false, false, i0, i1, threads, packed);
        else
            GemmBlocked<T, W256<T>, Vector256<T>>.Run(a, b, c, m, k, n, false, false, false, i0, i1, threads, packed);
    }

    /// <summary>
    /// Rows i0 .. i1 of <see cref="RunPacked"/>'s C on the calling thread, each tile then finished while it is in L1:
    /// z = C + bias (bias: n), y = f(z), in the order and with the lane forms
    /// <see cref="Kernels.AddBiasMap{T, TFunction}"/> uses, so the same bits as that pass over the product. Only for
    /// shapes <see cref="PacksB"/> accepts.
    /// </summary>
    public static void RunPackedBiasMap<TFunction>(ReadOnlySpan<T> a, T* packed, ReadOnlySpan<T> bias, Span<T> z, Span<T> y,
        int m, int k, int n, int i0, int i1)
        where TFunction : IActivationFunction
    {
        if (Simd.Use512<T>())
            GemmBlocked<T, W512<T>, Vector512<T>>.RunBiasMap<TFunction>(a, packed, bias, z, y, m, k, n, i0, i1);
        else
            GemmBlocked<T, W256<T>, Vector256<T>>.RunBiasMap<TFunction>(a, packed, bias, z, y, m, k, n, i0, i1);
    }
}

/// <summary>
/// <see cref="GemmBlocked{T}"/> at one vector width (Goto/BLIS loop order jc / pc / ic / jr / ir). Each thread packs
/// into its own buffers, allocated once and reused. The result does not depend on the width: every element is the
/// same FMA chains over the same k blocks.
/// </summary>
internal static unsafe class GemmBlocked<T, TW, TV>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TW : struct, IWidth<TV, T>
    where TV : struct
{
    // Tile of C per micro-kernel call: MR rows x NR columns (two vectors). 2 MR accumulators, two vectors of B and a
    // broadcast of A fit the registers: 14 rows with 32 zmm (AVX-512), 6 with 16 ymm (AVX2).
    internal static int MR => TW.Registers == 32 ? 14 : 6;
    internal static int NR => 2 * TW.Count;
    // At most this many rows of C, B (not transposed) is read in place, not packed: with few rows each B value is used
    // only a few times. Measured per width: on an AVX-512 host reading in place won at 64 rows (+12%); on an AVX2 Zen 3
    // host packing won from 64 rows (about 9% on 64 x 784 x 256: B's rows 1 KB apart crowd a few L1 sets) and tied at 32.
    private static int InPlaceBRows => TW.Registers == 32 ? 96 : 32;
    // KC x NR of B (32 KB at KC=256) stays in L1 while the A panels stream; MC x KC of A stays in L2.
    private const int KC = 256;
    private static int MC => 12 * MR;
    private const int NC = 2048;
    // At most this many rows per tile, A (not transposed) is read in place: one general register per row stream.
    private const int InPlaceARows = 6;
    // At most this many bytes between a tile's first and last k step, A stored transposed is read in place: 64 pages of
    // 4 KB, about what the first-level TLB maps (on an AVX-512 Xeon dW2 = 256 x 256 x 128 ran 25% faster in place, dW1
    // at batch 64 (200 KB) 7%, while dW1 at batch 256 (800 KB apart) ran 3-6% slower than over packed panels).
    private const long StridedASpan = 256 * 1024;
    // Below this many multiply-adds a second thread costs more than it saves.
    private const long ParallelWork = 96L * 96 * 96;
    // Packing writes whole vectors past the end of a panel (overlapping stores); room for that.
    private const int Slack = 64;

    [ThreadStatic] private static T[]? packA;
    [ThreadStatic] private static T[]? packB;

    private static Job job;
    private static readonly Action<int> RunPartAction = RunPart;

    // TransposeC: the job computes C^T = op(B)^T op(A)^T, so element (i, j) of the job is C[j, i].
    // Packed: B already in panels (Pack's layout), or null when each region packs its own.
    // Bias and Y: where Region<TMap> finishes each tile (z = C + bias, y = f(z)); null otherwise.
    private readonly struct Job(T* a, T* b, T* c, int m, int k, int n, bool transA, bool transB, bool accumulate,
        bool transposeC, bool splitRows, int tiles, int parts, T* packed, T* bias = null, T* y = null)
    {
        public readonly T* A = a, B = b, C = c, Packed = packed, Bias = bias, Y = y;
        public readonly int M = m, K = k, N = n;
        public readonly bool TransA = transA, TransB = transB, Accumulate = accumulate, TransposeC = transposeC;
        public readonly bool SplitRows = splitRows;
        public readonly int Tiles = tiles, Parts = parts;
    }

    public static void Run(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int threads) => Run(a, b, c, m, k, n, transA, transB, accumulate, 0, m, threads);

    // Rows i0 .. i1 of C. An element's value does not depend on the region that holds it, so part of C gets the
    // bits the whole product gives it.
    public static void Run(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA, bool transB, bool accumulate, int i0, int i1, int threads, T* packed = null)
    {
        bool whole = i0 == 0 && i1 == m;
        // A thin C (n under a tile's width) wastes most of each tile: compute C^T instead, whose rows are the short
        // side, and write it back transposed, where that pads less (a 10-class layer: 10 of 12 rows used, not 10 of 16
        // columns). Each element is the same FMA chain either way.
        bool transposeC = TransposesC(m, n);
        if (transposeC)
        {
            packed = null;
            ReadOnlySpan<T> swap = a;
            a = b;
            b = swap;
            (m, n, transA, transB) = (n, m, !transB, !transA);
        }
        // Split the larger side of C: the other operand's packing is then repeated by each thread on the smaller side.
        int rowTiles = (m + MR - 1) / MR, colTiles = (n + NR - 1) / NR;
        bool splitRows = rowTiles >= colTiles;
        int tiles = splitRows ? rowTiles : colTiles;
        int parts = !whole || (long)m * n * k < ParallelWork ? 1 : Math.Min(Math.Min(threads, GemmPool.MaxParts), tiles);
        fixed (T* pa = a, pb = b, pc = c)
        {
            var work = new Job(pa, pb, pc, m, k, n, transA, transB, accumulate, transposeC, splitRows, tiles, parts, packed);
            if (parts > 1 && GemmPool.TryEnter())
            {
                try
                {
                    job = work;
                    GemmPool.Run(parts, RunPartAction);
                }
                finally
                {
                    job = default;
                    GemmPool.Exit();
                }
            }
            else
            {
                // Rows of C are columns of the job when it computes C^T.
                if (transposeC)
                    Region<NoMap>(work, 0, m, i0, i1);
                else
                    Region<NoMap>(work, i0, i1, 0, n);
            }
        }
    }

    // B's columns rounded up to whole panels.
    private static int PanelColumns(int n) => (n + NR - 1) / NR * NR;

    // Equal k blocks of at most KC (a multiple of 16 for the transposes): no short, overhead-heavy last block.
    private static int KBlock(int k)
    {
        int kBlocks = (k + KC - 1) / KC;
        return ((k + kBlocks - 1) / kBlocks + 15) & ~15;
    }

    public static int PackedLength(int k, int n) => k * PanelColumns(n) + Slack;

    public static bool PacksB(int m, int n) => m > InPlaceBRows && !TransposesC(m, n);

    public static bool ReadsBInPlace(int m, int n) => m <= InPlaceBRows && !TransposesC(m, n);

    public static bool KeepsC(int m, int n) => !TransposesC(m, n);

    // Columns j0 .. j1 of C = A B over all rows: the tiles Run's region over all columns has there (j0 on a panel
    // boundary), B read in place as there or, for many rows, the part's panels of B packed by the part.
    public static void RunColumns(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int j0, int j1)
    {
        if (TransposesC(m, n) || j0 % NR != 0 || j0 < 0 || j1 > n || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException($"RunColumns needs a {m} x {k} x {n} product whose C the kernel does not transpose, columns on a panel boundary within C and operands that hold them.");
        fixed (T* pa = a, pb = b, pc = c)
        {
            var work = new Job(pa, pb, pc, m, k, n, false, false, false, false, false, 0, 1, null);
            Region<NoMap>(work, 0, m, j0, j1);
        }
    }

    private static bool TransposesC(int m, int n) => m > n && n < NR && Padded(n, m) < Padded(m, n);

    // Every k block's panels, one after another: block pc starts at pc * PanelColumns(n), its panel jr at jr * kc from
    // there, as PackB lays out one block (zero past the edge of B).
    public static void Pack(ReadOnlySpan<T> b, int k, int n, T* packed)
    {
        fixed (T* pb = b)
        {
            var work = new Job(null, pb, null, 0, k, n, false, false, false, false, false, 0, 0, null);
            int kBlock = KBlock(k), width = PanelColumns(n);
            for (int pc = 0; pc < k; pc += kBlock)
                PackB(work, pc, Math.Min(kBlock, k - pc), 0, n, false, packed + (nint)pc * width);
        }
    }

    // Elements of the MR x NR tiles covering an m x n C.
    private static long Padded(int m, int n) => (long)((m + MR - 1) / MR * MR) * ((n + NR - 1) / NR * NR);

    // Part p of a fixed partition: a contiguous run of whole tiles along the split side.
    private static void RunPart(int part)
    {
        Job work = job;
        int t0 = (int)((long)work.Tiles * part / work.Parts), t1 = (int)((long)work.Tiles * (part + 1) / work.Parts);
        if (work.SplitRows)
            Region<NoMap>(work, t0 * MR, Math.Min(t1 * MR, work.M), 0, work.N);
        else
            Region<NoMap>(work, 0, work.M, t0 * NR, Math.Min(t1 * NR, work.N));
    }

    public static void RunBiasMap<TFunction>(ReadOnlySpan<T> a, T* packed, ReadOnlySpan<T> bias, Span<T> z, Span<T> y,
        int m, int k, int n, int i0, int i1)
        where TFunction : IActivationFunction
    {
        if (!PacksB(m, n) || i0 < 0 || i1 > m || a.Length < (long)m * k || bias.Length < n || z.Length < (long)m * n || y.Length < (long)m * n)
            throw new ArgumentException($"RunBiasMap needs a {m} x {k} x {n} product whose B the kernel packs, rows within C and operands that hold them.");
        if (i0 >= i1)
            return;
        fixed (T* pa = a, pbias = bias, pz = z, py = y)
        {
            var work = new Job(pa, null, pz, m, k, n, false, false, false, false, true, 0, 1, packed, pbias, py);
            Region<BiasMap<TFunction>>(work, i0, i1, 0, n);
        }
    }

    // C[i0..i1, j0..j1] over the full k, on the calling thread; with a TMap that maps, each tile finished after its
    // last k block (C not transposed).
    private static void Region<TMap>(in Job work, int i0, int i1, int j0, int j1)
        where TMap : struct, ITileMap
    {
        if (i0 >= i1 || j0 >= j1)
            return;
        T* bufA = Buffer(ref packA, MC * KC);
        T* bufB = Buffer(ref packB, KC * NC);
        T* scratch = stackalloc T[MR * NR];
        int k = work.K;
        nint ldb = work.N;
        // Where element (i, j) of the job lives in C: i * rowStride + j * colStride.
        nint rowStride = work.TransposeC ? 1 : work.N, colStride = work.TransposeC ? work.M : 1;
        int kBlock = KBlock(k);
        // With few rows each B value is used only a few times: the kernel reads whole panels straight from B (unless
        // it is packed already).
        bool directB = work.Packed == null && !work.TransB && i1 - i0 <= InPlaceBRows;
        // A stored row-major is read in place (each row a stream along k, as MLAS does) instead of transposed into
        // panels; only with MR row streams that fit the general registers beside the loop's own (AVX2's 6). With 32
        // vector registers, a product whose B is packed and not transposed (the forward pass's x W over many rows)
        // reads A in place too, in tiles of InPlaceARows rows (12 accumulators still hide the FMA latency): on an
        // AVX-512 Xeon the W2 forward pass at batch 256 ran 9% faster per CPU-second than with 14-row tiles over packed A
        // (5% of its time was packing A); with B read in place (64 rows) the 6-row tiles read B twice as often: 8% slower.
        bool directA = !work.TransA && (MR <= InPlaceARows || (!work.TransB && !directB));
        int tileRows = directA ? Math.Min(MR, InPlaceARows) : MR;
        // A stored transposed (k x m) holds each k step's MR values of a tile side by side, as a packed panel does,
        // only m apart instead of MR: read in place, without packing.
        bool columnsA = work.TransA && (long)kBlock * work.M * sizeof(T) <= StridedASpan;
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kBlock)
            {
                int kc = Math.Min(kBlock, k - pc);
                bool add = work.Accumulate || pc > 0;
                T* blockB = bufB;
                if (work.Packed != null)
                    blockB = work.Packed + (nint)pc * PanelColumns(work.N) + (nint)jc * kc;
                else
                    PackB(work, pc, kc, jc, nc, directB, bufB);
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    if (!directA && !columnsA)
                        PackA(work, ic, mc, pc, kc, bufA);
                    // A panel of B stays in L1 while the rows of A stream past it (ir inner). On AVX2 with A in place,
                    // a tile's rows of A stay in L1 while the panels of B stream past them (jr inner), as MLAS orders it;
                    // on AVX-512 the 6-row tiles then read 128 bytes of B from L2 per 12 FMAs (L2-bound): ir inner ran
                    // the W2 forward pass faster.
                    int rowTiles = (mc + tileRows - 1) / tileRows, colTiles = (nc + NR - 1) / NR;
                    bool colsInner = directA && TW.Registers != 32;
                    for (int t = 0; t < rowTiles * colTiles; t++)
                    {
                        int ir = (colsInner ? t / colTiles : t % rowTiles) * tileRows, jr = (colsInner ? t % colTiles : t / rowTiles) * NR;
                        int mr = Math.Min(tileRows, mc - ir), nr = Math.Min(NR, nc - jr);
                        bool fromB = directB && nr == NR;
                        T* bp = fromB ? work.B + pc * ldb + jc + jr : blockB + (nint)jr * kc;
                        nint bStep = fromB ? ldb : NR;
                        T* ap = directA ? work.A + (nint)(ic + ir) * k + pc
                            : columnsA ? work.A + (nint)pc * work.M + ic + ir : bufA + (nint)ir * kc;
                        nint lda = columnsA ? work.M : k;
                        ALayout layout = directA ? ALayout.Rows : columnsA ? ALayout.Columns : ALayout.Packed;
                        T* cp = work.C + (ic + ir) * rowStride + (jc + jr) * colStride;
                        if (nr == NR && !work.TransposeC)
                        {
                            Kernel(mr, layout, ap, lda, bp, bStep, kc, cp, rowStride, add);
                        }
                        else
                        {
                            Kernel(mr, layout, ap, lda, bp, bStep, kc, scratch, NR, false);
                            AddTile(scratch, NR, mr, nr, cp, rowStride, colStride, add);
                        }
                        if (TMap.Maps && pc + kc == k)
                            MapTile<TMap>(cp, work.Y + (cp - work.C), rowStride, mr, nr, work.Bias + jc + jr);
                    }
                }
            }
        }
    }

    private static T* Buffer(ref T[]? array, int length)
    {
        // Pinned (never moves), over-allocated so the start can be 64-byte aligned; kept for the thread's life.
        array ??= GC.AllocateUninitializedArray<T>(length + Slack + 64 / sizeof(T), pinned: true);
        nuint p = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((p + 63) & ~(nuint)63);
    }

    // z = z + b, y = f(z) on a finished tile (rows x cols at ld apart), as Kernels.AddBiasMap computes each element:
    // whole vectors where f has a vector form (its lanes give the scalar form's bits), else element by element.
    private static void MapTile<TMap>(T* z, T* y, nint ld, int rows, int cols, T* bias)
        where TMap : struct, ITileMap
    {
        if (cols == NR && TMap.IsVectorized && Simd.Lanes<T, TW, TV>())
        {
            TV b0 = TW.Load(bias), b1 = TW.Load(bias + TW.Count);
            for (int r = 0; r < rows; r++, z += ld, y += ld)
            {
                TV v0 = TW.Add(TW.Load(z), b0), v1 = TW.Add(TW.Load(z + TW.Count), b1);
                TW.Store(v0, z);
                TW.Store(v1, z + TW.Count);
                TW.Store(TMap.Vector<T, TW, TV>(v0), y);
                TW.Store(TMap.Vector<T, TW, TV>(v1), y + TW.Count);
            }
            return;
        }
        for (int r = 0; r < rows; r++, z += ld, y += ld)
        {
            for (int j = 0; j < cols; j++)
            {
                T v = z[j] + bias[j];
                z[j] = v;
                y[j] = TMap.Scalar(v);
            }
        }
    }

    private static void AddTile(T* src, nint lds, int rows, int cols, T* c, nint rowStride, nint colStride, bool add)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                T* e = c + r * rowStride + j * colStride;
                *e = add ? *e + src[r * lds + j] : src[r * lds + j];
            }
        }
    }

    // A panels: for each MR rows of op(A)[ic.., pc..], kc steps of MR values (row r of step p at p * MR + r).
    private static void PackA(in Job work, int ic, int mc, int pc, int kc, T* dst)
    {
        int m = work.M, k = work.K;
        int width = (MR + TW.Count - 1) / TW.Count * TW.Count;
        for (int ir = 0; ir < mc; ir += MR)
        {
            int mr = Math.Min(MR, mc - ir);
            T* d = dst + (nint)ir * kc;
            if (work.TransA)
            {
                // Row p of the panel is contiguous in A (stored k x m): whole-vector copies when the read stays inside A.
                T* src = work.A + (nint)pc * m + ic + ir;
                if (mr == MR && (long)(pc + kc - 1) * m + ic + ir + width <= (long)k * m)
                {
                    for (int p = 0; p < kc; p++, src += m, d += MR)
                        for (int v = 0; v < width; v += TW.Count)
                            TW.Store(TW.Load(src + v), d + v);
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += m, d += MR)
                        for (int r = 0; r < mr; r++)
                            d[r] = src[r];
                }
            }
            else
            {
                // Rows of A are contiguous in k: transpose blocks of a vector's lanes squared (float), scalar otherwise.
                T* src = work.A + (nint)(ic + ir) * k + pc;
                int p = 0;
                if (typeof(T) == typeof(float))
                {
                    for (; p + TW.Count <= kc; p += TW.Count)
                        TransposeBlock(src + p, k, mr, d + p * MR, MR);
                }
                for (; p < kc; p++)
                    for (int r = 0; r < mr; r++)
                        d[p * MR + r] = src[(nint)r * k + p];
            }
        }
    }

    // B panels: for each NR columns of op(B)[pc.., jc..], kc steps of NR values, zero past the edge of B.
    // edgeOnly: just the last, partial panel (the full ones are read in place).
    private static void PackB(in Job work, int pc, int kc, int jc, int nc, bool edgeOnly, T* dst)
    {
        int n = work.N, k = work.K;
        int nrFull = NR;
        for (int jr = 0; jr < nc; jr += nrFull)
        {
            int nr = Math.Min(nrFull, nc - jr);
            if (edgeOnly && nr == nrFull)
                continue;
            T* d = dst + (nint)jr * kc;
            if (!work.TransB)
            {
                T* src = work.B + (nint)pc * n + jc + jr;
                if (nr == nrFull)
                {
                    for (int p = 0; p < kc; p++, src += n, d += nrFull)
                    {
                        TW.Store(TW.Load(src), d);
                        TW.Store(TW.Load(src + TW.Count), d + TW.Count);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += n, d += nrFull)
                        for (int j = 0; j < nrFull; j++)
                            d[j] = j < nr ? src[j] : T.Zero;
                }
            }
            else
            {
                // B is stored n x k: column j of op(B) is row j of B, contiguous in k.
                T* src = work.B + (nint)(jc + jr) * k + pc;
                int p = 0;
                int lanes = TW.Count;
                if (typeof(T) == typeof(float))
                {
                    for (; p + lanes <= kc; p += lanes)
                    {
                        TransposeBlock(src + p, k, nr, d + p * nrFull, nrFull);
                        if (nr > lanes)
                            TransposeBlock(src + lanes * (nint)k + p, k, nr - lanes, d + p * nrFull + lanes, nrFull);
                        else
                            for (int q = 0; q < lanes; q++)
                                TW.Store(TW.Zero, d + (p + q) * nrFull + lanes);
                    }
                }
                for (; p < kc; p++)
                    for (int j = 0; j < nrFull; j++)
                        d[p * nrFull + j] = j < nr ? src[j * (nint)k + p] : T.Zero;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, TV v0, TV v1, bool add)
    {
        if (add)
        {
            v0 = TW.Add(v0, TW.Load(c));
            v1 = TW.Add(v1, TW.Load(c + TW.Count));
        }
        TW.Store(v0, c);
        TW.Store(v1, c + TW.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(T* row)
    {
        Sse.Prefetch0(row);
        Sse.Prefetch0((byte*)row + 64);
    }

    // One MR x NR tile of C from A and NR values of B per k, ldb apart (a packed panel, or B itself). A is a packed
    // panel (MR values per k; PackedA) or rows of A itself (RowsOfA), lda apart, contiguous in k (at
    // most InPlaceARows rows): the same values in the same order, so the same bits either way.
    // Accumulators start at zero and are added to C once at the end, so an element's value does not depend
    // on whether its tile is full or an edge tile (which goes through a scratch tile). C is prefetched first:
    // its rows are far apart and would otherwise miss together at the end.
    private static void Kernel<TRows, TA>(T* a, nint lda, T* b, nint ldb, int kc, T* c, nint ldc, bool add)
        where TRows : struct, IRows
        where TA : struct, IALayout
    {
        // Where row r of the tile is, from the current k: r (packed) or r * lda (in place); a moves by aStep per k.
        bool inPlace = TA.InPlace;
        nint r1 = inPlace ? lda : 1, r2 = inPlace ? 2 * lda : 2, r3 = inPlace ? 3 * lda : 3, r4 = inPlace ? 4 * lda : 4, r5 = inPlace ? 5 * lda : 5;
        nint aStep = inPlace ? 1 : TA.Strided ? lda : MR;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default, c120 = default, c121 = default, c130 = default, c131 = default;
        Prefetch(c + 0 * ldc);
        if (TRows.Count > 1) Prefetch(c + 1 * ldc);
        if (TRows.Count > 2) Prefetch(c + 2 * ldc);
        if (TRows.Count > 3) Prefetch(c + 3 * ldc);
        if (TRows.Count > 4) Prefetch(c + 4 * ldc);
        if (TRows.Count > 5) Prefetch(c + 5 * ldc);
        if (TRows.Count > 6) Prefetch(c + 6 * ldc);
        if (TRows.Count > 7) Prefetch(c + 7 * ldc);
        if (TRows.Count > 8) Prefetch(c + 8 * ldc);
        if (TRows.Count > 9) Prefetch(c + 9 * ldc);
        if (TRows.Count > 10) Prefetch(c + 10 * ldc);
        if (TRows.Count > 11) Prefetch(c + 11 * ldc);
        if (TRows.Count > 12) Prefetch(c + 12 * ldc);
        if (TRows.Count > 13) Prefetch(c + 13 * ldc);
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TW.Load(b), b1 = TW.Load(b + TW.Count);
            TV ar;
            ar = TW.Create(a[0]); c00 = TW.FusedMultiplyAdd(ar, b0, c00); c01 = TW.FusedMultiplyAdd(ar, b1, c01);
            if (TRows.Count > 1) { ar = TW.Create(a[r1]); c10 = TW.FusedMultiplyAdd(ar, b0, c10); c11 = TW.FusedMultiplyAdd(ar, b1, c11); }
            if (TRows.Count > 2) { ar = TW.Create(a[r2]); c20 = TW.FusedMultiplyAdd(ar, b0, c20); c21 = TW.FusedMultiplyAdd(ar, b1, c21); }
            if (TRows.Count > 3) { ar = TW.Create(a[r3]); c30 = TW.FusedMultiplyAdd(ar, b0, c30); c31 = TW.FusedMultiplyAdd(ar, b1, c31); }
            if (TRows.Count > 4) { ar = TW.Create(a[r4]); c40 = TW.FusedMultiplyAdd(ar, b0, c40); c41 = TW.FusedMultiplyAdd(ar, b1, c41); }
            if (TRows.Count > 5) { ar = TW.Create(a[r5]); c50 = TW.FusedMultiplyAdd(ar, b0, c50); c51 = TW.FusedMultiplyAdd(ar, b1, c51); }
            if (TRows.Count > 6) { ar = TW.Create(a[6]); c60 = TW.FusedMultiplyAdd(ar, b0, c60); c61 = TW.FusedMultiplyAdd(ar, b1, c61); }
            if (TRows.Count > 7) { ar = TW.Create(a[7]); c70 = TW.FusedMultiplyAdd(ar, b0, c70); c71 = TW.FusedMultiplyAdd(ar, b1, c71); }
            if (TRows.Count > 8) { ar = TW.Create(a[8]); c80 = TW.FusedMultiplyAdd(ar, b0, c80); c81 = TW.FusedMultiplyAdd(ar, b1, c81); }
            if (TRows.Count > 9) { ar = TW.Create(a[9]); c90 = TW.FusedMultiplyAdd(ar, b0, c90); c91 = TW.FusedMultiplyAdd(ar, b1, c91); }
            if (TRows.Count > 10) { ar = TW.Create(a[10]); c100 = TW.FusedMultiplyAdd(ar, b0, c100); c101 = TW.FusedMultiplyAdd(ar, b1, c101); }
            if (TRows.Count > 11) { ar = TW.Create(a[11]); c110 = TW.FusedMultiplyAdd(ar, b0, c110); c111 = TW.FusedMultiplyAdd(ar, b1, c111); }
            if (TRows.Count > 12) { ar = TW.Create(a[12]); c120 = TW.FusedMultiplyAdd(ar, b0, c120); c121 = TW.FusedMultiplyAdd(ar, b1, c121); }
            if (TRows.Count > 13) { ar = TW.Create(a[13]); c130 = TW.FusedMultiplyAdd(ar, b0, c130); c131 = TW.FusedMultiplyAdd(ar, b1, c131); }
            a += aStep;
            b += ldb;
        }
        StoreRow(c + 0 * ldc, c00, c01, add);
        if (TRows.Count > 1) StoreRow(c + 1 * ldc, c10, c11, add);
        if (TRows.Count > 2) StoreRow(c + 2 * ldc, c20, c21, add);
        if (TRows.Count > 3) StoreRow(c + 3 * ldc, c30, c31, add);
        if (TRows.Count > 4) StoreRow(c + 4 * ldc, c40, c41, add);
        if (TRows.Count > 5) StoreRow(c + 5 * ldc, c50, c51, add);
        if (TRows.Count > 6) StoreRow(c + 6 * ldc, c60, c61, add);
        if (TRows.Count > 7) StoreRow(c + 7 * ldc, c70, c71, add);
        if (TRows.Count > 8) StoreRow(c + 8 * ldc, c80, c81, add);
        if (TRows.Count > 9) StoreRow(c + 9 * ldc, c90, c91, add);
        if (TRows.Count > 10) StoreRow(c + 10 * ldc, c100, c101, add);
        if (TRows.Count > 11) StoreRow(c + 11 * ldc, c110, c111, add);
        if (TRows.Count > 12) StoreRow(c + 12 * ldc, c120, c121, add);
        if (TRows.Count > 13) StoreRow(c + 13 * ldc, c130, c131, add);
    }

    // Where a tile's values of A are: packed panels, rows of A in place, or A stored transposed read in place.
    private enum ALayout { Packed, Rows, Columns }

    private static void Kernel(int rows, ALayout layout, T* a, nint lda, T* b, nint ldb, int kc, T* c, nint ldc, bool add)
    {
        if (layout == ALayout.Rows)
            Kernel<RowsOfA>(rows, a, lda, b, ldb, kc, c, ldc, add);
        else if (layout == ALayout.Columns)
            Kernel<ColumnsOfA>(rows, a, lda, b, ldb, kc, c, ldc, add);
        else
            Kernel<PackedA>(rows, a, lda, b, ldb, kc, c, ldc, add);
    }

    private static void Kernel<TA>(int rows, T* a, nint lda, T* b, nint ldb, int kc, T* c, nint ldc, bool add)
        where TA : struct, IALayout
    {
        switch (rows)
        {
            case 1: Kernel<R1, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 2: Kernel<R2, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 3: Kernel<R3, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 4: Kernel<R4, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 5: Kernel<R5, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 6: Kernel<R6, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 7: Kernel<R7, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 8: Kernel<R8, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 9: Kernel<R9, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 10: Kernel<R10, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 11: Kernel<R11, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 12: Kernel<R12, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 13: Kernel<R13, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
            case 14: Kernel<R14, TA>(a, lda, b, ldb, kc, c, ldc, add); break;
        }
    }

    // A float block of a vector's lanes squared, transposed in registers: the Vector512 or the Vector256 form.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock(T* src, nint ld, int rows, T* dst, nint ldd)
    {
        if (typeof(TV) == typeof(Vector512<float>))
            Transpose16((float*)src, ld, rows, (float*)dst, ldd);
        else
            Transpose8((float*)src, ld, rows, (float*)dst, ldd);
    }

    // dst[j * ldd + i] = src[i * ld + j] for an 8 x 8 block (AVX), with Transpose16's conventions.
    private static void Transpose8(float* src, nint ld, int rows, float* dst, nint ldd)
    {
        Vector256<float> r0 = Vector256.Load(src);
        Vector256<float> r1 = Vector256.Load(src + (rows > 1 ? 1 * ld : 0));
        Vector256<float> r2 = Vector256.Load(src + (rows > 2 ? 2 * ld : 0));
        Vector256<float> r3 = Vector256.Load(src + (rows > 3 ? 3 * ld : 0));
        Vector256<float> r4 = Vector256.Load(src + (rows > 4 ? 4 * ld : 0));
        Vector256<float> r5 = Vector256.Load(src + (rows > 5 ? 5 * ld : 0));
        Vector256<float> r6 = Vector256.Load(src + (rows > 6 ? 6 * ld : 0));
        Vector256<float> r7 = Vector256.Load(src + (rows > 7 ? 7 * ld : 0));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).Store(dst + 0 * ldd);
        Avx.Permute2x128(u1, u5, 0x20).Store(dst + 1 * ldd);
        Avx.Permute2x128(u2, u6, 0x20).Store(dst + 2 * ldd);
        Avx.Permute2x128(u3, u7, 0x20).Store(dst + 3 * ldd);
        Avx.Permute2x128(u0, u4, 0x31).Store(dst + 4 * ldd);
        Avx.Permute2x128(u1, u5, 0x31).Store(dst + 5 * ldd);
        Avx.Permute2x128(u2, u6, 0x31).Store(dst + 6 * ldd);
        Avx.Permute2x128(u3, u7, 0x31).Store(dst + 7 * ldd);
    }

    // dst[j * ldd + i] = src[i * ld + j] for a 16 x 16 block, in registers. Rows at or past `rows` repeat row 0
    // (their columns are never used). Stores go in ascending j, so a ldd below 16 may overlap forwards.
    private static void Transpose16(float* src, nint ld, int rows, float* dst, nint ldd)
    {
        Vector512<float> r0 = Vector512.Load(src);
        Vector512<float> r1 = Vector512.Load(src + (rows > 1 ? 1 * ld : 0));
        Vector512<float> r2 = Vector512.Load(src + (rows > 2 ? 2 * ld : 0));
        Vector512<float> r3 = Vector512.Load(src + (rows > 3 ? 3 * ld : 0));
        Vector512<float> r4 = Vector512.Load(src + (rows > 4 ? 4 * ld : 0));
        Vector512<float> r5 = Vector512.Load(src + (rows > 5 ? 5 * ld : 0));
        Vector512<float> r6 = Vector512.Load(src + (rows > 6 ? 6 * ld : 0));
        Vector512<float> r7 = Vector512.Load(src + (rows > 7 ? 7 * ld : 0));
        Vector512<float> r8 = Vector512.Load(src + (rows > 8 ? 8 * ld : 0));
        Vector512<float> r9 = Vector512.Load(src + (rows > 9 ? 9 * ld : 0));
        Vector512<float> r10 = Vector512.Load(src + (rows > 10 ? 10 * ld : 0));
        Vector512<float> r11 = Vector512.Load(src + (rows > 11 ? 11 * ld : 0));
        Vector512<float> r12 = Vector512.Load(src + (rows > 12 ? 12 * ld : 0));
        Vector512<float> r13 = Vector512.Load(src + (rows > 13 ? 13 * ld : 0));
        Vector512<float> r14 = Vector512.Load(src + (rows > 14 ? 14 * ld : 0));
        Vector512<float> r15 = Vector512.Load(src + (rows > 15 ? 15 * ld : 0));
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<float> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<float> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9);
        Vector512<float> t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13);
        Vector512<float> t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);
        Vector512<double> u0 = Avx512F.UnpackLow(t0.AsDouble(), t2.AsDouble()), u1 = Avx512F.UnpackHigh(t0.AsDouble(), t2.AsDouble());
        Vector512<double> u2 = Avx512F.UnpackLow(t1.AsDouble(), t3.AsDouble()), u3 = Avx512F.UnpackHigh(t1.AsDouble(), t3.AsDouble());
        Vector512<double> u4 = Avx512F.UnpackLow(t4.AsDouble(), t6.AsDouble()), u5 = Avx512F.UnpackHigh(t4.AsDouble(), t6.AsDouble());
        Vector512<double> u6 = Avx512F.UnpackLow(t5.AsDouble(), t7.AsDouble()), u7 = Avx512F.UnpackHigh(t5.AsDouble(), t7.AsDouble());
        Vector512<double> u8 = Avx512F.UnpackLow(t8.AsDouble(), t10.AsDouble()), u9 = Avx512F.UnpackHigh(t8.AsDouble(), t10.AsDouble());
        Vector512<double> u10 = Avx512F.UnpackLow(t9.AsDouble(), t11.AsDouble()), u11 = Avx512F.UnpackHigh(t9.AsDouble(), t11.AsDouble());
        Vector512<double> u12 = Avx512F.UnpackLow(t12.AsDouble(), t14.AsDouble()), u13 = Avx512F.UnpackHigh(t12.AsDouble(), t14.AsDouble());
        Vector512<double> u14 = Avx512F.UnpackLow(t13.AsDouble(), t15.AsDouble()), u15 = Avx512F.UnpackHigh(t13.AsDouble(), t15.AsDouble());
        Vector512<float> x0 = Avx512F.Shuffle4x128(u0.AsSingle(), u4.AsSingle(), 0x88), y0 = Avx512F.Shuffle4x128(u8.AsSingle(), u12.AsSingle(), 0x88);
        Vector512<float> v0 = Avx512F.Shuffle4x128(u0.AsSingle(), u4.AsSingle(), 0xDD), w0 = Avx512F.Shuffle4x128(u8.AsSingle(), u12.AsSingle(), 0xDD);
        Vector512<float> x1 = Avx512F.Shuffle4x128(u1.AsSingle(), u5.AsSingle(), 0x88), y1 = Avx512F.Shuffle4x128(u9.AsSingle(), u13.AsSingle(), 0x88);
        Vector512<float> v1 = Avx512F.Shuffle4x128(u1.AsSingle(), u5.AsSingle(), 0xDD), w1 = Avx512F.Shuffle4x128(u9.AsSingle(), u13.AsSingle(), 0xDD);
        Vector512<float> x2 = Avx512F.Shuffle4x128(u2.AsSingle(), u6.AsSingle(), 0x88), y2 = Avx512F.Shuffle4x128(u10.AsSingle(), u14.AsSingle(), 0x88);
        Vector512<float> v2 = Avx512F.Shuffle4x128(u2.AsSingle(), u6.AsSingle(), 0xDD), w2 = Avx512F.Shuffle4x128(u10.AsSingle(), u14.AsSingle(), 0xDD);
        Vector512<float> x3 = Avx512F.Shuffle4x128(u3.AsSingle(), u7.AsSingle(), 0x88), y3 = Avx512F.Shuffle4x128(u11.AsSingle(), u15.AsSingle(), 0x88);
        Vector512<float> v3 = Avx512F.Shuffle4x128(u3.AsSingle(), u7.AsSingle(), 0xDD), w3 = Avx512F.Shuffle4x128(u11.AsSingle(), u15.AsSingle(), 0xDD);
        Avx512F.Shuffle4x128(x0, y0, 0x88).Store(dst + 0 * ldd);
        Avx512F.Shuffle4x128(x1, y1, 0x88).Store(dst + 1 * ldd);
        Avx512F.Shuffle4x128(x2, y2, 0x88).Store(dst + 2 * ldd);
        Avx512F.Shuffle4x128(x3, y3, 0x88).Store(dst + 3 * ldd);
        Avx512F.Shuffle4x128(v0, w0, 0x88).Store(dst + 4 * ldd);
        Avx512F.Shuffle4x128(v1, w1, 0x88).Store(dst + 5 * ldd);
        Avx512F.Shuffle4x128(v2, w2, 0x88).Store(dst + 6 * ldd);
        Avx512F.Shuffle4x128(v3, w3, 0x88).Store(dst + 7 * ldd);
        Avx512F.Shuffle4x128(x0, y0, 0xDD).Store(dst + 8 * ldd);
        Avx512F.Shuffle4x128(x1, y1, 0xDD).Store(dst + 9 * ldd);
        Avx512F.Shuffle4x128(x2, y2, 0xDD).Store(dst + 10 * ldd);
        Avx512F.Shuffle4x128(x3, y3, 0xDD).Store(dst + 11 * ldd);
        Avx512F.Shuffle4x128(v0, w0, 0xDD).Store(dst + 12 * ldd);
        Avx512F.Shuffle4x128(v1, w1, 0xDD).Store(dst + 13 * ldd);
        Avx512F.Shuffle4x128(v2, w2, 0xDD).Store(dst + 14 * ldd);
        Avx512F.Shuffle4x128(v3, w3, 0xDD).Store(dst + 15 * ldd);
    }
}

/// <summary>What the blocked GEMM does to each finished tile of C (known to the JIT): nothing, or bias and an activation.</summary>
internal interface ITileMap
{
    static abstract bool Maps { get; }

    static abstract bool IsVectorized { get; }

    static abstract T Scalar<T>(T z) where T : IBinaryFloatingPointIeee754<T>;

    static abstract TV Vector<T, TW, TV>(TV z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct;
}

internal readonly struct NoMap : ITileMap
{
    public static bool Maps => false;

    public static bool IsVectorized => false;

    public static T Scalar<T>(T z) where T : IBinaryFloatingPointIeee754<T> => z;

    public static TV Vector<T, TW, TV>(TV z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct => z;
}

internal readonly struct BiasMap<TFunction> : ITileMap where TFunction : IActivationFunction
{
    public static bool Maps => true;

    public static bool IsVectorized => TFunction.IsVectorized;

    public static T Scalar<T>(T z) where T : IBinaryFloatingPointIeee754<T> => TFunction.Forward(z);

    public static TV Vector<T, TW, TV>(TV z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct => TFunction.ForwardVector<T, TW, TV>(z);
}

/// <summary>A count known to the JIT (rows of a tile, or vectors across it), so one kernel source yields a kernel per tile shape.</summary>
internal interface IRows
{
    static abstract int Count { get; }
}

/// <summary>Where a GEMM micro-kernel reads A: packed panels, or the rows of A in place (known to the JIT).</summary>
internal interface IALayout
{
    static abstract bool InPlace { get; }

    // The tile's MR values of one k step side by side, lda apart from one k step to the next (A stored transposed).
    static abstract bool Strided { get; }
}

internal readonly struct PackedA : IALayout { public static bool InPlace => false; public static bool Strided => false; }
internal readonly struct RowsOfA : IALayout { public static bool InPlace => true; public static bool Strided => false; }
internal readonly struct ColumnsOfA : IALayout { public static bool InPlace => false; public static bool Strided => true; }

internal readonly struct R1 : IRows { public static int Count => 1; }
internal readonly struct R2 : IRows { public static int Count => 2; }
internal readonly struct R3 : IRows { public static int Count => 3; }
internal readonly struct R4 : IRows { public static int Count => 4; }
internal readonly struct R5 : IRows { public static int Count => 5; }
internal readonly struct R6 : IRows { public static int Count => 6; }
internal readonly struct R7 : IRows { public static int Count => 7; }
internal readonly struct R8 : IRows { public static int Count => 8; }
internal readonly struct R9 : IRows { public static int Count => 9; }
internal readonly struct R10 : IRows { public static int Count => 10; }
internal readonly struct R11 : IRows { public static int Count => 11; }
internal readonly struct R12 : IRows { public static int Count => 12; }
internal readonly struct R13 : IRows { public static int Count => 13; }
internal readonly struct R14 : IRows { public static int Count => 14; }
