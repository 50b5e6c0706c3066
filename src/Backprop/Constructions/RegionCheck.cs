using Backprop.Diagnostics;

namespace Backprop.Constructions;

/// <summary>How well a two-input classifier matches an exact region on a grid of cell centres.</summary>
/// <param name="Agreeing">Cells where the network and the exact region say the same.</param>
/// <param name="Cells">All cells.</param>
/// <param name="NetworkOnly">Cells the network calls inside that are outside the region.</param>
/// <param name="RegionOnly">Cells inside the region that the network calls outside.</param>
/// <param name="Grid">The network's classes on the grid (for drawing).</param>
public sealed record RegionCheck(int Agreeing, int Cells, int NetworkOnly, int RegionOnly, DecisionGrid Grid)
{
    /// <summary>Agreeing / Cells.</summary>
    public double Agreement => (double)Agreeing / Cells;

    /// <summary>
    /// Where sample points sit inside their cells, as a fraction of a cell past the centre. Hand-set units' lines run
    /// through round numbers, and a point exactly on a line is decided by rounding and by step(0); this small, odd
    /// offset keeps every sample off them.
    /// </summary>
    public const double Offset = 0.00137;

    /// <summary>
    /// Evaluates <paramref name="network"/> (one output, inside when &gt;= 0.5) and <paramref name="exact"/> on the
    /// points of a <paramref name="resolution"/> x <paramref name="resolution"/> grid over the square
    /// [-<paramref name="extent"/>, <paramref name="extent"/>]^2 (cell centres moved by <see cref="Offset"/>).
    /// </summary>
    public static RegionCheck Run(Network<double> network, Func<double, double, bool> exact, double extent, int resolution)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(exact);
        if (network.Inputs != 2 || network.Outputs != 1)
            throw new ArgumentException($"Expected a network with 2 inputs and 1 output, got {network}.", nameof(network));
        double shift = Offset * 2 * extent / resolution, low = -extent + shift, high = extent + shift;
        var grid = DecisionGrid.Compute((x, rows) => Predict(network, x, rows), 1, low, high, low, high, resolution, resolution);
        int agreeing = 0, networkOnly = 0, regionOnly = 0;
        for (int r = 0; r < resolution; r++)
        {
            for (int c = 0; c < resolution; c++)
            {
                double x1 = low + (c + 0.5) * 2 * extent / resolution, x2 = low + (r + 0.5) * 2 * extent / resolution;
                bool net = grid.Classes[r * resolution + c] == 1, truth = exact(x1, x2);
                if (net == truth)
                    agreeing++;
                else if (net)
                    networkOnly++;
                else
                    regionOnly++;
            }
        }
        return new RegionCheck(agreeing, resolution * resolution, networkOnly, regionOnly, grid);
    }

    /// <summary>The network's outputs for <paramref name="rows"/> inputs, in blocks so that wide layers stay small.</summary>
    public static double[] Predict(Network<double> network, double[] x, int rows)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x);
        const int Block = 1024;
        var y = new double[rows * network.Outputs];
        for (int start = 0; start < rows; start += Block)
        {
            int count = Math.Min(Block, rows - start);
            network.Forward(x.AsSpan(start * network.Inputs, count * network.Inputs), count)
                .CopyTo(y.AsSpan(start * network.Outputs));
        }
        return y;
    }
}
