namespace Backprop.Data;

/// <summary>
/// Standardises feature columns: <c>x' = (x - mean) / scale</c>, with mean and population standard deviation
/// taken from the training rows only (so test rows leak nothing into training). A constant column gets scale 1
/// so that it maps to 0 instead of dividing by zero. Saved with a model and rebuilt from its mean and scale.
/// </summary>
public sealed class StandardScaler
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    /// <summary>Rebuilds a scaler from saved statistics.</summary>
    /// <param name="mean">Per-column mean; finite.</param>
    /// <param name="scale">Per-column scale; finite and positive.</param>
    /// <exception cref="ArgumentException">The arrays are empty, differ in length, or hold an invalid value.</exception>
    public StandardScaler(ReadOnlySpan<double> mean, ReadOnlySpan<double> scale)
    {
        if (mean.Length == 0 || mean.Length != scale.Length)
            throw new ArgumentException($"mean and scale need the same, non-zero length (got {mean.Length} and {scale.Length})", nameof(scale));
        for (int j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(mean[j]))
                throw new ArgumentException($"mean[{j}] = {mean[j]} is not finite", nameof(mean));
            if (!double.IsFinite(scale[j]) || scale[j] <= 0)
                throw new ArgumentException($"scale[{j}] = {scale[j]} is not a finite positive number", nameof(scale));
        }
        _mean = mean.ToArray();
        _scale = scale.ToArray();
    }

    /// <summary>The per-column mean subtracted.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The per-column scale divided by (the standard deviation, or 1 for a constant column).</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>The number of columns this scaler handles.</summary>
    public int Columns => _mean.Length;

    /// <summary>Computes per-column statistics from some rows of a matrix.</summary>
    /// <param name="x">The matrix, row-major <c>rows x cols</c>, finite.</param>
    /// <param name="rows">The number of rows in <paramref name="x"/>.</param>
    /// <param name="cols">The number of columns.</param>
    /// <param name="rowsToUse">The rows to take statistics from (the training rows); non-empty, each in <c>[0, rows)</c>.</param>
    /// <exception cref="ArgumentException">Sizes disagree, no rows are given, or a statistic overflows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside the matrix.</exception>
    public static StandardScaler Fit(ReadOnlySpan<double> x, int rows, int cols, ReadOnlySpan<int> rowsToUse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        if (x.Length != (long)rows * cols)
            throw new ArgumentException($"x has {x.Length} values, expected rows x cols = {rows} x {cols}", nameof(x));
        if (rowsToUse.Length == 0)
            throw new ArgumentException("at least one row is needed to fit", nameof(rowsToUse));
        foreach (int r in rowsToUse)
        {
            if ((uint)r >= (uint)rows)
                throw new ArgumentOutOfRangeException(nameof(rowsToUse), r, $"row index outside [0, {rows})");
        }

        var mean = new double[cols];
        var scale = new double[cols];
        for (int j = 0; j < cols; j++)
        {
            // Two passes (mean, then squared deviations): exact for constant columns, stable otherwise.
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (int r in rowsToUse)
            {
                double v = x[r * cols + j];
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (min == max)
            {
                mean[j] = min;
                scale[j] = 1;
                continue;
            }
            double m = sum / rowsToUse.Length, squares = 0;
            foreach (int r in rowsToUse)
            {
                double dev = x[r * cols + j] - m;
                squares += dev * dev;
            }
            mean[j] = m;
            scale[j] = Math.Sqrt(squares / rowsToUse.Length);
            if (scale[j] == 0 || double.IsInfinity(scale[j]))
            {
                // Squares of tiny deviations (values near 1e-200) underflow to 0, of huge ones overflow: square the
                // deviations in units of the largest one instead. Only then, so ordinary columns keep their exact bits.
                double unit = Math.Max(Math.Abs(max - m), Math.Abs(min - m));
                squares = 0;
                foreach (int r in rowsToUse)
                {
                    double dev = (x[r * cols + j] - m) / unit;
                    squares += dev * dev;
                }
                scale[j] = unit * Math.Sqrt(squares / rowsToUse.Length);
            }
            if (!double.IsFinite(m) || !double.IsFinite(scale[j]) || scale[j] == 0)
                throw new ArgumentException($"column {j} cannot be standardised (values not finite or too large)", nameof(x));
        }
        return new StandardScaler(mean, scale);
    }

    /// <summary>Standardises a matrix in place.</summary>
    /// <param name="x">Row-major <c>rows x Columns</c>.</param>
    /// <param name="rows">The number of rows.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="x"/> is not <c>rows x Columns</c>.</exception>
    public void Transform(Span<double> x, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int cols = _mean.Length;
        if (x.Length != (long)rows * cols)
            throw new ArgumentException($"x has {x.Length} values, expected rows x cols = {rows} x {cols}", nameof(x));
        for (int r = 0; r < rows; r++)
        {
            Span<double> row = x.Slice(r * cols, cols);
            for (int j = 0; j < cols; j++)
                row[j] = (row[j] - _mean[j]) / _scale[j];
        }
    }

    /// <summary>Prints as <c>StandardScaler(4 columns)</c>.</summary>
    public override string ToString() => $"StandardScaler({Columns} columns)";
}
