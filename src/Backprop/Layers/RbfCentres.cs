using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// A start for Gaussian units taken from the data: the centres of a network's first <see cref="Rbf{T}"/> layer are
/// the k-means centres of the inputs (k = units, k-means++ seeding), and each unit's width is
/// beta_j = 1 / (2 s_j^2), s_j^2 the mean squared distance of the points assigned to centre j. Random N(0, 1)
/// centres can land where no data is, and one unit then sees a flat Gaussian; centres on the data do not.
/// A dense layer right after the RBF layer starts at zero, so the units are weighed before any centre moves.
/// </summary>
public static class RbfCentres
{
    /// <summary>
    /// Places the centres and widths of <paramref name="network"/>'s first layer when it is an RBF layer
    /// (<paramref name="x"/>: rows x inputs, row-major); returns false and changes nothing otherwise.
    /// </summary>
    public static bool FromData<T>(Network<T> network, ReadOnlySpan<T> x, int rows, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layers[0] is not Rbf<T> layer)
            return false;
        int dims = layer.Inputs;
        if (rows < 1 || x.Length != rows * dims)
            throw new ArgumentException($"Expected {rows} x {dims} = {rows * dims} inputs, got {x.Length}.", nameof(x));
        var data = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            data[i] = double.CreateChecked(x[i]);
        var (centres, spread) = KMeans(data, rows, dims, layer.Outputs, seed);
        var c = layer.Centres;
        for (int i = 0; i < c.Length; i++)
            c[i] = T.CreateChecked(centres[i]);
        var widths = layer.Widths;
        for (int j = 0; j < widths.Length; j++)
            widths[j] = T.CreateChecked(spread[j] > 0 ? 1 / (2 * spread[j]) : 1.0);
        // Random weights of the wrong sign make the first gradient steps drag a centre off the data, where it stays
        // (one unit on the circles: 8 of 180 seeds and sizes below 99%); from zero the weights take their sign first.
        if (network.Layers.Count > 1 && network.Layers[1] is Dense<T> next)
            next.Parameters.Clear();
        return true;
    }

    /// <summary>
    /// Lloyd's k-means on <paramref name="x"/> (rows x dims) with k-means++ seeding from <c>new Random(seed)</c>.
    /// Returns the centres (k x dims, row-major) and each cluster's mean squared distance to its centre (0 when empty).
    /// </summary>
    public static (double[] Centres, double[] Spread) KMeans(ReadOnlySpan<double> x, int rows, int dims, int k, int seed,
        int iterations = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (x.Length != rows * dims)
            throw new ArgumentException($"Expected {rows} x {dims} = {rows * dims} values, got {x.Length}.", nameof(x));
        var random = new Random(seed);
        var centres = new double[k * dims];
        var nearest = new double[rows];
        x.Slice(random.Next(rows) * dims, dims).CopyTo(centres);
        for (int j = 1; j < k; j++)
        {
            // k-means++: the next centre is a row drawn with probability proportional to its squared distance.
            double total = 0;
            for (int r = 0; r < rows; r++)
            {
                nearest[r] = Nearest(x.Slice(r * dims, dims), centres, j, dims).Distance;
                total += nearest[r];
            }
            int pick = rows - 1;
            double target = random.NextDouble() * total;
            for (int r = 0; r < rows && total > 0; r++)
            {
                target -= nearest[r];
                if (target < 0)
                {
                    pick = r;
                    break;
                }
            }
            x.Slice(pick * dims, dims).CopyTo(centres.AsSpan(j * dims, dims));
        }

        var assigned = new int[rows];
        var sums = new double[k * dims];
        var counts = new int[k];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            bool changed = iteration == 0;
            for (int r = 0; r < rows; r++)
            {
                int j = Nearest(x.Slice(r * dims, dims), centres, k, dims).Index;
                changed |= j != assigned[r];
                assigned[r] = j;
            }
            if (!changed)
                break;
            Array.Clear(sums);
            Array.Clear(counts);
            for (int r = 0; r < rows; r++)
            {
                counts[assigned[r]]++;
                for (int d = 0; d < dims; d++)
                    sums[assigned[r] * dims + d] += x[r * dims + d];
            }
            for (int j = 0; j < k; j++)
            {
                if (counts[j] == 0)
                    continue; // an empty cluster keeps its centre
                for (int d = 0; d < dims; d++)
                    centres[j * dims + d] = sums[j * dims + d] / counts[j];
            }
        }

        var spread = new double[k];
        Array.Clear(counts);
        for (int r = 0; r < rows; r++)
        {
            var (j, distance) = Nearest(x.Slice(r * dims, dims), centres, k, dims);
            spread[j] += distance;
            counts[j]++;
        }
        for (int j = 0; j < k; j++)
            spread[j] = counts[j] == 0 ? 0 : spread[j] / counts[j];
        return (centres, spread);
    }

    private static (int Index, double Distance) Nearest(ReadOnlySpan<double> point, double[] centres, int count, int dims)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int j = 0; j < count; j++)
        {
            double distance = 0;
            for (int d = 0; d < dims; d++)
            {
                double diff = point[d] - centres[j * dims + d];
                distance += diff * diff;
            }
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = j;
            }
        }
        return (best, bestDistance);
    }
}
