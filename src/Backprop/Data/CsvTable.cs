namespace Backprop.Data;

/// <summary>
/// A CSV file as read: a header of unique column names and rows of text cells, each row remembering the
/// source line it started on so that later errors (a cell that is not a number) can point at it.
/// Immutable. Produced by <see cref="CsvReader"/>.
/// </summary>
public sealed class CsvTable
{
    private readonly string[] _header;
    private readonly List<string> _cells;   // row-major, RowCount x ColumnCount
    private readonly List<int> _lines;      // source line of each row
    private readonly Dictionary<string, int> _index;

    internal CsvTable(string fileName, string[] header, List<string> cells, List<int> lines)
    {
        FileName = fileName;
        _header = header;
        _cells = cells;
        _lines = lines;
        _index = new Dictionary<string, int>(header.Length, StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
            _index.Add(header[i], i);
    }

    /// <summary>The field separator the table was read with (given, or detected).</summary>
    public char Separator { get; internal init; } = ',';

    /// <summary>The SHA-256 of the bytes read (lower-case hex), computed while parsing; null when read from text.</summary>
    public string? Sha256 { get; internal set; }

    /// <summary>The file name used in error messages, as the caller gave it.</summary>
    public string FileName { get; }

    /// <summary>The column names, in file order; unique and non-empty.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The number of columns.</summary>
    public int ColumnCount => _header.Length;

    /// <summary>The number of data rows (the header not counted).</summary>
    public int RowCount => _lines.Count;

    /// <summary>The text of one cell: unquoted fields are trimmed, quoted fields are kept as written.</summary>
    /// <param name="row">The 0-based data row.</param>
    /// <param name="column">The 0-based column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside the table.</exception>
    public string Cell(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        return _cells[row * _header.Length + column];
    }

    /// <summary>The 1-based source line a data row starts on (the header is line 1).</summary>
    /// <param name="row">The 0-based data row.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside the table.</exception>
    public int SourceLine(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _lines[row];
    }

    /// <summary>The 0-based index of the column with this exact (case-sensitive) name.</summary>
    /// <exception cref="DataException">No column has that name; the message lists the available ones.</exception>
    public int ColumnIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_index.TryGetValue(name, out int index))
            return index;
        throw new DataException(FileName, 1, null,
            $"no column named {DataException.Quote(name)}; the columns are {DataException.List(_header)}");
    }

    /// <summary>Looks up a column by its exact (case-sensitive) name.</summary>
    /// <returns>True with the 0-based index if the column exists; otherwise false.</returns>
    public bool TryGetColumnIndex(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.TryGetValue(name, out index);
    }
}
