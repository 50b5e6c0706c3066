using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Numerics;

/// <summary>
/// A k x n matrix (B of C = A B, not transposed) in the blocked GEMM's panel layout, packed once and read by
/// <see cref="Gemm.MultiplyPacked{T}"/> on any number of threads. Its owner decides when the packed values are current
/// (<see cref="Stamp"/>); the buffer is pinned and grows only when a larger matrix is packed.
/// </summary>
internal sealed class PackedMatrix<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] buffer = [];
    private int rows = -1, columns = -1;
    private long stamp = -1;

    /// <summary>The owner's version of the values last packed (set once they are all written); -1 when none.</summary>
    public long Stamp => Volatile.Read(ref stamp);

    /// <summary>Packs <paramref name="b"/> (k x n, row-major) and records <paramref name="stamp"/>.</summary>
    public unsafe void Pack(ReadOnlySpan<T> b, int k, int n, long stamp)
    {
        int length = GemmBlocked<T>.PackedLength(k, n) + 64 / sizeof(T);
        if (buffer.Length < length)
            buffer = GC.AllocateUninitializedArray<T>(length, pinned: true);
        GemmBlocked<T>.Pack(b, k, n, Start);
        rows = k;
        columns = n;
        Volatile.Write(ref this.stamp, stamp);
    }

    /// <summary>The packed panels of a k x n matrix; only after <see cref="Pack"/> of that shape.</summary>
    public unsafe T* Panels(int k, int n)
    {
        if (k != rows || n != columns)
            throw new InvalidOperationException($"Packed a {rows} x {columns} matrix, not {k} x {n}.");
        return Start;
    }

    // The buffer is pinned: its first 64-byte boundary never moves.
    private unsafe T* Start
    {
        get
        {
            nuint p = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            return (T*)((p + 63) & ~(nuint)63);
        }
    }
}
