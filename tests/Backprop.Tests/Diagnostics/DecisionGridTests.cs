using Backprop.Diagnostics;

namespace Backprop.Tests.Diagnostics;

public class DecisionGridTests
{
    [Fact]
    public void ClassifiesCellCentresRowByRowFromTheBottom()
    {
        // Class 1 right of x1 = 0 (one output), on a 4 x 2 grid over [-2, 2] x [0, 1].
        var grid = DecisionGrid.Compute((p, n) => [.. Enumerable.Range(0, n).Select(i => p[2 * i] > 0 ? 0.9 : 0.1)], 1, -2, 2, 0, 1, 4, 2);
        Assert.Equal([0, 0, 1, 1, 0, 0, 1, 1], grid.Classes);

        // Argmax of two outputs: class 1 above x2 = 0.5.
        var top = DecisionGrid.Compute((p, n) => [.. Enumerable.Range(0, n).SelectMany(i => new[] { 0.5, p[2 * i + 1] })], 2, -2, 2, 0, 1, 2, 2);
        Assert.Equal([0, 0, 1, 1], top.Classes);
    }

    [Fact]
    public void BoundsWidenTheBoundingBox()
    {
        var (xMin, xMax, yMin, yMax) = DecisionGrid.Bounds([0, 0, 10, 5], 0.1);
        Assert.Equal((-1.0, 11.0, -0.5, 5.5), (xMin, xMax, yMin, yMax));
        var single = DecisionGrid.Bounds([1, 1]);
        Assert.True(single.XMin < 1 && single.XMax > 1 && single.YMin < 1 && single.YMax > 1);
    }

    [Fact]
    public void PreconditionsThrow()
    {
        Assert.Throws<ArgumentException>(() => DecisionGrid.Compute((p, n) => new double[n], 1, 1, 1, 0, 1, 2, 2));
        Assert.Throws<ArgumentException>(() => DecisionGrid.Compute((p, n) => new double[1], 1, 0, 1, 0, 1, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionGrid.Compute((p, n) => new double[n], 1, 0, 1, 0, 1, 0, 2));
        Assert.Throws<ArgumentException>(() => DecisionGrid.Bounds([1, 2, 3]));
    }
}
