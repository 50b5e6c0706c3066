using Backprop.Data;

namespace Backprop.Tests.Data;

public class StandardScalerTests
{
    [Fact]
    public void Uses_training_rows_only()
    {
        // 4 x 2; rows 0 and 2 are training rows. Row 3's outlier must not affect the statistics.
        double[] x = [1, 10, 100, 7, 3, 10, -500, 7];
        var s = StandardScaler.Fit(x, 4, 2, [0, 2]);
        Assert.Equal([2.0, 10], s.Mean.ToArray());
        Assert.Equal([1.0, 1], s.Scale.ToArray());   // column 0: std 1; column 1: constant => 1
        s.Transform(x, 4);
        Assert.Equal([-1.0, 0, 98, -3, 1, 0, -502, -3], x);
    }

    [Fact]
    public void Population_standard_deviation()
    {
        double[] x = [2, 4, 4, 4, 5, 5, 7, 9];
        var s = StandardScaler.Fit(x, 8, 1, [0, 1, 2, 3, 4, 5, 6, 7]);
        Assert.Equal(5.0, s.Mean[0]);
        Assert.Equal(2.0, s.Scale[0]);
        Assert.Equal(1, s.Columns);
        Assert.Equal("StandardScaler(1 columns)", s.ToString());
    }

    [Fact]
    public void Constant_column_is_exact_and_maps_to_zero()
    {
        double[] x = [0.1, 0.1, 0.1];
        var s = StandardScaler.Fit(x, 3, 1, [0, 1, 2]);
        Assert.Equal(0.1, s.Mean[0]);
        Assert.Equal(1.0, s.Scale[0]);
        s.Transform(x, 3);
        Assert.Equal([0.0, 0, 0], x);
    }

    [Fact]
    public void Rebuilt_from_saved_statistics_transforms_the_same()
    {
        double[] x = [1, 2, 3, 5, 8, 13];
        var fitted = StandardScaler.Fit(x, 3, 2, [0, 1, 2]);
        var saved = new StandardScaler(fitted.Mean, fitted.Scale);
        double[] a = [.. x], b = [.. x];
        fitted.Transform(a, 3);
        saved.Transform(b, 3);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Checks_arguments()
    {
        Assert.Throws<ArgumentException>(() => new StandardScaler([0.0], [1.0, 1]));
        Assert.Throws<ArgumentException>(() => new StandardScaler([], []));
        Assert.Throws<ArgumentException>(() => new StandardScaler([0.0], [0.0]));
        Assert.Throws<ArgumentException>(() => new StandardScaler([double.NaN], [1.0]));
        Assert.Throws<ArgumentException>(() => StandardScaler.Fit(new double[5], 2, 2, [0]));
        Assert.Throws<ArgumentException>(() => StandardScaler.Fit(new double[4], 2, 2, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => StandardScaler.Fit(new double[4], 2, 2, [2]));
        Assert.Throws<ArgumentException>(() => new StandardScaler([0.0], [1.0]).Transform(new double[3], 2));
    }
}
