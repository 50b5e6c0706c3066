using Backprop.Data;

namespace Backprop.Tests.Data;

public class OneHotTests
{
    [Fact]
    public void Encodes_rows_with_a_single_one()
    {
        Assert.Equal([0.0, 1, 0, 1, 0, 0, 0, 0, 1], OneHot.Encode([1, 0, 2], 3));
        Assert.Empty(OneHot.Encode([], 2));
    }

    [Fact]
    public void Rejects_bad_sizes_and_indices()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode([-1], 3));
    }
}
