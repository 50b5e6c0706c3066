namespace Backprop.Data;

/// <summary>
/// Two-dimensional points with class labels, made by <see cref="Synthetic"/>.
/// </summary>
/// <param name="Name">The generator's name, e.g. <c>spirals</c>.</param>
/// <param name="Features">The points, row-major <c>Rows x 2</c>.</param>
/// <param name="Labels">Each point's class, 0 to <paramref name="Classes"/> - 1.</param>
/// <param name="Classes">The number of classes.</param>
public sealed record PointSet(string Name, double[] Features, int[] Labels, int Classes)
{
    /// <summary>The number of points.</summary>
    public int Rows => Labels.Length;
}

/// <summary>
/// Seeded generators of two-dimensional classification problems for decision-boundary pictures: XOR (quadrants), two
/// concentric circles, two interleaved spirals, Gaussian blobs. The same name, count and seed give the same points.
/// </summary>
public static class Synthetic
{
    /// <summary>The generator names <see cref="Generate"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["xor", "circles", "spirals", "blobs"];

    /// <summary>Runs the generator called <paramref name="name"/> (any case) with its default noise and classes.</summary>
    /// <exception cref="ArgumentException">No generator has that name; the message lists the names.</exception>
    public static PointSet Generate(string name, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "xor" => Xor(count, seed),
            "circles" => Circles(count, seed),
            "spirals" => Spirals(count, seed),
            "blobs" => Blobs(count, seed),
            _ => throw new ArgumentException($"Unknown data generator '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// Points uniform in [-1, 1]^2, class 1 where x1 and x2 have different signs (XOR of x1 &gt; 0 and x2 &gt; 0); with
    /// <paramref name="noise"/>, each point is then moved by N(0, noise^2), so some cross the axes.
    /// </summary>
    public static PointSet Xor(int count, int seed, double noise = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var random = Start(count, seed);
        var x = new double[2 * count];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            x[2 * i] = 2 * random.NextDouble() - 1;
            x[2 * i + 1] = 2 * random.NextDouble() - 1;
            labels[i] = x[2 * i] > 0 ^ x[2 * i + 1] > 0 ? 1 : 0;
        }
        // After all points are drawn, so that noise moves the same points the noiseless call gives.
        for (int i = 0; noise > 0 && i < 2 * count; i++)
        {
            x[i] += noise * Gaussian(random);
        }
        return new PointSet("xor", x, labels, 2);
    }

    /// <summary>Class 0 on a circle of radius 0.5, class 1 on a circle of radius 1, each point moved by N(0, noise^2).</summary>
    public static PointSet Circles(int count, int seed, double noise = 0.08)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        return Polar("circles", count, seed, 2, noise, (label, random) => (label == 0 ? 0.5 : 1.0, 2 * Math.PI * random.NextDouble()));
    }

    /// <summary>
    /// Two spirals of 1.5 turns each, the second the first turned by half a turn: r = t, angle = 3 pi t for t in
    /// [0.05, 1], each point moved by N(0, noise^2).
    /// </summary>
    public static PointSet Spirals(int count, int seed, double noise = 0.03)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        return Polar("spirals", count, seed, 2, noise, (label, random) =>
        {
            double t = 0.05 + 0.95 * random.NextDouble();
            return (t, 3 * Math.PI * t + Math.PI * label);
        });
    }

    /// <summary>
    /// <paramref name="classes"/> Gaussian blobs of standard deviation <paramref name="spread"/>, their centres evenly
    /// spaced on the unit circle; point i belongs to class i mod classes.
    /// </summary>
    public static PointSet Blobs(int count, int seed, int classes = 3, double spread = 0.3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(spread);
        return Polar("blobs", count, seed, classes, spread, (label, _) => (1.0, 2 * Math.PI * label / classes));
    }

    // Point i of class i mod classes at the polar position place(class, random) gives, then moved by N(0, noise^2)
    // in each coordinate: circles, spirals and blobs differ only in where a class's points lie.
    private static PointSet Polar(string name, int count, int seed, int classes, double noise, Func<int, Random, (double Radius, double Angle)> place)
    {
        var random = Start(count, seed);
        var x = new double[2 * count];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % classes;
            var (radius, angle) = place(labels[i], random);
            x[2 * i] = radius * Math.Cos(angle) + noise * Gaussian(random);
            x[2 * i + 1] = radius * Math.Sin(angle) + noise * Gaussian(random);
        }
        return new PointSet(name, x, labels, classes);
    }

    private static Random Start(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new Random(seed);
    }

    // Box-Muller: one standard normal from two uniforms.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
