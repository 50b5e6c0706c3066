using System.Numerics;

namespace Backprop.Training;

/// <summary>
/// Training patterns: inputs (row-major <c>Rows x InputCount</c>) and targets (<c>Rows x OutputCount</c>) in the
/// network's element type. The arrays are used as given, not copied.
/// </summary>
public sealed class Dataset<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Wraps inputs and targets.</summary>
    /// <exception cref="ArgumentException">A size is not positive or an array's length is not rows times its width.</exception>
    public Dataset(T[] inputs, T[] targets, int rows, int inputCount, int outputCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        if (inputs.Length != (long)rows * inputCount)
        {
            throw new ArgumentException(
                $"Inputs hold {inputs.Length} values; {rows} rows x {inputCount} inputs = {(long)rows * inputCount} expected.", nameof(inputs));
        }
        if (targets.Length != (long)rows * outputCount)
        {
            throw new ArgumentException(
                $"Targets hold {targets.Length} values; {rows} rows x {outputCount} outputs = {(long)rows * outputCount} expected.", nameof(targets));
        }
        Inputs = inputs;
        Targets = targets;
        Rows = rows;
        InputCount = inputCount;
        OutputCount = outputCount;
    }

    /// <summary>Inputs, row-major <c>Rows x InputCount</c>.</summary>
    public T[] Inputs { get; }

    /// <summary>Targets, row-major <c>Rows x OutputCount</c>.</summary>
    public T[] Targets { get; }

    /// <summary>Number of patterns.</summary>
    public int Rows { get; }

    /// <summary>Inputs per pattern.</summary>
    public int InputCount { get; }

    /// <summary>Targets per pattern.</summary>
    public int OutputCount { get; }

    /// <summary>Converts double inputs and targets to <typeparamref name="T"/>.</summary>
    public static Dataset<T> FromDoubles(double[] inputs, double[] targets, int rows, int inputCount, int outputCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        return new Dataset<T>(Convert(inputs), Convert(targets), rows, inputCount, outputCount);
    }

    /// <summary>
    /// The given rows of double inputs and targets, converted to <typeparamref name="T"/>: a subset without first
    /// converting every row (the tabular pipeline's parts, so the whole table is never held twice).
    /// </summary>
    internal static Dataset<T> FromDoubleRows(double[] inputs, double[] targets, ReadOnlySpan<int> rows, int inputCount, int outputCount)
    {
        var x = new T[(long)rows.Length * inputCount];
        var y = new T[(long)rows.Length * outputCount];
        for (int i = 0; i < rows.Length; i++)
        {
            ReadOnlySpan<double> from = inputs.AsSpan(rows[i] * inputCount, inputCount);
            Span<T> to = x.AsSpan(i * inputCount, inputCount);
            for (int j = 0; j < inputCount; j++)
            {
                to[j] = T.CreateTruncating(from[j]);
            }
            ReadOnlySpan<double> target = targets.AsSpan(rows[i] * outputCount, outputCount);
            Span<T> toTarget = y.AsSpan(i * outputCount, outputCount);
            for (int j = 0; j < outputCount; j++)
            {
                toTarget[j] = T.CreateTruncating(target[j]);
            }
        }
        return new Dataset<T>(x, y, rows.Length, inputCount, outputCount);
    }

    /// <summary>A copy of the given rows, in the given order (indices may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Rows).</exception>
    public Dataset<T> Subset(ReadOnlySpan<int> rows)
    {
        var inputs = new T[rows.Length * InputCount];
        var targets = new T[rows.Length * OutputCount];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row index outside [0, {Rows}).");
            }
            Inputs.AsSpan(r * InputCount, InputCount).CopyTo(inputs.AsSpan(i * InputCount));
            Targets.AsSpan(r * OutputCount, OutputCount).CopyTo(targets.AsSpan(i * OutputCount));
        }
        return new Dataset<T>(inputs, targets, rows.Length, InputCount, OutputCount);
    }

    /// <summary>Prints as <c>Dataset(150 x 4 -> 3)</c>.</summary>
    public override string ToString() => $"Dataset({Rows} x {InputCount} -> {OutputCount})";

    private static T[] Convert(double[] values)
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = T.CreateTruncating(values[i]);
        }
        return result;
    }
}
