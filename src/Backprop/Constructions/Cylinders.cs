using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Constructions;

/// <summary>
/// 001's approximation in two inputs: a function over the square [a, b]^2 as a sum of scaled cylinders, one per cell of
/// a K x K grid. From threshold units a cylinder is a polygon net (N edge units and an AND unit, Sum &gt;= N) scaled
/// by the function's value at the cell centre: 2 -> Dense(K^2 N, Step) -> Dense(K^2, Step) -> Dense(1, Identity).
/// With 4 sides the bases are the cells themselves and tile the square; with more they approach discs. An RBF network
/// needs one unit per cylinder: 2 -> Rbf(K^2) -> Dense(1, Identity).
/// </summary>
public static class Cylinders
{
    /// <summary>The threshold-unit sum of K^2 cylinders with <paramref name="sides"/>-gon bases (apothem half a cell).</summary>
    public static Network<double> Threshold(Func<double, double, double> f, double a, double b, int cells, int sides = 4)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 1);
        var polygons = new List<ConvexPolygon>();
        var heights = new double[cells * cells];
        double width = (b - a) / cells;
        for (int r = 0; r < cells; r++)
        {
            for (int c = 0; c < cells; c++)
            {
                double cx = a + (c + 0.5) * width, cy = a + (r + 0.5) * width;
                polygons.Add(ConvexPolygon.Regular(sides, cx, cy, width / 2));
                heights[r * cells + c] = f(cx, cy);
            }
        }
        // The edge and AND units of the exact union (one polygon: its own AND unit), then a summing output of the heights.
        var union = RegionNetworks.Union(polygons, deep: true);
        var spec = NetworkSpec.Input(2).Dense(polygons.Count * sides, Activation.Step).Dense(polygons.Count, Activation.Step)
            .Dense(1, Activation.Identity);
        var network = spec.Build<double>();
        union.Parameters.AsSpan(0, network.Layers[0].ParameterCount + network.Layers[1].ParameterCount).CopyTo(network.Parameters);
        var output = (Dense<double>)network.Layers[2];
        heights.CopyTo(output.Weights);
        output.Biases.Clear();
        return network;
    }

    /// <summary>
    /// One Gaussian unit per cell centre, beta = 1 / width^2 (neighbours overlap a little), and output weights solved so
    /// that the network equals f at every centre (the Gaussian interpolation matrix, by elimination).
    /// </summary>
    public static Network<double> Rbf(Func<double, double, double> f, double a, double b, int cells)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 1);
        int n = cells * cells;
        double width = (b - a) / cells, beta = 1 / (width * width);
        var network = NetworkSpec.Input(2).Rbf(n).Dense(1, Activation.Identity, bias: false).Build<double>();
        var rbf = (Rbf<double>)network.Layers[0];
        var targets = new double[n];
        for (int r = 0; r < cells; r++)
        {
            for (int c = 0; c < cells; c++)
            {
                int j = r * cells + c;
                rbf.Centres[2 * j] = a + (c + 0.5) * width;
                rbf.Centres[2 * j + 1] = a + (r + 0.5) * width;
                targets[j] = f(rbf.Centres[2 * j], rbf.Centres[2 * j + 1]);
            }
        }
        rbf.Widths.Fill(beta);
        var phi = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double dx = rbf.Centres[2 * i] - rbf.Centres[2 * j], dy = rbf.Centres[2 * i + 1] - rbf.Centres[2 * j + 1];
                phi[i * n + j] = Math.Exp(-beta * (dx * dx + dy * dy));
            }
        }
        var weights = Solve(phi, targets, n);
        weights.CopyTo(((Dense<double>)network.Layers[1]).Weights);
        return network;
    }

    // Gaussian elimination with partial pivoting; the Gaussian matrix of distinct centres is positive definite.
    private static double[] Solve(double[] m, double[] rhs, int n)
    {
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r * n + col]) > Math.Abs(m[pivot * n + col]))
                    pivot = r;
            }
            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                    (m[col * n + k], m[pivot * n + k]) = (m[pivot * n + k], m[col * n + k]);
                (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            }
            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * n + col] / m[col * n + col];
                if (factor == 0)
                    continue;
                for (int k = col; k < n; k++)
                    m[r * n + k] -= factor * m[col * n + k];
                rhs[r] -= factor * rhs[col];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = rhs[r];
            for (int k = r + 1; k < n; k++)
                sum -= m[r * n + k] * x[k];
            x[r] = sum / m[r * n + r];
        }
        return x;
    }
}
