namespace Backprop.Data;

/// <summary>
/// The spellings of a missing value in a CSV cell: empty, <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>?</c>, <c>null</c>,
/// <c>None</c>, in any letter case (cells are already trimmed by the reader).
/// </summary>
public static class MissingValues
{
    /// <summary>The spellings, as documented; compared ignoring case.</summary>
    public static IReadOnlyList<string> Spellings { get; } = ["", "NA", "N/A", "NaN", "?", "null", "None"];

    /// <summary>Whether a cell holds a missing value.</summary>
    public static bool IsMissing(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Length > 4)
            return false;
        foreach (string spelling in Spellings)
        {
            if (string.Equals(cell, spelling, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
