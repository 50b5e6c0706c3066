namespace Backprop.Data;

/// <summary>
/// A CSV file as read: a header of unique column names and rows of cells, each row remembering the source line it
/// started on so that later errors (a cell that is not a number) can point at it. Stored as flat typed columns: a cell
/// that is a plain decimal number is kept as its value, any other cell as text (each distinct text once per column). Immutable. Produced by <see cref="CsvReader"/>.
/// </summary>
public sealed class CsvTable
{
    private readonly string[] _header;
    private readonly CsvColumn[] _columns;
    private readonly int[] _lines;      // source line of each row
    private readonly Dictionary<string, int> _index;

    internal CsvTable(string fileName, string[] header, CsvColumn[] columns, int[] lines)
    {
        FileName = fileName;
        _header = header;
        _columns = columns;
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
    public int RowCount => _lines.Length;

    /// <summary>
    /// The text of one cell: unquoted fields are trimmed, quoted fields are kept as written; a cell that is a plain
    /// decimal number (<c>[+-]digits[.digits][e[+-]digits]</c>, quoted or not) reads back in its shortest round-trip
    /// form (<c>1.50</c> as <c>1.5</c>, <c>1e3</c> as <c>1000</c>), since the table keeps its value, not its text.
    /// </summary>
    /// <param name="row">The 0-based data row.</param>
    /// <param name="column">The 0-based column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside the table.</exception>
    public string Cell(int row, int column)
    {
        CheckCell(row, column);
        return _columns[column].Text(row);
    }

    /// <summary>Whether the table holds this cell as a number (finite, within <see cref="TabularData.MaxMagnitude"/>): then no text is made.</summary>
    internal bool TryGetStoredNumber(int row, int column, out double value)
    {
        CheckCell(row, column);
        return _columns[column].IsNumber(row, out value);
    }

    /// <summary>Whether a cell holds a missing value (<see cref="MissingValues"/>), without making its text when it is a number.</summary>
    internal bool IsMissing(int row, int column) =>
        !TryGetStoredNumber(row, column, out _) && MissingValues.IsMissing(_columns[column].Text(row));

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

    private void CheckCell(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
    }
}
