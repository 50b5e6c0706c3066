using System.Text;

namespace Backprop.Data;

/// <summary>
/// A problem with input data, located as precisely as it is known: the message reads
/// <c>data/iris.csv:12:3: 'abc' is not a number (column 'sepal_width')</c>, or without line and column
/// where they do not apply (<c>data.csv: file not found</c>).
/// </summary>
public sealed class DataException : Exception
{
    /// <summary>Creates a data error.</summary>
    /// <param name="file">The file the data came from, as the user named it; null if unknown.</param>
    /// <param name="line">The 1-based line (the header is line 1); null if the error is not on one line.</param>
    /// <param name="column">The 1-based column (field number in the row); null if the error is not in one column.</param>
    /// <param name="detail">What is wrong, without the location.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DataException(string? file, int? line, int? column, string detail, Exception? innerException = null)
        : base(Locate(file, line, column) + detail, innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>The file the data came from, as the user named it; null if unknown.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the problem (the header is line 1); null if it is not on one line.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column (field number) of the problem; null if it is not in one column.</summary>
    public int? Column { get; }

    /// <summary>What is wrong, without the file/line/column prefix that <see cref="Exception.Message"/> carries.</summary>
    public string Detail { get; }

    // Compiler-style "file:line:column: " so editors and terminals can jump to the spot.
    private static string Locate(string? file, int? line, int? column)
    {
        var prefix = new StringBuilder();
        if (file is not null)
            prefix.Append(file);
        if (line is int l)
        {
            if (prefix.Length > 0)
                prefix.Append(':');
            prefix.Append(l);
            if (column is int c)
                prefix.Append(':').Append(c);
        }
        return prefix.Length > 0 ? prefix.Append(": ").ToString() : "";
    }

    /// <summary>
    /// Quotes a cell for a message, shortened so that a hostile megabyte-long field cannot flood the output.
    /// </summary>
    public static string Quote(string value)
    {
        const int max = 40;
        return value.Length <= max ? $"'{value}'" : $"'{value[..max]}...' ({value.Length} characters)";
    }

    /// <summary>Lists names for a message, at most <c>20</c> of them, then how many more there are.</summary>
    internal static string List(IEnumerable<string> names)
    {
        const int max = 20;
        var shown = names.Take(max + 1).Select(Quote).ToList();
        if (shown.Count <= max)
            return string.Join(", ", shown);
        int total = names.Count();
        return string.Join(", ", shown.Take(max)) + $", ... ({total - max} more)";
    }
}
