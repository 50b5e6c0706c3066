using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// Which cells the CSV reader keeps as numbers: plain decimals <c>[+-]digits[.digits][e[+-]digits]</c> (or
/// <c>.digits</c>), finite and at most <see cref="TabularData.MaxMagnitude"/> in magnitude. Anything else (spaces,
/// <c>Infinity</c>, missing-value spellings) stays text. The value is the one <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/>
/// gives: most cells take the exact fast path (a mantissa of at most 2^53 times an exact power of ten up to 10^22, one
/// correctly rounded operation); the rest are handed to <c>double.Parse</c> itself.
/// </summary>
internal static class CsvNumber
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a cell that is a plain decimal within the stored range; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0, n = s.Length;
        if (n == 0)
            return false;
        bool negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i++;
        }
        ulong mantissa = 0;
        int significant = 0, scale = 0, digits = 0;
        for (; i < n && char.IsAsciiDigit(s[i]); i++, digits++)
        {
            if (significant < 19)
            {
                mantissa = mantissa * 10 + (ulong)(s[i] - '0');
                if (mantissa != 0)
                    significant++;
            }
            else
            {
                scale++;
                significant++;
            }
        }
        if (i < n && s[i] == '.')
        {
            for (i++; i < n && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                if (significant < 19)
                {
                    mantissa = mantissa * 10 + (ulong)(s[i] - '0');
                    scale--;
                    if (mantissa != 0)
                        significant++;
                }
                else
                {
                    significant++;
                }
            }
        }
        if (digits == 0)
            return false;
        int exponent = 0;
        bool longExponent = false;
        if (i < n && s[i] is 'e' or 'E')
        {
            i++;
            bool negativeExponent = false;
            if (i < n && s[i] is '+' or '-')
            {
                negativeExponent = s[i] == '-';
                i++;
            }
            int start = i;
            for (; i < n && char.IsAsciiDigit(s[i]); i++)
            {
                if (i - start < 6)
                    exponent = exponent * 10 + (s[i] - '0');
                else
                    longExponent = true;
            }
            if (i == start)
                return false;
            if (negativeExponent)
                exponent = -exponent;
        }
        if (i != n)
            return false;

        int power = scale + exponent;
        if (!longExponent && significant <= 19 && mantissa <= 1UL << 53 && power >= -22 && power <= 22)
        {
            double m = mantissa;
            value = power >= 0 ? m * PowersOfTen[power] : m / PowersOfTen[-power];
            if (negative)
                value = -value;
        }
        else
        {
            value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return double.IsFinite(value) && Math.Abs(value) <= TabularData.MaxMagnitude;
    }
}
