using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary>
/// <see cref="AlignedArrays.Allocate{T}"/>: zeroed arrays of the length asked, allocated once above the retry limit.
/// Where they land is not tested: in a process whose pinned heap has free gaps (this one, after other tests) the pads
/// often miss (5-7 of 16 arrays of 4 KB on the boundary, against 20 of 20 in a fresh process).
/// </summary>
public class AlignedArraysTests
{
    // Below the plain-array limit, just above it, a large object (W2's 235,146 parameters) and a 4 MB one.
    public static TheoryData<int> Lengths => [1, 1023, 1024, 4099, 235_146, 1_000_003];

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
