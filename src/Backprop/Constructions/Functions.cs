namespace Backprop.Constructions;

/// <summary>A function of one input to approximate, over its interval.</summary>
public sealed record Function1(string Name, Func<double, double> F, double A, double B)
{
    /// <summary>The built-in ones: sin on [0, 2 pi], square (x^2) and abs on [-1, 1].</summary>
    public static IReadOnlyList<Function1> BuiltIn { get; } =
    [
        new("sin", Math.Sin, 0, 2 * Math.PI),
        new("square", x => x * x, -1, 1),
        new("abs", Math.Abs, -1, 1),
    ];

    /// <summary>
    /// The piecewise-linear function through samples (x strictly increasing), over [x_0, x_last]: what a CSV of samples
    /// stands for.
    /// </summary>
    public static Function1 FromSamples(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        if (xs.Count != ys.Count || xs.Count < 2)
            throw new ArgumentException($"Expected at least two (x, y) samples of equal count, got {xs.Count} x and {ys.Count} y.");
        for (int i = 1; i < xs.Count; i++)
        {
            if (!(xs[i] > xs[i - 1]))
                throw new ArgumentException($"Sample x values must increase: x[{i}] = {xs[i]} follows {xs[i - 1]}.");
        }
        double[] x = [.. xs], y = [.. ys];
        return new Function1(name, t => Interpolate(x, y, t), x[0], x[^1]);
    }

    private static double Interpolate(double[] x, double[] y, double t)
    {
        int i = Array.BinarySearch(x, t);
        if (i >= 0)
            return y[i];
        i = ~i;
        if (i == 0)
            return y[0];
        if (i == x.Length)
            return y[^1];
        double s = (t - x[i - 1]) / (x[i] - x[i - 1]);
        return y[i - 1] + s * (y[i] - y[i - 1]);
    }
}

/// <summary>A function of two inputs to approximate over the square [A, B]^2.</summary>
public sealed record Function2(string Name, Func<double, double, double> F, double A, double B)
{
    /// <summary>The built-in ones: bump exp(-(x^2 + y^2)) and saddle x y on [-2, 2]^2; sin sin(x) sin(y) on [0, pi]^2.</summary>
    public static IReadOnlyList<Function2> BuiltIn { get; } =
    [
        new("bump", (x, y) => Math.Exp(-(x * x + y * y)), -2, 2),
        new("saddle", (x, y) => x * y, -2, 2),
        new("sin", (x, y) => Math.Sin(x) * Math.Sin(y), 0, Math.PI),
    ];
}
