using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary><see cref="AlignedArrays.Allocate{T}"/>: zeroed arrays of the length asked, on a 64-byte boundary where the heap allows.</summary>
public class AlignedArraysTests
{
    // Below the plain-array limit, just above it, a large object (W2's 235,146 parameters) and a 4 MB one.
    public static TheoryData<int> Lengths => [1, 1023, 1024, 4099, 235_146, 1_000_003];

    private static unsafe long Offset<T>(T[] array) where T : unmanaged =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) & 63;

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ArraysAreZeroedAndOfTheLengthAsked(int length)
    {
        for (int i = 0; i < 3; i++)
        {
            var floats = AlignedArrays.Allocate<float>(length);
            var doubles = AlignedArrays.Allocate<double>(length);
            Assert.Equal(length, floats.Length);
            Assert.Equal(length, doubles.Length);
            Assert.All(floats, v => Assert.Equal(0f, v));
            Assert.All(doubles, v => Assert.Equal(0d, v));
            floats.AsSpan().Fill(1);
            doubles.AsSpan().Fill(1);
        }
    }

    // The heap guarantees 8 bytes only, and other tests allocate beside this one, so no single array is certain to
    // land on the boundary; by chance one in eight would, and with the retries most of them must.
    [Theory]
    [InlineData(1024)]
    [InlineData(235_146)]
    public void ArraysUpToTheRetryLimitLandOnA64ByteBoundary(int length)
    {
        int aligned = 0;
        for (int i = 0; i < 16; i++)
        {
            aligned += Offset(AlignedArrays.Allocate<float>(length)) == 0 ? 1 : 0;
        }
        Assert.True(aligned >= 8, $"Only {aligned} of 16 arrays of {length} floats started on a 64-byte boundary.");
    }

    // Above the retry limit one allocation is made, aligned or not: memory stays what the array needs.
    [Fact]
    public void LargeArraysAreAllocatedOnce()
    {
        const int length = 4_000_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var array = AlignedArrays.Allocate<float>(length);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(length, array.Length);
        Assert.InRange(allocated, 4L * length, 4L * length + 1024);
    }
}
