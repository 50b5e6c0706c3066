using System.Globalization;
using Backprop.Data;

namespace Backprop.Persistence;

/// <summary>
/// A feature value that a float model cannot compute with: standardised, it lies beyond float's range (about 3.4e38),
/// so the network would see infinity and predict NaN or a confident guess. The row and feature say where, so a caller
/// can name file, line and column.
/// </summary>
/// <param name="row">The 0-based row of the input.</param>
/// <param name="feature">The 0-based feature (index into <see cref="Schema.FeatureNames"/>).</param>
/// <param name="message">What is wrong.</param>
public sealed class FeatureRangeException(int row, int feature, string message) : ArgumentException(message)
{
    /// <summary>The 0-based row of the input.</summary>
    public int Row { get; } = row;

    /// <summary>The 0-based feature.</summary>
    public int Feature { get; } = feature;

    /// <summary>
    /// Throws for the first standardised value in <paramref name="standardised"/> (rows x features, row-major) whose
    /// magnitude exceeds <see cref="float.MaxValue"/>; <paramref name="firstRow"/> is the row number of its first row.
    /// </summary>
    /// <exception cref="FeatureRangeException">A value is beyond float's range.</exception>
    public static void ThrowIfBeyondFloat(ReadOnlySpan<double> standardised, StandardScaler scaler, IReadOnlyList<string> featureNames, int firstRow)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(featureNames);
        int features = scaler.Columns;
        for (int i = 0; i < standardised.Length; i++)
        {
            double z = standardised[i];
            if (Math.Abs(z) <= float.MaxValue)
                continue;
            throw Beyond(z, firstRow + i / features, i % features, scaler, featureNames);
        }
    }

    /// <summary>The exception for standardised value <paramref name="z"/> of <paramref name="row"/>, <paramref name="feature"/>.</summary>
    internal static FeatureRangeException Beyond(double z, int row, int feature, StandardScaler scaler, IReadOnlyList<string> featureNames)
    {
        double raw = z * scaler.Scale[feature] + scaler.Mean[feature];
        return new FeatureRangeException(row, feature,
            $"{NumberText.Format(raw, 6)} in column {DataException.Quote(featureNames[feature])} is " +
            $"{NumberText.Format(Math.Abs(z), 3)} standard deviations from the training mean, beyond the " +
            "range of a float model (about 3.4e38); train with --precision double to use such values");
    }
}
