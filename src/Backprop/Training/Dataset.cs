using System.Numerics;

namespace Backprop.Training;

/// <summary>
/// Training patterns: inputs (row-major <c>Rows x InputCount</c>) and targets (<c>Rows x OutputCount</c>) in the
/// network's element type, or, for classes, one class index per row (<see cref="ClassIndex"/>: memory does not grow
/// with rows x classes; the trainer writes each batch's one-hot targets). The arrays are used as given, not copied.
/// </summary>
public sealed class Dataset<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[]? _targets;

    /// <summary>Wraps inputs and class indices: the targets are the one-hot rows of the classes.</summary>
    /// <exception cref="ArgumentException">A size is not positive, an array's length is wrong, or an index is outside [0, classes).</exception>
    public Dataset(T[] inputs, int[] classIndex, int inputCount, int classes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(classIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(classIndex.Length, 1, nameof(classIndex));
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (inputs.Length != (long)classIndex.Length * inputCount)
        {
            throw new ArgumentException(
                $"Inputs hold {inputs.Length} values; {classIndex.Length} rows x {inputCount} inputs = {(long)classIndex.Length * inputCount} expected.", nameof(inputs));
        }
        foreach (int k in classIndex)
        {
            if ((uint)k >= (uint)classes)
            {
                throw new ArgumentException($"Class index {k} is outside [0, {classes}).", nameof(classIndex));
            }
        }
        Inputs = inputs;
        ClassIndex = classIndex;
        Rows = classIndex.Length;
        InputCount = inputCount;
        OutputCount = classes;
    }

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
        _targets = targets;
        Rows = rows;
        InputCount = inputCount;
        OutputCount = outputCount;
    }

    /// <summary>Inputs, row-major <c>Rows x InputCount</c>.</summary>
    public T[] Inputs { get; }

    /// <summary>
    /// Targets, row-major <c>Rows x OutputCount</c>. A data set of class indices makes its one-hot rows on first use
    /// (the trainer never asks: it reads targets per batch with <see cref="CopyTargets"/>).
    /// </summary>
    public T[] Targets => _targets ??= OneHot();

    /// <summary>Each row's class, when the targets are classes given by index; otherwise null.</summary>
    public int[]? ClassIndex { get; }

    /// <summary>Writes row <paramref name="row"/>'s targets (<see cref="OutputCount"/> values) into <paramref name="destination"/>.</summary>
    public void CopyTargets(int row, Span<T> destination)
    {
        if (ClassIndex is { } classes)
        {
            Span<T> target = destination[..OutputCount];
            target.Clear();
            target[classes[row]] = T.One;
        }
        else
        {
            _targets.AsSpan(row * OutputCount, OutputCount).CopyTo(destination);
        }
    }

    private T[] OneHot()
    {
        var targets = new T[(long)Rows * OutputCount];
        for (int r = 0; r < Rows; r++)
        {
            CopyTargets(r, targets.AsSpan(r * OutputCount, OutputCount));
        }
        return targets;
    }

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

    /// <summary>A copy of the given rows, in the given order (indices may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Rows).</exception>
    public Dataset<T> Subset(ReadOnlySpan<int> rows)
    {
        var inputs = new T[rows.Length * InputCount];
        var targets = ClassIndex is null ? new T[rows.Length * OutputCount] : null;
        var classes = ClassIndex is null ? null : new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row index outside [0, {Rows}).");
            }
            Inputs.AsSpan(r * InputCount, InputCount).CopyTo(inputs.AsSpan(i * InputCount));
            if (classes is not null)
            {
                classes[i] = ClassIndex![r];
            }
            else
            {
                _targets.AsSpan(r * OutputCount, OutputCount).CopyTo(targets.AsSpan(i * OutputCount));
            }
        }
        return classes is not null
            ? new Dataset<T>(inputs, classes, InputCount, OutputCount)
            : new Dataset<T>(inputs, targets!, rows.Length, InputCount, OutputCount);
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
