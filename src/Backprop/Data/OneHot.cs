namespace Backprop.Data;

/// <summary>One-hot encoding of class indices: the target rows for a softmax / cross-entropy output.</summary>
public static class OneHot
{
    /// <summary>Encodes class indices as rows with a single 1.</summary>
    /// <param name="classIndex">Each row's class, in <c>[0, classes)</c>.</param>
    /// <param name="classes">The number of classes (columns).</param>
    /// <returns>Row-major <c>classIndex.Length x classes</c>: row <c>i</c> has 1 in column <c>classIndex[i]</c>, 0 elsewhere.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is not positive, or an index is outside <c>[0, classes)</c>.</exception>
    public static double[] Encode(ReadOnlySpan<int> classIndex, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        var encoded = new double[classIndex.Length * classes];
        for (int i = 0; i < classIndex.Length; i++)
        {
            int k = classIndex[i];
            if ((uint)k >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(classIndex), k, $"class index at row {i} is outside [0, {classes})");
            encoded[i * classes + k] = 1;
        }
        return encoded;
    }
}
