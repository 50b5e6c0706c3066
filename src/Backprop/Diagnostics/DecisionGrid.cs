namespace Backprop.Diagnostics;

/// <summary>
/// The class a two-input classifier assigns to each cell of a regular grid over a rectangle: the decision regions
/// that <c>backprop boundary</c> draws. Cell (r, c) is centred at x1 = XMin + (c + 0.5) (XMax - XMin) / Columns,
/// x2 = YMin + (r + 0.5) (YMax - YMin) / Rows.
/// </summary>
/// <param name="XMin">Left edge (x1).</param>
/// <param name="XMax">Right edge (x1).</param>
/// <param name="YMin">Bottom edge (x2).</param>
/// <param name="YMax">Top edge (x2).</param>
/// <param name="Columns">Cells across.</param>
/// <param name="Rows">Cells down.</param>
/// <param name="Classes">Each cell's class, row-major <c>Rows x Columns</c>, row 0 at the bottom.</param>
public sealed record DecisionGrid(double XMin, double XMax, double YMin, double YMax, int Columns, int Rows, int[] Classes)
{
    /// <summary>
    /// Classifies every cell centre with <paramref name="predict"/> (points row-major <c>n x 2</c> and n in; outputs
    /// <c>n x outputs</c> out). One output is read as class 1 when it is at least 0.5; several by the largest.
    /// </summary>
    /// <exception cref="ArgumentException">The rectangle is empty or the grid has no cells.</exception>
    public static DecisionGrid Compute(Func<double[], int, double[]> predict, int outputs,
        double xMin, double xMax, double yMin, double yMax, int columns, int rows)
    {
        ArgumentNullException.ThrowIfNull(predict);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (!(xMin < xMax && yMin < yMax))
        {
            throw new ArgumentException($"The rectangle [{xMin}, {xMax}] x [{yMin}, {yMax}] is empty.");
        }
        int cells = columns * rows;
        var points = new double[2 * cells];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                points[2 * (r * columns + c)] = xMin + (c + 0.5) * (xMax - xMin) / columns;
                points[2 * (r * columns + c) + 1] = yMin + (r + 0.5) * (yMax - yMin) / rows;
            }
        }
        double[] y = predict(points, cells);
        if (y.Length != cells * outputs)
        {
            throw new ArgumentException($"The classifier returned {y.Length} values for {cells} points x {outputs} outputs.", nameof(predict));
        }
        var classes = new int[cells];
        for (int i = 0; i < cells; i++)
        {
            classes[i] = PredictedClass(y.AsSpan(i * outputs, outputs));
        }
        return new DecisionGrid(xMin, xMax, yMin, yMax, columns, rows, classes);
    }

    /// <summary>
    /// The bounding box of <paramref name="features"/> (row-major <c>n x 2</c>), widened on each side by
    /// <paramref name="margin"/> times its size.
    /// </summary>
    public static (double XMin, double XMax, double YMin, double YMax) Bounds(ReadOnlySpan<double> features, double margin = 0.1)
    {
        if (features.Length < 2 || features.Length % 2 != 0)
        {
            throw new ArgumentException($"Expected n x 2 points, got {features.Length} values.", nameof(features));
        }
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int i = 0; i < features.Length; i += 2)
        {
            xMin = Math.Min(xMin, features[i]);
            xMax = Math.Max(xMax, features[i]);
            yMin = Math.Min(yMin, features[i + 1]);
            yMax = Math.Max(yMax, features[i + 1]);
        }
        // A single point (or a line of them) still gets an area to draw.
        double dx = Math.Max(xMax - xMin, 1e-3) * margin + (xMax == xMin ? 1 : 0);
        double dy = Math.Max(yMax - yMin, 1e-3) * margin + (yMax == yMin ? 1 : 0);
        return (xMin - dx, xMax + dx, yMin - dy, yMax + dy);
    }

    /// <summary>The class of one output row: threshold 0.5 for a single output, else the index of the largest.</summary>
    public static int PredictedClass(ReadOnlySpan<double> output)
    {
        if (output.Length == 1)
        {
            return output[0] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < output.Length; k++)
        {
            if (output[k] > output[best])
            {
                best = k;
            }
        }
        return best;
    }
}
