using Backprop.Data;
using Backprop.Persistence;

namespace Backprop.Cli;

/// <summary>Turning DATA arguments into tables, and the names the CLI uses for tasks.</summary>
public static class DataFiles
{
    /// <summary>A DATA argument resolved to a file.</summary>
    /// <param name="Path">The file to read.</param>
    /// <param name="DefaultLabel">The bundled data set's label column, or null for a user's file.</param>
    public sealed record Source(string Path, string? DefaultLabel);

    /// <summary>An existing file is used as is; otherwise a bundled data set name (iris, digits, xor) is looked up.</summary>
    /// <exception cref="DataException">Neither a file nor a bundled name.</exception>
    public static Source Resolve(string nameOrPath)
    {
        string path = BundledData.ResolvePath(nameOrPath);
        bool bundled = !string.Equals(path, nameOrPath, StringComparison.Ordinal);
        return new Source(path, bundled ? BundledData.DefaultLabel(nameOrPath) : null);
    }

    /// <summary>Reads a DATA argument (a file or a bundled name) as a CSV table.</summary>
    /// <exception cref="DataException">The data cannot be found or read.</exception>
    public static CsvTable Read(string nameOrPath, char separator) => CsvReader.Read(Resolve(nameOrPath).Path, separator);

    /// <summary>
    /// Runs <paramref name="work"/> on rows of <paramref name="table"/> (row i of the work is row i of the table), turning a
    /// value a float model cannot take into a data error at its file, line and column (exit 3).
    /// </summary>
    public static TResult InRange<TResult>(CsvTable table, IReadOnlyList<string> featureNames, Func<TResult> work)
    {
        try
        {
            return work();
        }
        catch (FeatureRangeException e)
        {
            throw new DataException(table.FileName, table.SourceLine(e.Row), table.ColumnIndex(featureNames[e.Feature]) + 1, e.Message, e);
        }
    }

    /// <summary>The task as the CLI names it: <c>classification</c> or <c>regression</c>.</summary>
    public static string TaskName(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";
}

/// <summary>Writing CSV.</summary>
public static class Csv
{
    /// <summary>
    /// A text field (a name, a class) as CSV (RFC 4180), comma-separated: control characters escaped (<see cref="Output.Safe"/>);
    /// prefixed with <c>'</c> when it would start a spreadsheet formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, as OWASP
    /// recommends against CSV injection) unless it is a number (<c>-1</c> stays <c>-1</c>); quoted when it holds a comma,
    /// quote or line break, or has spaces at either end (which the reader would otherwise trim).
    /// </summary>
    public static string Field(string value)
    {
        value = Output.Safe(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@'
            && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
