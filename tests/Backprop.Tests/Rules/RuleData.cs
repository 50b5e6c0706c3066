namespace Backprop.Tests.Rules;

/// <summary>Small seeded data sets for the classic rules.</summary>
internal static class RuleData
{
    public static readonly double[][] Binary2 = [[0, 0], [0, 1], [1, 0], [1, 1]];
    public static readonly int[] And = [0, 0, 0, 1];
    public static readonly int[] Or = [0, 1, 1, 1];
    public static readonly int[] Xor = [0, 1, 1, 0];

    /// <summary>n points uniform in [-1,1]^2, label 1 iff 0.7 x1 - 0.4 x2 + 0.1 &gt; 0, none within 0.05 of the line.</summary>
    public static (double[][] X, int[] Y) LinearCloud(int seed, int n)
    {
        var rng = new Random(seed);
        var x = new List<double[]>();
        var y = new List<int>();
        while (x.Count < n)
        {
            double a = 2 * rng.NextDouble() - 1, b = 2 * rng.NextDouble() - 1;
            double s = 0.7 * a - 0.4 * b + 0.1;
            if (Math.Abs(s) / Math.Sqrt(0.65) < 0.05) continue;
            x.Add([a, b]);
            y.Add(s > 0 ? 1 : 0);
        }
        return ([.. x], [.. y]);
    }

    /// <summary>XOR-like quadrant blobs: perBlob Gaussian points (sigma 0.2) around (+-1, +-1); label 1 iff the signs of the centre differ.</summary>
    public static (double[][] X, int[] Y) XorBlobs(int seed, int perBlob)
    {
        var rng = new Random(seed);
        var x = new List<double[]>();
        var y = new List<int>();
        foreach ((double cx, double cy) in new[] { (1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0) })
            for (int i = 0; i < perBlob; i++)
            {
                x.Add([cx + 0.2 * Gaussian(rng), cy + 0.2 * Gaussian(rng)]);
                y.Add(cx * cy < 0 ? 1 : 0);
            }
        return ([.. x], [.. y]);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
