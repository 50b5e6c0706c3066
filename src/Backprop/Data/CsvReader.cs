using System.Security.Cryptography;
using System.Text;

namespace Backprop.Data;

/// <summary>
/// Reads CSV (RFC 4180) into a <see cref="CsvTable"/>: a required header row; quoted fields with <c>""</c>
/// escapes and separators or line breaks inside quotes; CRLF, LF or CR line ends; whitespace around
/// unquoted fields trimmed; blank lines at the end ignored; the separator detected when not given; strict UTF-8. Safe on hostile input: it reads each
/// character once, bounds every field and the column count, and reports every problem as a
/// <see cref="DataException"/> naming file, line and column.
/// </summary>
public static class CsvReader
{
    /// <summary>The longest field accepted, in characters (1 Mi).</summary>
    public const int MaxFieldLength = 1 << 20;

    /// <summary>The most columns accepted.</summary>
    public const int MaxColumns = 100_000;

    /// <summary>The separators tried when none is given: the one found most often in the header line wins.</summary>
    public static IReadOnlyList<char> DetectedSeparators { get; } = [',', ';', '\t', '|'];

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file; it also names the file in error messages.</param>
    /// <param name="separator">The field separator, or null (default) to detect it: <c>','</c>, <c>';'</c>, tab or <c>'|'</c>, whichever the header line holds most of (<c>','</c> when none).</param>
    /// <param name="progress">Told the number of bytes read so far, now and then; null for none.</param>
    /// <exception cref="DataException">The file is missing, unreadable, not UTF-8 or malformed.</exception>
    /// <exception cref="ArgumentException">The separator is a quote or a line break.</exception>
    public static CsvTable Read(string path, char? separator = null, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckSeparator(separator);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException(path, null, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // ArgumentException: an empty path or one with a NUL; the caller wanted a file, not a contract check.
            throw new DataException(path, null, null, $"cannot open the file: {e.Message}", e);
        }
        using (stream)
            return Read(stream, path, separator, progress);
    }

    /// <summary>
    /// Reads CSV from a stream (a file, a named pipe, standard input), once, front to back: the bytes must be UTF-8
    /// (a byte-order mark is skipped; an invalid byte is an error naming its line). The table's
    /// <see cref="CsvTable.Sha256"/> is the hash of the bytes read.
    /// </summary>
    /// <param name="stream">The bytes; read to the end (not disposed).</param>
    /// <param name="fileName">Names the source in error messages.</param>
    /// <param name="separator">The field separator, or null to detect it (see <see cref="Read(string, char?, IProgress{long}?)"/>).</param>
    /// <param name="progress">Told the number of bytes read so far, now and then; null for none.</param>
    /// <exception cref="DataException">The bytes cannot be read, are not UTF-8 or are malformed CSV.</exception>
    public static CsvTable Read(Stream stream, string fileName, char? separator = null, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        CheckSeparator(separator);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var source = new Utf8Source(stream, hash, fileName, progress, separator);
            CsvTable table = new Parser(source.Read, fileName, separator).ReadTable();
            source.Drain();
            table.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            return table;
        }
        catch (IOException e)
        {
            throw new DataException(fileName, null, null, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Reads CSV text.</summary>
    /// <param name="reader">The text; read to the end (not disposed).</param>
    /// <param name="fileName">Names the source in error messages.</param>
    /// <param name="separator">The field separator, or null to detect it (see <see cref="Read(string, char?, IProgress{long}?)"/>).</param>
    /// <exception cref="DataException">The text is malformed.</exception>
    /// <exception cref="ArgumentException">The separator is a quote or a line break.</exception>
    public static CsvTable Parse(TextReader reader, string fileName, char? separator = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        CheckSeparator(separator);
        return new Parser((buffer, _) => reader.Read(buffer, 0, buffer.Length), fileName, separator).ReadTable();
    }

    private static void CheckSeparator(char? separator)
    {
        if (separator is '"' or '\r' or '\n')
            throw new ArgumentException($"the separator cannot be a quote or a line break (got U+{(int)separator:X4})", nameof(separator));
    }

    // Detection: the candidate that occurs most often in the header line, outside quotes; ',' when none does.
    private static char Detect(ReadOnlySpan<char> start)
    {
        var counts = new int[DetectedSeparators.Count];
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
                    if (c == DetectedSeparators[i])
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
        return DetectedSeparators[best];
    }

    // Bytes to chars, strictly: an invalid UTF-8 sequence is a DataException naming the line it is on. The parser has
    // consumed every character before asking for more, so its line plus the line breaks before the bad byte locate it.
    private sealed class Utf8Source(Stream stream, IncrementalHash hash, string file, IProgress<long>? progress, char? separator)
    {
        private readonly byte[] _bytes = new byte[1 << 16];
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        private long _total;
        private long _reported;
        private bool _done;

        public int Read(char[] buffer, int line)
        {
            while (!_done)
            {
                int n = stream.Read(_bytes, 0, Math.Min(_bytes.Length, buffer.Length));
                hash.AppendData(_bytes, 0, n);
                _total += n;
                if (progress is not null && (_total - _reported >= 1 << 24 || n == 0))
                {
                    _reported = _total;
                    progress.Report(_total);
                }
                if (n == 0)
                    _done = true;
                int chars;
                try
                {
                    chars = _decoder.GetChars(_bytes, 0, n, buffer, 0, flush: n == 0);
                }
                catch (DecoderFallbackException e)
                {
                    int bad = Math.Clamp(e.Index, 0, n);
                    int at = line + _bytes.AsSpan(0, bad).Count((byte)'\n');
                    string hex = e.BytesUnknown is { Length: > 0 } unknown ? Convert.ToHexString(unknown) : "?";
                    throw new DataException(file, at, Column(_bytes.AsSpan(0, bad), firstChunk: _total == n),
                        $"invalid UTF-8 (byte 0x{hex}); the file must be UTF-8 text");
                }
                if (chars > 0)
                    return chars;
            }
            return 0;
        }

        // The CSV column of a bad byte whose line starts in this chunk (`before`: the valid bytes ahead of it): separators
        // outside quotes on its line, with the given separator or the one the header shows (as the parser detects it,
        // when the header is in the first chunk). Null when the bytes at hand cannot tell.
        private int? Column(ReadOnlySpan<byte> before, bool firstChunk)
        {
            int start = before.LastIndexOf((byte)'\n') + 1;
            if (start == 0 && !firstChunk)
                return null;
            if (firstChunk && separator is null)
                separator = Detect(Encoding.UTF8.GetString(before));
            if (separator is not char sep || sep > 0x7F)
                return null;
            int column = 1;
            bool quoted = false;
            foreach (byte b in before[start..])
            {
                if (b == '"')
                    quoted = !quoted;
                else if (b == sep && !quoted)
                    column++;
            }
            return column;
        }

        // The parser stops at the end of the text; a stream is hashed to its end all the same.
        public void Drain()
        {
            while (Read(new char[_bytes.Length], 0) > 0)
            {
            }
        }
    }


    private sealed class Parser(Func<char[], int, int> read, string file, char? givenSeparator)
    {
        private char separator = givenSeparator ?? ',';
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
            return new CsvTable(file, header, cells, lines) { Separator = separator };
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
