using Backprop.Data;

namespace Backprop.Tests.Data;

public class SyntheticTests
{
    [Theory]
    [InlineData("xor", 2)]
    [InlineData("circles", 2)]
    [InlineData("spirals", 2)]
    [InlineData("blobs", 3)]
    [InlineData("SPIRALS", 2)]
    public void GeneratorsAreSeededAndLabelEveryPoint(string name, int classes)
    {
        var a = Synthetic.Generate(name, 101, seed: 7);
        var b = Synthetic.Generate(name, 101, seed: 7);
        var c = Synthetic.Generate(name, 101, seed: 8);

        Assert.Equal(101, a.Rows);
        Assert.Equal(202, a.Features.Length);
        Assert.Equal(classes, a.Classes);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Features, c.Features);
        Assert.All(a.Features, v => Assert.True(double.IsFinite(v) && Math.Abs(v) < 3));
        Assert.Equal(Enumerable.Range(0, classes), a.Labels.Distinct().Order());
    }

    [Fact]
    public void XorLabelsAreTheQuadrantParity()
    {
        var data = Synthetic.Xor(200, seed: 1);
        for (int i = 0; i < data.Rows; i++)
        {
            bool differ = data.Features[2 * i] > 0 != data.Features[2 * i + 1] > 0;
            Assert.Equal(differ ? 1 : 0, data.Labels[i]);
        }
    }

    [Fact]
    public void XorNoiseMovesPointsButKeepsTheirQuadrantLabels()
    {
        var clean = Synthetic.Xor(200, seed: 1);
        var noisy = Synthetic.Xor(200, seed: 1, noise: 0.2);
        Assert.Equal(clean.Labels, noisy.Labels);
        Assert.NotEqual(clean.Features, noisy.Features);
        // N(0, 0.2^2) moves: none beyond 5 standard deviations, and their spread is about 0.2.
        var moves = clean.Features.Zip(noisy.Features, (a, b) => b - a).ToArray();
        Assert.All(moves, d => Assert.InRange(Math.Abs(d), 0, 1.0));
        Assert.InRange(Math.Sqrt(moves.Select(d => d * d).Average()), 0.15, 0.25);
        // Some points cross an axis, so the labels no longer all follow the quadrants.
        int crossed = 0;
        for (int i = 0; i < noisy.Rows; i++)
            crossed += (noisy.Features[2 * i] > 0 != noisy.Features[2 * i + 1] > 0 ? 1 : 0) != noisy.Labels[i] ? 1 : 0;
        Assert.InRange(crossed, 1, noisy.Rows / 2);
    }

    [Fact]
    public void CirclesWithoutNoiseLieOnTheirRadii()
    {
        var data = Synthetic.Circles(50, seed: 2, noise: 0);
        for (int i = 0; i < data.Rows; i++)
        {
            double r = Math.Sqrt(data.Features[2 * i] * data.Features[2 * i] + data.Features[2 * i + 1] * data.Features[2 * i + 1]);
            Assert.Equal(data.Labels[i] == 0 ? 0.5 : 1.0, r, 12);
        }
    }

    [Fact]
    public void CirclesSpiralsAndBlobsDrawThePointsTheirFormulasDescribe()
    {
        // Each generator written out on its own, as before they shared one polar loop: the same draws in the same order.
        var random = new Random(7);
        var circles = Synthetic.Circles(40, 7, noise: 0.08);
        for (int i = 0; i < 40; i++)
        {
            double radius = i % 2 == 0 ? 0.5 : 1.0, angle = 2 * Math.PI * random.NextDouble();
            Assert.Equal(radius * Math.Cos(angle) + 0.08 * Gaussian(random), circles.Features[2 * i]);
            Assert.Equal(radius * Math.Sin(angle) + 0.08 * Gaussian(random), circles.Features[2 * i + 1]);
        }
        random = new Random(8);
        var spirals = Synthetic.Spirals(40, 8, noise: 0.03);
        for (int i = 0; i < 40; i++)
        {
            double t = 0.05 + 0.95 * random.NextDouble(), angle = 3 * Math.PI * t + Math.PI * (i % 2);
            Assert.Equal(t * Math.Cos(angle) + 0.03 * Gaussian(random), spirals.Features[2 * i]);
            Assert.Equal(t * Math.Sin(angle) + 0.03 * Gaussian(random), spirals.Features[2 * i + 1]);
        }
        random = new Random(9);
        var blobs = Synthetic.Blobs(40, 9, classes: 4, spread: 0.3);
        for (int i = 0; i < 40; i++)
        {
            double angle = 2 * Math.PI * (i % 4) / 4;
            Assert.Equal(Math.Cos(angle) + 0.3 * Gaussian(random), blobs.Features[2 * i]);
            Assert.Equal(Math.Sin(angle) + 0.3 * Gaussian(random), blobs.Features[2 * i + 1]);
            Assert.Equal(i % 4, blobs.Labels[i]);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void PreconditionsThrow()
    {
        Assert.Throws<ArgumentException>(() => Synthetic.Generate("moons", 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Xor(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Xor(10, 0, noise: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Blobs(10, 0, classes: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Spirals(10, 0, noise: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Circles(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.Blobs(10, 0, spread: -1));
    }
}
