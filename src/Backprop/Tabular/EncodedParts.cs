using System.Numerics;
using Backprop.Data;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tabular;

/// <summary>
/// Encodes a table's kept rows straight into the network's train, validation and test inputs, a block of rows at a
/// time: no whole double matrix of the table is ever made (on a million-row file that was the largest allocation of a
/// fit). Every pass visits the kept rows in file order, so the first bad cell reported is the first in the file.
/// </summary>
internal sealed class EncodedParts
{
    // A block holds at most 1,024 rows and about 512 KB.
    private readonly int _blockRows;

    private readonly CsvTable _table;
    private readonly int[] _rows;        // the table row of each kept row
    private readonly Schema _schema;     // its columns encode; its scaler is not used here
    private readonly int[] _source;
    private readonly double[] _block;

    public EncodedParts(CsvTable table, int[] rows, Schema schema)
    {
        _table = table;
        _rows = rows;
        _schema = schema;
        _source = schema.SourceColumns(table);
        _blockRows = Math.Clamp((1 << 16) / schema.Inputs, 1, 1024);
        _block = new double[_blockRows * schema.Inputs];
    }

    /// <summary>The table the rows come from.</summary>
    public CsvTable Table => _table;

    /// <summary>
    /// Fits the scaler on the training part (<paramref name="trainPart"/>: sorted positions in the kept rows), then
    /// leaves inputs that are one-hot categories or missing indicators as they are (0/1, as scikit-learn's
    /// OneHotEncoder leaves them): the statistics are those of <see cref="StandardScaler.Fit"/> on the encoded rows.
    /// </summary>
    public StandardScaler FitScaler(int[] trainPart)
    {
        int inputs = _schema.Inputs;
        var fit = new StandardScalerFit(inputs);
        int[]? visit = null;   // the first pass encodes every kept row, so that an encoding error is the first in the file
        do
        {
            int[]? visited = visit;
            int next = 0;
            ForEachBlock(visited, (start, count, block) =>
            {
                for (int i = 0; i < count; i++)
                {
                    if (visited is not null)
                    {
                        fit.Add(block.Slice(i * inputs, inputs));
                    }
                    else if (next < trainPart.Length && trainPart[next] == start + i)
                    {
                        fit.Add(block.Slice(i * inputs, inputs));
                        next++;
                    }
                }
            });
            visit = trainPart;
        }
        while (fit.NextPass());

        double[] mean = fit.Result.Mean.ToArray(), scale = fit.Result.Scale.ToArray();
        int j = 0;
        foreach (FeatureColumn column in _schema.Columns)
        {
            for (int k = 0; k < column.Width; k++, j++)
            {
                if (column.IsIndicator(k))
                {
                    mean[j] = 0;
                    scale[j] = 1;
                }
            }
        }
        return new StandardScaler(mean, scale);
    }

    /// <summary>
    /// The standardised inputs of each part (sorted positions in the kept rows), converted to <typeparamref name="T"/>
    /// in one pass over the kept rows. For a float network a value beyond float's range is a <see cref="DataException"/>
    /// naming its line and column.
    /// </summary>
    public (T[] Train, T[] Validation, T[] Test) Inputs<T>(StandardScaler scaler, int[] train, int[] validation, int[] test)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputs = _schema.Inputs;
        var parts = new[] { train, validation, test };
        var destinations = new T[parts.Length][];
        for (int p = 0; p < parts.Length; p++)
            destinations[p] = new T[(long)parts[p].Length * inputs];
        var cursor = new int[parts.Length];
        string[] names = [.. _schema.FeatureNames];
        ForEachBlock(null, (start, count, block) =>
        {
            scaler.Transform(block, count);
            if (typeof(T) == typeof(float))
                ThrowIfBeyondFloat(block, scaler, names, start);
            for (int i = 0; i < count; i++)
            {
                int position = start + i;
                for (int p = 0; p < parts.Length; p++)
                {
                    if (cursor[p] < parts[p].Length && parts[p][cursor[p]] == position)
                    {
                        ReadOnlySpan<double> from = block.Slice(i * inputs, inputs);
                        Span<T> to = destinations[p].AsSpan(cursor[p]++ * inputs, inputs);
                        for (int k = 0; k < inputs; k++)
                            to[k] = T.CreateTruncating(from[k]);
                        break;
                    }
                }
            }
        });
        return (destinations[0], destinations[1], destinations[2]);
    }

    /// <summary>The raw (not standardised) encoded rows at these positions, a block at a time, for scoring through a model's Predict.</summary>
    public Scoring.FeatureBlock Raw(int[] positions)
    {
        double[] buffer = [];
        return (start, count) =>
        {
            int inputs = _schema.Inputs;
            if (buffer.Length < count * inputs)
                buffer = new double[count * inputs];
            Span<double> block = buffer.AsSpan(0, count * inputs);
            for (int i = 0; i < count; i++)
                _schema.EncodeRow(_table, _source, _rows[positions[start + i]], block.Slice(i * inputs, inputs));
            return block;
        };
    }

    private delegate void BlockAction(int start, int count, Span<double> block);

    // Encodes the kept rows at `positions` (null: every kept row), in order, a block at a time.
    private void ForEachBlock(int[]? positions, BlockAction action)
    {
        int inputs = _schema.Inputs, total = positions?.Length ?? _rows.Length;
        for (int start = 0; start < total; start += _blockRows)
        {
            int count = Math.Min(_blockRows, total - start);
            Span<double> block = _block.AsSpan(0, count * inputs);
            for (int i = 0; i < count; i++)
            {
                int position = positions is null ? start + i : positions[start + i];
                _schema.EncodeRow(_table, _source, _rows[position], block.Slice(i * inputs, inputs));
            }
            action(start, count, block);
        }
    }

    private void ThrowIfBeyondFloat(Span<double> block, StandardScaler scaler, string[] names, int firstPosition)
    {
        try
        {
            FeatureRangeException.ThrowIfBeyondFloat(block, scaler, names, 0);
        }
        catch (FeatureRangeException e)
        {
            // The column whose inputs hold the feature.
            int column = 0, end = _schema.Columns[0].Width;
            while (e.Feature >= end)
                end += _schema.Columns[++column].Width;
            throw new DataException(_table.FileName, _table.SourceLine(_rows[firstPosition + e.Row]),
                _table.ColumnIndex(_schema.Columns[column].Name) + 1, e.Message, e);
        }
    }
}
