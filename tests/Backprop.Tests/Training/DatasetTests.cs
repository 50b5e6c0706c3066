using Backprop.Training;

namespace Backprop.Tests.Training;

public class DatasetTests
{
    [Fact]
    public void FromDoublesConvertsAndSubsetCopiesRowsInOrder()
    {
        var data = Dataset<float>.FromDoubles([1, 2, 3, 4, 5, 6], [10, 20, 30], 3, 2, 1);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], data.Inputs);
        var subset = data.Subset([2, 0]);
        Assert.Equal(2, subset.Rows);
        Assert.Equal([5f, 6f, 1f, 2f], subset.Inputs);
        Assert.Equal([30f, 10f], subset.Targets);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([3]));
        Assert.Equal("Dataset(3 x 2 -> 1)", data.ToString());
    }

    [Fact]
    public void ShapesMustMatchTheArrays()
    {
        Assert.Contains("3 rows x 2 inputs", Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[5], new double[3], 3, 2, 1)).Message);
        Assert.Contains("3 rows x 1 outputs", Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[6], new double[2], 3, 2, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset<double>([], [], 0, 2, 1));
    }
}
