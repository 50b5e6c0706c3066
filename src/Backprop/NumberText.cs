using System.Globalization;

namespace Backprop;

/// <summary>
/// Numbers as people write them, the one home for every number a message, a note or the command prints: plain
/// decimals in the everyday range, else a lower-case exponent (<c>1.48e-06</c>), never <c>4.44E-004</c> or
/// <c>5.754E+13</c>.
/// </summary>
internal static class NumberText
{
    /// <summary>
    /// <paramref name="value"/> to <paramref name="digits"/> significant digits: plain decimals from 0.0001 up to ten
    /// million (<c>0.000444</c>, <c>12346</c>), else scientific (<c>1.48e-06</c>, <c>5.754e+13</c>).
    /// </summary>
    public static string Format(double value, int digits = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        string general = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (!general.Contains('E', StringComparison.Ordinal))
            return general;
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e7)
        {
            int decimals = Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
            return value.ToString(decimals == 0 ? "0" : "0." + new string('#', decimals), CultureInfo.InvariantCulture);
        }
        return value.ToString(digits == 1 ? "0e+00" : "0." + new string('#', digits - 1) + "e+00", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A double to all the digits it has: the shortest text that reads back as the same value, with the exponent
    /// written as <see cref="Format"/> writes it (<c>1e-08</c>, not <c>1E-08</c>).
    /// </summary>
    public static string Exact(double value) => Lower(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A float to all the digits it has (about 7 significant digits), written as <see cref="Exact(double)"/>.</summary>
    public static string Exact(float value) => Lower(value.ToString("R", CultureInfo.InvariantCulture));

    private static string Lower(string text) => text.Replace('E', 'e');
}
