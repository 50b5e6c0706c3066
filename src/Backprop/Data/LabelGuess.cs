using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// Which column of a table looks like the label, for a hint when none was named: a tool that defaults to the last
/// column fails on a table whose label is elsewhere (often first) with a message about a feature, or, when that
/// column is numeric, fits a regression on the wrong column without a word.
/// </summary>
internal static class LabelGuess
{
    // Column names that usually hold what is to be predicted, compared in any case.
    private static readonly string[] LabelNames =
        ["label", "target", "class", "y", "outcome", "diagnosis", "species", "category", "result", "response", "digit", "survived"];

    /// <summary>True when <paramref name="column"/> is named like a label: label, target, class, y, outcome, ...</summary>
    public static bool IsLabelName(string column) =>
        LabelNames.Contains(column.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A column other than <paramref name="chosen"/> that looks more like the label, or null. First a column named like
    /// a label (unless <paramref name="chosen"/> is); else, when <paramref name="chosen"/> holds a measurement (numbers,
    /// more than <see cref="TabularData.MaxIntegerClasses"/> distinct values or fractions), the first column if it holds
    /// classes (text, or 2 to <see cref="TabularData.MaxIntegerClasses"/> distinct integers).
    /// </summary>
    public static string? Likelier(CsvTable table, string chosen)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(chosen);
        if (IsLabelName(chosen))
            return null;
        foreach (string column in table.Header)
        {
            if (column != chosen && IsLabelName(column))
                return column;
        }
        string first = table.Header[0];
        if (first == chosen || !table.TryGetColumnIndex(chosen, out int chosenIndex))
            return null;
        return Kind(table, chosenIndex) == ColumnKind.Measurement && Kind(table, 0) == ColumnKind.Classes ? first : null;
    }

    private enum ColumnKind { Measurement, Classes, Other }

    private static ColumnKind Kind(CsvTable table, int column)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        bool numbers = true, integers = true;
        for (int r = 0; r < table.RowCount; r++)
        {
            bool stored = table.TryGetStoredNumber(r, column, out double value);
            if (stored || double.TryParse(table.Cell(r, column), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                integers &= value == Math.Floor(value);
            else
                numbers = integers = false;
            if (distinct.Count <= TabularData.MaxIntegerClasses)
                distinct.Add(table.Cell(r, column));
        }
        bool few = distinct.Count is >= 2 and <= TabularData.MaxIntegerClasses;
        if (numbers && (!integers || distinct.Count > TabularData.MaxIntegerClasses))
            return ColumnKind.Measurement;
        return few && (integers || !numbers) ? ColumnKind.Classes : ColumnKind.Other;
    }
}
