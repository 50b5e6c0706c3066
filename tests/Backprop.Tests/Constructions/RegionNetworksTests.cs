using Backprop.Constructions;
using Backprop.Layers;

namespace Backprop.Tests.Constructions;

// 001: decision regions composed from threshold units.
public class RegionNetworksTests
{
    [Fact]
    public void SquareNetHasTheEdgeWeightsAndTheSumAtLeastNRule()
    {
        var square = ConvexPolygon.Regular(4, 0, 0, 1);
        var network = RegionNetworks.Polygon(square);

        var first = (Dense<double>)network.Layers[0];
        // Unit 0: the edge x1 <= 1, i.e. step(-x1 + 1); weights are in x out, so input 1's weights come first.
        Assert.Equal(-1, first.Weights[0], 12);
        Assert.Equal(0, first.Weights[4], 12);
        Assert.Equal(1, first.Biases[0], 12);
        var output = (Dense<double>)network.Layers[1];
        Assert.Equal([1.0, 1, 1, 1], output.Weights.ToArray());
        Assert.Equal(-3.5, output.Biases[0]);

        Assert.Equal(1, network.Forward([0.9, -0.9], 1)[0]);
        Assert.Equal(0, network.Forward([1.1, 0], 1)[0]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(16)]
    public void PolygonNetMatchesThePolygonEverywhereOnTheGrid(int sides)
    {
        var polygon = ConvexPolygon.Regular(sides, 0.2, -0.1, 1, rotation: 0.3);
        var check = RegionCheck.Run(RegionNetworks.Polygon(polygon), polygon.Contains, 2, 200);
        Assert.Equal(check.Cells, check.Agreeing);
    }

    [Fact]
    public void HiddenSumIsNInsideAndAboutHalfNFarAway()
    {
        const int N = 1000;
        var network = RegionNetworks.Polygon(new Circle(0, 0, 1).Polygon(N));
        network.Forward([0.1, 0.2, 100, 37], 2);
        var hidden = network.Layers[0].Y;
        double inside = 0, far = 0;
        for (int j = 0; j < N; j++)
        {
            inside += hidden[j];
            far += hidden[N + j];
        }
        Assert.Equal(N, inside);
        Assert.InRange(far, N / 2.0, N / 2.0 + 10); // 1/2 + arcsin(1/d)/pi of the units: 503.2 at d = 106.6
    }

    [Fact]
    public void MoreSidesApproachTheCircle()
    {
        var circle = new Circle(0, 0, 1);
        const int Resolution = 200;
        const double Extent = 1.5, Cell = 2 * Extent / Resolution;
        double previous = 0;
        foreach (int sides in new[] { 4, 5, 6, 7, 16, 1000 })
        {
            var polygon = circle.Polygon(sides);
            var check = RegionCheck.Run(RegionNetworks.Polygon(polygon), circle.Contains, Extent, Resolution);
            Assert.True(check.Agreement > previous, $"{sides} sides: {check.Agreement}");
            Assert.Equal(0, check.RegionOnly); // the polygon is circumscribed: it holds the whole disc
            // The cells the network adds are exactly the grid points in the polygon (by its vertices) and not in the circle.
            int between = 0;
            double low = -Extent + RegionCheck.Offset * Cell;
            for (int r = 0; r < Resolution; r++)
            {
                for (int c = 0; c < Resolution; c++)
                {
                    double x1 = low + (c + 0.5) * Cell, x2 = low + (r + 0.5) * Cell;
                    between += polygon.Contains(x1, x2) && !circle.Contains(x1, x2) ? 1 : 0;
                }
            }
            Assert.Equal(between, check.NetworkOnly);
            // Their area is N tan(pi/N) - pi, to within the cells along the perimeter.
            double area = sides * Math.Tan(Math.PI / sides) - Math.PI;
            Assert.InRange(check.NetworkOnly * Cell * Cell, area - 8 * Cell, area + 8 * Cell);
            previous = check.Agreement;
        }
        Assert.True(previous > 0.9999);
    }

    [Fact]
    public void OrOfTwoPolygonsIsExactWithTheThirdLayerAndNotWithTwo()
    {
        // The square's bottom edge lies on a row of grid centres: points on an edge belong to the (closed) region.
        ConvexPolygon[] pair = [ConvexPolygon.Regular(5, -0.5, 0, 0.7), ConvexPolygon.Regular(4, 0.6, 0.3, 0.6)];
        bool Exact(double x1, double x2) => pair[0].Contains(x1, x2) || pair[1].Contains(x1, x2);

        var deep = RegionNetworks.Union(pair, deep: true);
        Assert.Equal(3, deep.Layers.Count);
        var exact = RegionCheck.Run(deep, Exact, 2, 300);
        Assert.Equal(exact.Cells, exact.Agreeing);

        var shallow = RegionCheck.Run(RegionNetworks.Union(pair, deep: false), Exact, 2, 200);
        Assert.True(shallow.Agreeing < shallow.Cells, "two layers should miss part of the OR of overlapping polygons");
    }

    [Fact]
    public void AddingCirclesWithOneHiddenLayerHoldsEveryDiscAndOverreachesBetweenThem()
    {
        Circle[] circles = [new(-1.2, 0, 0.5), new(1.2, 0.4, 0.6), new(0, -1.3, 0.4)];
        bool Exact(double x1, double x2) => circles.Any(c => c.Contains(x1, x2));
        var polygons = circles.Select(c => c.Polygon(64)).ToList();

        var shallow = RegionCheck.Run(RegionNetworks.Union(polygons, deep: false), Exact, 2.5, 200);
        var deep = RegionCheck.Run(RegionNetworks.Union(polygons, deep: true), Exact, 2.5, 200);

        // With an even number of sides every circle adds at least N/2 outside itself, so no disc is ever missed; the
        // misses are all outside, where the circles' half sums add up.
        Assert.Equal(0, shallow.RegionOnly);
        Assert.True(shallow.Agreement > 0.95, $"{shallow.Agreement}");
        Assert.Equal(0, deep.RegionOnly); // circumscribed polygons hold their discs
        Assert.True(deep.Agreement > 0.999, $"{deep.Agreement}");
        Assert.True(deep.Agreement >= shallow.Agreement);
    }

    [Fact]
    public void ThePolygonVerticesAndHalfPlanesDescribeOneRegion()
    {
        var polygon = ConvexPolygon.Regular(7, 0.3, 0.2, 0.8, 1.1);
        var random = new Random(1);
        for (int i = 0; i < 2000; i++)
        {
            double x1 = 4 * random.NextDouble() - 2, x2 = 4 * random.NextDouble() - 2;
            Assert.Equal(polygon.ContainsByEdges(x1, x2), polygon.Contains(x1, x2));
        }
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvexPolygon.Regular(2, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvexPolygon.Regular(5, 0, 0, -1));
        Assert.Throws<ArgumentException>(() => RegionNetworks.Union([], deep: true));
    }
}
