using System.Numerics;

namespace Backprop.Training;

/// <summary>Scores of predictions against the truth, for classification and regression.</summary>
public static class Metrics
{
    /// <summary>The share of positions where <paramref name="predicted"/> equals <paramref name="actual"/>, in [0, 1].</summary>
    /// <exception cref="ArgumentException">The lengths differ or are 0.</exception>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        SameLength(predicted.Length, actual.Length);
        int hits = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (predicted[i] == actual[i])
            {
                hits++;
            }
        }
        return (double)hits / actual.Length;
    }

    /// <summary>Counts [actual, predicted]: row = true class, column = predicted class.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, <paramref name="classes"/>).</exception>
    public static int[,] ConfusionMatrix(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classes)
    {
        SameLength(predicted.Length, actual.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var counts = new int[classes, classes];
        for (int i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(actual), $"Row {i}: class {actual[i]} or prediction {predicted[i]} is outside [0, {classes}).");
            }
            counts[actual[i], predicted[i]]++;
        }
        return counts;
    }

    /// <summary>The index of the largest value in each row of <paramref name="outputs"/> (rows x cols); the first wins ties.</summary>
    public static int[] ArgMax<T>(ReadOnlySpan<T> outputs, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var classes = new int[rows];
        ArgMax(outputs, rows, cols, classes);
        return classes;
    }

    /// <summary>Writes the index of the largest value in each row into <paramref name="classes"/>; the first wins ties.</summary>
    /// <exception cref="ArgumentException">A span is too short for rows x cols.</exception>
    public static void ArgMax<T>(ReadOnlySpan<T> outputs, int rows, int cols, Span<int> classes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (outputs.Length < (long)rows * cols || classes.Length < rows)
        {
            throw new ArgumentException($"ArgMax of {rows} x {cols} needs {rows * cols} outputs and {rows} slots; got {outputs.Length} and {classes.Length}.");
        }
        for (int r = 0; r < rows; r++)
        {
            var row = outputs.Slice(r * cols, cols);
            int best = 0;
            for (int j = 1; j < cols; j++)
            {
                if (row[j] > row[best])
                {
                    best = j;
                }
            }
            classes[r] = best;
        }
    }

    /// <summary>mean of (predicted - actual)^2.</summary>
    public static double MeanSquaredError<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> actual)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        SameLength(predicted.Length, actual.Length);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = double.CreateTruncating(predicted[i]) - double.CreateTruncating(actual[i]);
            sum += d * d;
        }
        return sum / actual.Length;
    }

    /// <summary>mean of |predicted - actual|.</summary>
    public static double MeanAbsoluteError<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> actual)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        SameLength(predicted.Length, actual.Length);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(double.CreateTruncating(predicted[i]) - double.CreateTruncating(actual[i]));
        }
        return sum / actual.Length;
    }

    /// <summary>
    /// Coefficient of determination R^2 = 1 - sum (actual - predicted)^2 / sum (actual - mean)^2. When the actual
    /// values are all equal the ratio is undefined: then 1 for a perfect prediction, else 0.
    /// </summary>
    public static double R2<T>(ReadOnlySpan<T> predicted, ReadOnlySpan<T> actual)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        SameLength(predicted.Length, actual.Length);
        double mean = 0;
        foreach (T value in actual)
        {
            mean += double.CreateTruncating(value);
        }
        mean /= actual.Length;
        double residual = 0, total = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double e = a - double.CreateTruncating(predicted[i]);
            residual += e * e;
            total += (a - mean) * (a - mean);
        }
        if (total == 0)
        {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    private static void SameLength(int predicted, int actual)
    {
        if (predicted != actual || actual == 0)
        {
            throw new ArgumentException($"Predicted ({predicted}) and actual ({actual}) must have the same, non-zero length.");
        }
    }

    /// <summary>
    /// The loss of the best constant classifier under <paramref name="loss"/>: every row predicted as the class frequencies
    /// of <paramref name="classIndex"/> (for cross-entropy, their entropy). A trained model that does worse has learned
    /// nothing from the features. Rows of one class share their loss, so this takes one 1-row loss per class.
    /// </summary>
    /// <exception cref="ArgumentException">No rows, or a class index outside <c>[0, classes)</c>.</exception>
    public static double ConstantLoss(Losses.Loss loss, ReadOnlySpan<int> classIndex, int classes)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (classIndex.IsEmpty)
            throw new ArgumentException("at least one row is needed", nameof(classIndex));
        var counts = new long[classes];
        foreach (int k in classIndex)
        {
            if ((uint)k >= (uint)classes)
                throw new ArgumentException($"class index {k} is outside [0, {classes})", nameof(classIndex));
            counts[k]++;
        }
        var frequencies = new double[classes];
        for (int k = 0; k < classes; k++)
            frequencies[k] = (double)counts[k] / classIndex.Length;
        var target = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++)
        {
            if (counts[k] == 0)
                continue;
            target[k] = 1;
            sum += counts[k] * loss.Value<double>(frequencies, target, 1, classes);
            target[k] = 0;
        }
        return sum / classIndex.Length;
    }

    /// <summary>The mean squared error of the best constant prediction, the mean of <paramref name="targets"/>: their variance.</summary>
    /// <exception cref="ArgumentException">No targets.</exception>
    public static double ConstantMeanSquaredError(ReadOnlySpan<double> targets)
    {
        if (targets.IsEmpty)
            throw new ArgumentException("at least one target is needed", nameof(targets));
        double mean = 0;
        foreach (double t in targets)
            mean += t;
        mean /= targets.Length;
        double squares = 0;
        foreach (double t in targets)
            squares += (t - mean) * (t - mean);
        return squares / targets.Length;
    }
}
