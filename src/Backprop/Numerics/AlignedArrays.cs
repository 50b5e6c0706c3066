using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Numerics;

/// <summary>
/// Zeroed, pinned arrays whose first element sits on a 64-byte boundary where the pinned-object heap gives one, so that
/// 512-bit loads and stores of rows that start at it split no cache line (the network's weights and gradients: a
/// misaligned W1 read in place by the forward product cost about 5% of W2's training step at batch 64).
/// </summary>
internal static class AlignedArrays
{
    // The heap aligns objects to 8 bytes only: up to this many allocations, each after a pad that would move the next
    // array onto the boundary if the heap places it right behind the last (in a fresh process, 20 of 20 arrays of 4 KB
    // and of 940 KB; where earlier pinned arrays left free gaps, often not: 5-7 of 16). Arrays above the byte limit take the first:
    // beyond about 1 MB the heap seldom places them so (measured: a third to three quarters missed after 8 tries, for
    // 7.2-7.7 times the array's bytes allocated), and the misses would cost memory that the work does not need. Those
    // below the lower limit (a tiny network's) stay ordinary arrays, beside the network's other small buffers.
    private const int Tries = 3;
    private const long RetryBytes = 1L << 20;
    private const long PlainBytes = 4096;
    private static readonly Lock Gate = new();

    public static unsafe T[] Allocate<T>(int length) where T : unmanaged
    {
        long bytes = (long)length * sizeof(T);
        if (bytes < PlainBytes)
        {
            return new T[length];
        }
        if (bytes > RetryBytes)
        {
            return GC.AllocateArray<T>(length, pinned: true);
        }
        // One thread at a time: another network's arrays allocated between a pad and the array would undo the pad.
        lock (Gate)
        {
            return Retried<T>(length, bytes);
        }
    }

    private static T[] Retried<T>(int length, long bytes) where T : unmanaged
    {
        var array = GC.AllocateArray<T>(length, pinned: true);
        if (Offset(array) == 0)
        {
            return array;
        }
        // The misses stay referenced until the end, so the heap cannot hand their place out again.
        var misses = new object[2 * Tries];
        for (int i = 0; i < Tries && Offset(array) != 0; i++)
        {
            misses[2 * i] = array;
            // An array's data starts 24 bytes into its object (header, type, length); objects end on 8 bytes. A pad of
            // the array's own size class (large objects come from their own free space) shifts the next one.
            nuint end = Address(array) + (nuint)((bytes + 7) & ~7L);
            int pad = (int)((64 - (end + 48) % 64) % 64) + (bytes >= 85_000 ? 128 << 10 : 0);
            misses[2 * i + 1] = GC.AllocateArray<byte>(pad, pinned: true);
            array = GC.AllocateArray<T>(length, pinned: true);
        }
        GC.KeepAlive(misses);
        return array;
    }

    private static unsafe nuint Address<T>(T[] array) where T : unmanaged =>
        (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    private static nuint Offset<T>(T[] array) where T : unmanaged => Address(array) & 63;
}
