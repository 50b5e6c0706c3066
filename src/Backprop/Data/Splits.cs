namespace Backprop.Data;

/// <summary>
/// Train/test splits by row index. Each call shuffles with its own <see cref="System.Random"/> built from the
/// given seed, so the same seed gives the same split and nothing depends on shared state. Index arrays come
/// back sorted ascending.
/// </summary>
public static class Splits
{
    /// <summary>
    /// Splits each class separately so that train and test keep the class proportions: of a class with
    /// <c>n</c> rows, <c>round(n * testFraction)</c> go to test, but at least one to each side.
    /// </summary>
    /// <param name="classIndex">Each row's class, in <c>[0, classes)</c>.</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="testFraction">The share of each class held out, in (0, 1).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="classNames">Class names for error messages, if known.</param>
    /// <param name="fileName">The source file for error messages, if known.</param>
    /// <exception cref="DataException">A class has fewer than two rows, so it cannot be on both sides.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is outside (0, 1), <paramref name="classes"/> is not positive, or a class index is out of range.</exception>
    public static (int[] Train, int[] Test) Stratified(ReadOnlySpan<int> classIndex, int classes, double testFraction,
        int seed, IReadOnlyList<string>? classNames = null, string? fileName = null)
    {
        CheckFraction(testFraction);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (classNames is not null && classNames.Count != classes)
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes", nameof(classNames));

        var members = new List<int>[classes];
        for (int k = 0; k < classes; k++)
            members[k] = [];
        for (int i = 0; i < classIndex.Length; i++)
        {
            int k = classIndex[i];
            if ((uint)k >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(classIndex), k, $"class index at row {i} is outside [0, {classes})");
            members[k].Add(i);
        }

        var rng = new System.Random(seed);
        var train = new List<int>(classIndex.Length);
        var test = new List<int>(classIndex.Length);
        for (int k = 0; k < classes; k++)
        {
            int n = members[k].Count;
            if (n < 2)
            {
                string name = classNames is null ? $"{k}" : DataException.Quote(classNames[k]);
                throw new DataException(fileName, null, null,
                    $"class {name} has {n} row{(n == 1 ? "" : "s")}; a train/test split needs at least 2 per class");
            }
            int[] rows = [.. members[k]];
            Shuffle(rows, rng);
            int testCount = Math.Clamp((int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero), 1, n - 1);
            test.AddRange(rows.AsSpan(0, testCount));
            train.AddRange(rows.AsSpan(testCount));
        }
        return (Sorted(train), Sorted(test));
    }

    /// <summary>
    /// Splits rows at random (for regression): <c>round(rows * testFraction)</c> go to test, but at least one
    /// to each side.
    /// </summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="testFraction">The share held out, in (0, 1).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="fileName">The source file for error messages, if known.</param>
    /// <exception cref="DataException">There are fewer than two rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is outside (0, 1) or <paramref name="rows"/> is negative.</exception>
    public static (int[] Train, int[] Test) Random(int rows, double testFraction, int seed, string? fileName = null)
    {
        CheckFraction(testFraction);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rows < 2)
            throw new DataException(fileName, null, null,
                $"{rows} data row{(rows == 1 ? "" : "s")}; a train/test split needs at least 2");
        int[] order = [.. Enumerable.Range(0, rows)];
        Shuffle(order, new System.Random(seed));
        int testCount = Math.Clamp((int)Math.Round(rows * testFraction, MidpointRounding.AwayFromZero), 1, rows - 1);
        int[] test = order[..testCount], train = order[testCount..];
        Array.Sort(test);
        Array.Sort(train);
        return (train, test);
    }

    private static void CheckFraction(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must be between 0 and 1, exclusive");
    }

    // Fisher-Yates, written out so the permutation for a seed depends only on System.Random's sequence.
    private static void Shuffle(int[] values, System.Random rng)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static int[] Sorted(List<int> values)
    {
        values.Sort();
        return [.. values];
    }
}
