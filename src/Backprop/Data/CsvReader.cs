using System.Text;

namespace Backprop.Data;

/// <summary>
/// Reads CSV (RFC 4180) into a <see cref="CsvTable"/>: a required header row; quoted fields with <c>""</c>
/// escapes and separators or line breaks inside quotes; CRLF, LF or CR line ends; whitespace around
/// unquoted fields trimmed; blank lines at the end ignored. Safe on hostile input: it reads each
/// character once, bounds every field and the column count, and reports every problem as a
/// <see cref="DataException"/> naming file, line and column.
/// </summary>
public static class CsvReader
{
    /// <summary>The longest field accepted, in characters (1 Mi).</summary>
    public const int MaxFieldLength = 1 << 20;

    /// <summary>The most columns accepted.</summary>
    public const int MaxColumns = 100_000;

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file; it also names the file in error messages.</param>
    /// <param name="separator">The field separator: <c>','</c> by default, <c>';'</c> or a tab are common.</param>
    /// <exception cref="DataException">The file is missing, unreadable or malformed.</exception>
    /// <exception cref="ArgumentException">The separator is a quote or a line break.</exception>
    public static CsvTable Read(string path, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckSeparator(separator);
        StreamReader reader;
        try
        {
            reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException(path, null, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // ArgumentException: an empty path or one with a NUL; the caller wanted a file, not a contract check.
            throw new DataException(path, null, null, $"cannot open the file: {e.Message}", e);
        }
        using (reader)
        {
            try
            {
                return Parse(reader, path, separator);
            }
            catch (IOException e)
            {
                throw new DataException(path, null, null, $"cannot read the file: {e.Message}", e);
            }
        }
    }

    /// <summary>Reads CSV text.</summary>
    /// <param name="reader">The text; read to the end (not disposed).</param>
    /// <param name="fileName">Names the source in error messages.</param>
    /// <param name="separator">The field separator: <c>','</c> by default.</param>
    /// <exception cref="DataException">The text is malformed.</exception>
    /// <exception cref="ArgumentException">The separator is a quote or a line break.</exception>
    public static CsvTable Parse(TextReader reader, string fileName, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        CheckSeparator(separator);
        return new Parser(reader, fileName, separator).ReadTable();
    }

    private static void CheckSeparator(char separator)
    {
        if (separator is '"' or '\r' or '\n')
            throw new ArgumentException($"the separator cannot be a quote or a line break (got U+{(int)separator:X4})", nameof(separator));
    }

    private sealed class Parser(TextReader reader, string file, char separator)
    {
        private const int Eof = -1;
        private readonly char[] _buffer = new char[1 << 16];
        private int _pos, _end;
        private int _line = 1;
        private readonly StringBuilder _field = new();
        private readonly List<string> _row = [];
        private bool _rowIsBlank;

        public CsvTable ReadTable()
        {
            if (Peek() == '\uFEFF')
                Next();   // a byte-order mark that a StringReader or a non-detecting reader left in

            int firstBlank = 0;   // first line of a run of blank lines; 0 when none is pending
            string[]? header = null;
            var cells = new List<string>();
            var lines = new List<int>();
            while (Peek() != Eof)
            {
                int rowLine = _line;
                int count = ReadRow(keep: header?.Length ?? MaxColumns, rowLine);
                if (_rowIsBlank)
                {
                    if (firstBlank == 0)
                        firstBlank = rowLine;
                    continue;
                }
                if (firstBlank != 0)
                    throw new DataException(file, firstBlank, null,
                        "blank line; blank lines are allowed only at the end of the file");
                if (header is null)
                {
                    header = CheckHeader();
                    continue;
                }
                if (count != header.Length)
                    throw new DataException(file, rowLine, Math.Min(count, header.Length) + 1,
                        $"expected {header.Length} {(header.Length == 1 ? "column" : "columns")} (as in the header), found {count}");
                cells.AddRange(_row);
                lines.Add(rowLine);
            }
            // Line 1 for both: where the header is, or should be.
            if (header is null)
                throw new DataException(file, 1, null, "the file is empty");
            if (lines.Count == 0)
                throw new DataException(file, 1, null, "the file has a header but no data rows");
            return new CsvTable(file, header, cells, lines);
        }

        private string[] CheckHeader()
        {
            var seen = new Dictionary<string, int>(_row.Count, StringComparer.Ordinal);
            for (int i = 0; i < _row.Count; i++)
            {
                string name = _row[i];
                if (string.IsNullOrWhiteSpace(name))
                    throw new DataException(file, 1, i + 1, "empty column name in the header");
                if (!seen.TryAdd(name, i))
                    throw new DataException(file, 1, i + 1,
                        $"duplicate column name {DataException.Quote(name)} (also column {seen[name] + 1})");
            }
            return [.. _row];
        }

        // Reads one row through its line break; returns its field count. Only the first `keep` fields are
        // stored in _row: the rest of an over-long row is counted for the error message, not buffered.
        private int ReadRow(int keep, int rowLine)
        {
            _row.Clear();
            _rowIsBlank = true;
            int count = 0;
            while (true)
            {
                bool quoted = ReadField(count + 1);
                if (quoted || _field.Length > 0)
                    _rowIsBlank = false;
                if (count == MaxColumns)
                    throw new DataException(file, rowLine, count + 1, $"more than {MaxColumns} columns");
                if (count < keep)
                    _row.Add(_field.ToString());
                count++;
                int c = Next();
                if (c == separator)
                {
                    _rowIsBlank = false;
                    continue;
                }
                if (c == '\r' && Peek() == '\n')
                    Next();
                if (c != Eof)
                    _line++;
                return count;
            }
        }

        // Reads one field into _field and leaves the separator, line break or end of input unread.
        // Returns whether the field was quoted.
        private bool ReadField(int column)
        {
            _field.Clear();
            int c = Peek();
            while (IsBlank(c))
            {
                Next();
                c = Peek();
            }
            if (c != '"')
            {
                while (c != Eof && c != separator && c != '\r' && c != '\n')
                {
                    Append((char)Next(), column);
                    c = Peek();
                }
                int end = _field.Length;
                while (end > 0 && char.IsWhiteSpace(_field[end - 1]))
                    end--;
                _field.Length = end;
                return false;
            }

            int openLine = _line;
            Next();
            while (true)
            {
                c = Next();
                if (c == Eof)
                    throw new DataException(file, openLine, column, "unterminated quoted field (no closing '\"')");
                if (c == '"')
                {
                    if (Peek() != '"')
                        break;
                    Next();
                }
                else if (c == '\n' || (c == '\r' && Peek() != '\n'))
                    _line++;
                Append((char)c, column);
            }
            c = Peek();
            while (IsBlank(c))
            {
                Next();
                c = Peek();
            }
            if (c != Eof && c != separator && c != '\r' && c != '\n')
                throw new DataException(file, _line, column,
                    $"unexpected {DataException.Quote(((char)c).ToString())} after a closing quote (a quote inside a quoted field is written \"\")");
            return true;
        }

        private bool IsBlank(int c) => c != Eof && c != separator && c != '\r' && c != '\n' && char.IsWhiteSpace((char)c);

        private void Append(char c, int column)
        {
            if (_field.Length == MaxFieldLength)
                throw new DataException(file, _line, column, $"field longer than {MaxFieldLength} characters");
            _field.Append(c);
        }

        private int Peek()
        {
            if (_pos == _end && !Fill())
                return Eof;
            return _buffer[_pos];
        }

        private int Next()
        {
            if (_pos == _end && !Fill())
                return Eof;
            return _buffer[_pos++];
        }

        private bool Fill()
        {
            _end = reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            return _end > 0;
        }
    }
}
