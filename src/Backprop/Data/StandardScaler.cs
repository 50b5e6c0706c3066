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

        var fit = new StandardScalerFit(cols);
        do
        {
            foreach (int r in rowsToUse)
                fit.Add(x.Slice(r * cols, cols));
        }
        while (fit.NextPass());
        return fit.Result;
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

/// <summary>
/// Fits a <see cref="StandardScaler"/> from rows handed over in blocks, so the rows need not be one matrix: the caller
/// hands the same rows in the same order for each pass (<c>do { Add... } while (NextPass())</c>). Two passes (mean, then
/// squared deviations): exact for constant columns, stable otherwise; a third only for a column whose squares underflow
/// or overflow. Per column the sums run in row order, so the result does not depend on how the rows are blocked.
/// </summary>
internal sealed class StandardScalerFit(int cols)
{
    private readonly double[] _sum = new double[cols], _squares = new double[cols], _unit = new double[cols];
    private readonly double[] _min = [.. Enumerable.Repeat(double.PositiveInfinity, cols)];
    private readonly double[] _max = [.. Enumerable.Repeat(double.NegativeInfinity, cols)];
    private readonly double[] _mean = new double[cols], _scale = new double[cols];
    private readonly bool[] _inPass = new bool[cols];   // columns the current pass (2 or 3) accumulates
    private long _rows;
    private int _pass = 1;

    /// <summary>The fitted scaler, once <see cref="NextPass"/> has returned false.</summary>
    public StandardScaler Result { get; private set; } = null!;

    /// <summary>Adds rows (row-major, a multiple of the column count) to the current pass.</summary>
    public void Add(ReadOnlySpan<double> rows)
    {
        for (int start = 0; start < rows.Length; start += cols)
        {
            ReadOnlySpan<double> row = rows.Slice(start, cols);
            if (_pass == 1)
            {
                _rows++;
                for (int j = 0; j < cols; j++)
                {
                    double v = row[j];
                    _sum[j] += v;
                    _min[j] = Math.Min(_min[j], v);
                    _max[j] = Math.Max(_max[j], v);
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    if (!_inPass[j])
                        continue;
                    double dev = _pass == 2 ? row[j] - _mean[j] : (row[j] - _mean[j]) / _unit[j];
                    _squares[j] += dev * dev;
                }
            }
        }
    }

    /// <summary>Ends a pass; true when another pass over the same rows is needed, false when <see cref="Result"/> is set.</summary>
    /// <exception cref="ArgumentException">No rows were given, or a column cannot be standardised.</exception>
    public bool NextPass()
    {
        if (_pass == 1)
        {
            if (_rows == 0)
                throw new ArgumentException("at least one row is needed to fit", "rowsToUse");
            for (int j = 0; j < cols; j++)
            {
                _inPass[j] = _min[j] != _max[j];
                _mean[j] = _inPass[j] ? _sum[j] / _rows : _min[j];
                _scale[j] = 1;
            }
        }
        else if (_pass == 2)
        {
            for (int j = 0; j < cols; j++)
            {
                if (!_inPass[j])
                    continue;
                _scale[j] = Math.Sqrt(_squares[j] / _rows);
                // Squares of tiny deviations (values near 1e-200) underflow to 0, of huge ones overflow: square the
                // deviations in units of the largest one instead. Only then, so ordinary columns keep their exact bits.
                _inPass[j] = _scale[j] == 0 || double.IsInfinity(_scale[j]);
                if (_inPass[j])
                {
                    _unit[j] = Math.Max(Math.Abs(_max[j] - _mean[j]), Math.Abs(_min[j] - _mean[j]));
                    _squares[j] = 0;
                }
            }
        }
        else
        {
            for (int j = 0; j < cols; j++)
            {
                if (_inPass[j])
                    _scale[j] = _unit[j] * Math.Sqrt(_squares[j] / _rows);
            }
            Array.Clear(_inPass);
        }
        _pass++;
        if (_pass <= 3 && Array.IndexOf(_inPass, true) >= 0)
            return true;
        for (int j = 0; j < cols; j++)
        {
            if (!double.IsFinite(_mean[j]) || !double.IsFinite(_scale[j]) || _scale[j] == 0)
                throw new ArgumentException($"column {j} cannot be standardised (values not finite or too large)", "x");
        }
        Result = new StandardScaler(_mean, _scale);
        return false;
    }
}
