using System.Text;
using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>
/// The plain character-at-a-time CSV reader that CsvReader's span-scanning, column-storing reader replaced, kept as the
/// reference the fast reader is tested against (CsvReaderReferenceTests): the same header, rows, lines and errors.
/// </summary>
internal static class ReferenceCsv
{
    public static (string[] Header, List<string> Cells, List<int> Lines) Parse(string text, string file, char? separator)
    {
        var reader = new StringReader(text);
        return new Parser((buffer, _) => reader.Read(buffer, 0, buffer.Length), file, separator).ReadTable();
    }

    private const int MaxColumns = CsvReader.MaxColumns;
    private const int MaxFieldLength = CsvReader.MaxFieldLength;

    // Detection: the candidate that occurs most often in the header line, outside quotes; ',' when none does.
    private static char Detect(ReadOnlySpan<char> start)
    {
        var counts = new int[CsvReader.DetectedSeparators.Count];
        bool quoted = false;
        foreach (char c in start)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '\r' or '\n')
                break;
            else if (!quoted)
            {
                for (int i = 0; i < counts.Length; i++)
                {
                    if (c == CsvReader.DetectedSeparators[i])
                        counts[i]++;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
                best = i;
        }
        return CsvReader.DetectedSeparators[best];
    }

    internal sealed class Parser(Func<char[], int, int> read, string file, char? givenSeparator)
    {
        private char separator = givenSeparator ?? ',';
        private const int Eof = -1;
        private readonly char[] _buffer = new char[1 << 16];
        private int _pos, _end;
        private int _line = 1;
        private readonly StringBuilder _field = new();
        private readonly List<string> _row = [];
        private bool _rowIsBlank;

        public (string[] Header, List<string> Cells, List<int> Lines) ReadTable()
        {
            if (Peek() == '\uFEFF')
                Next();   // a byte-order mark
            if (givenSeparator is null && Peek() != Eof)
                separator = Detect(_buffer.AsSpan(_pos, _end - _pos));

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
            return (header, cells, lines);
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
            _end = read(_buffer, _line);
            _pos = 0;
            return _end > 0;
        }
    }
}
