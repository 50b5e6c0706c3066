using System.Buffers;
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
        return new Parser((buffer, offset, count, _) => reader.Read(buffer, offset, count), fileName, separator).ReadTable();
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

    // Whether the text holds a line break outside quotes (the end of the header line that Detect reads).
    private static bool HasLineEnd(ReadOnlySpan<char> text)
    {
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '\r' or '\n')
                return true;
        }
        return false;
    }

        // Bytes to chars, strictly: an invalid UTF-8 sequence is a DataException naming the line it is on. The parser has
    // consumed every character before asking for more, so its line plus the line breaks before the bad byte locate it.
    private sealed class Utf8Source(Stream stream, IncrementalHash hash, string file, IProgress<long>? progress, char? separator)
    {
        private readonly byte[] _bytes = new byte[1 << 18];
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        private long _total;
        private long _reported;
        private bool _done;

        // At most count - 1 bytes: a sequence begun in the previous read may complete as two chars (a surrogate pair).
        public int Read(char[] buffer, int offset, int count, int line)
        {
            while (!_done)
            {
                int n = stream.Read(_bytes, 0, Math.Min(_bytes.Length, count - 1));
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
                    chars = _decoder.GetChars(_bytes, 0, n, buffer, offset, flush: n == 0);
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
            var sink = new char[_bytes.Length + 1];
            while (Read(sink, 0, sink.Length, 0) > 0)
            {
            }
        }
    }


    // Reads whole fields out of a char buffer: a field that runs past the buffer's end is moved to the front and read
    // again after a refill (the buffer grows up to what the longest field needs), so the hot loop scans spans
    // (IndexOfAny) and hands each data cell straight to its column, with no per-cell string.
    private sealed class Parser(Func<char[], int, int, int, int> read, string file, char? givenSeparator)
    {
        private const int InitialBuffer = 1 << 18;
        private const int MinRead = 1 << 12;
        private const int MaxHeaderScan = 1 << 24;
        private char separator = givenSeparator ?? ',';
        private SearchValues<char> _stops = SearchValues.Create([',', '\r', '\n']);
        private static readonly char[] WhiteSpace = [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)];
        private SearchValues<char> _special = SearchValues.Create(['"']);
        private char[] _buffer = new char[InitialBuffer];
        private int _pos, _end;
        private bool _eof;
        private int _line = 1;
        private char[] _unescaped = new char[256];
        private readonly List<string> _headerCells = [];

        // The field just read: its text, whether it was quoted, and the character after it (a separator, '\r', '\n' or -1).
        private int _fieldStart, _fieldLength;
        private bool _fieldInScratch, _fieldQuoted;

        private ReadOnlySpan<char> Field => _fieldInScratch
            ? _unescaped.AsSpan(0, _fieldLength)
            : _buffer.AsSpan(_fieldStart, _fieldLength);

        public CsvTable ReadTable()
        {
            Fill();
            if (_pos < _end && _buffer[_pos] == '\uFEFF')
                _pos++;   // a byte-order mark
            if (givenSeparator is null && _pos < _end)
            {
                // The whole header line, even when a pipe hands it over in pieces.
                while (!_eof && _end - _pos < MaxHeaderScan && !HasLineEnd(_buffer.AsSpan(_pos, _end - _pos)))
                    _pos = Refill(_pos);
                separator = Detect(_buffer.AsSpan(_pos, _end - _pos));
            }
            _stops = SearchValues.Create([separator, '\r', '\n']);
            _special = SearchValues.Create([.. WhiteSpace.Where(c => c != separator), '"']);
            // A separator that can be part of a number ('.', a sign, a digit) leaves every row to the general paths.
            bool numberRows = separator is not ('.' or '+' or '-') && !char.IsAsciiDigit(separator);

            int firstBlank = 0;   // first line of a run of blank lines; 0 when none is pending
            string[]? header = null;
            CsvColumn[] columns = [];
            var lines = new List<int>();
            while (_pos < _end || !_eof && Fill())
            {
                int rowLine = _line;
                if (header is not null && firstBlank == 0 && (numberRows && TryReadNumberRow(columns) || TryReadPlainRow(columns)))
                {
                    lines.Add(rowLine);
                    continue;
                }
                int count = ReadRow(header is null ? null : columns, rowLine, out bool blank);
                if (blank)
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
                    columns = new CsvColumn[header.Length];
                    for (int c = 0; c < columns.Length; c++)
                        columns[c] = new CsvColumn();
                    continue;
                }
                if (count != header.Length)
                    throw new DataException(file, rowLine, Math.Min(count, header.Length) + 1,
                        $"expected {header.Length} {(header.Length == 1 ? "column" : "columns")} (as in the header), found {count}");
                lines.Add(rowLine);
            }
            // Line 1 for both: where the header is, or should be.
            if (header is null)
                throw new DataException(file, 1, null, "the file is empty");
            if (lines.Count == 0)
                throw new DataException(file, 1, null, "the file has a header but no data rows");
            return new CsvTable(file, header, columns, [.. lines]) { Separator = separator };
        }

        private string[] CheckHeader()
        {
            var seen = new Dictionary<string, int>(_headerCells.Count, StringComparer.Ordinal);
            for (int i = 0; i < _headerCells.Count; i++)
            {
                string name = _headerCells[i];
                if (string.IsNullOrWhiteSpace(name))
                    throw new DataException(file, 1, i + 1, "empty column name in the header");
                if (!seen.TryAdd(name, i))
                    throw new DataException(file, 1, i + 1,
                        $"duplicate column name {DataException.Quote(name)} (also column {seen[name] + 1})");
            }
            return [.. _headerCells];
        }

        private double[] _rowValues = [];

        // The commonest row of all, numbers only, scanned and parsed in one pass: wholly in the buffer, with exactly the
        // header's field count, every field a plain decimal [+-]digits[.digits] of at most 19 digits whose value
        // CsvNumber's exact fast path gives (mantissa at most 2^53, at most 22 decimals). Anything else (a sign of
        // text, a blank, a quote, an exponent, a long number) returns false having consumed nothing, for TryReadPlainRow.
        private bool TryReadNumberRow(CsvColumn[] columns)
        {
            char[] buffer = _buffer;
            int p = _pos, end = _end, last = columns.Length - 1;
            char sep = separator;
            if (_rowValues.Length < columns.Length)
                _rowValues = new double[columns.Length];
            double[] values = _rowValues;
            for (int c = 0; c <= last; c++)
            {
                bool negative = false;
                if (p < end && (buffer[p] == '-' || buffer[p] == '+'))
                    negative = buffer[p++] == '-';
                ulong mantissa = 0;
                int digits = 0, decimals = 0;
                while (p < end && (uint)(buffer[p] - '0') <= 9)
                {
                    mantissa = mantissa * 10 + (uint)(buffer[p++] - '0');
                    digits++;
                }
                if (p < end && buffer[p] == '.')
                {
                    p++;
                    while (p < end && (uint)(buffer[p] - '0') <= 9)
                    {
                        mantissa = mantissa * 10 + (uint)(buffer[p++] - '0');
                        digits++;
                        decimals++;
                    }
                }
                if (digits == 0 || digits > 19 || mantissa > 1UL << 53 || decimals > 22 || p == end)
                    return false;   // at the buffer's end even the last field may go on after a refill
                char stop = buffer[p];
                if (c < last ? stop != sep : stop != '\r' && stop != '\n')
                    return false;
                double value = decimals == 0 ? mantissa : mantissa / PowersOfTen[decimals];
                values[c] = negative ? -value : value;
                p++;
            }
            for (int c = 0; c <= last; c++)
                columns[c].AddNumber(values[c]);
            _pos = p;
            EndLine(buffer[p - 1]);
            return true;
        }

        private static readonly double[] PowersOfTen =
        [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
            1e20, 1e21, 1e22,
        ];

        // The common row, read in one pass: wholly in the buffer, with exactly the header's field count, no quote and no
        // blank to trim. Anything else (or a blank line) returns false having consumed nothing, for ReadRow.
        private bool TryReadPlainRow(CsvColumn[] columns)
        {
            ReadOnlySpan<char> rest = _buffer.AsSpan(_pos, _end - _pos);
            int length = rest.IndexOfAny('\r', '\n');
            if (length <= 0 && !(length < 0 && _eof && rest.Length > 0))
                return false;
            if (length < 0)
                length = rest.Length;
            ReadOnlySpan<char> row = rest[..length];
            if (row.IndexOfAny(_special) >= 0 || row.Count(separator) != columns.Length - 1 || length > MaxFieldLength)
                return false;
            char sep = separator;
            int from = 0;
            for (int c = 0; c < columns.Length - 1; c++)
            {
                int at = from;
                while (row[at] != sep)
                    at++;
                columns[c].Add(row[from..at]);
                from = at + 1;
            }
            columns[^1].Add(row[from..]);
            _pos += length;
            int next = _pos < _end ? _buffer[_pos++] : Eof;
            EndLine(next);
            return true;
        }

        // Reads one row through its line break; returns its field count. The header row's fields go to _headerCells;
        // a data row's first columns.Length fields go to their columns (the rest of an over-long row is only counted,
        // for the error message). A blank line (one unquoted empty field) stores nothing.
        private int ReadRow(CsvColumn[]? columns, int rowLine, out bool blank)
        {
            blank = false;
            if (columns is null)
                _headerCells.Clear();
            int count = 0;
            while (true)
            {
                int next = ReadField(count + 1);
                if (count == MaxColumns)
                    throw new DataException(file, rowLine, count + 1, $"more than {MaxColumns} columns");
                if (count == 0 && next != separator && !_fieldQuoted && _fieldLength == 0)
                {
                    blank = true;
                    EndLine(next);
                    return 0;
                }
                if (columns is null)
                    _headerCells.Add(Field.ToString());
                else if (count < columns.Length)
                    columns[count].Add(Field);
                count++;
                if (next == separator)
                    continue;
                EndLine(next);
                return count;
            }
        }

        // Consumes a line break ("\r\n" is one) after a row.
        private void EndLine(int next)
        {
            if (next == '\r' && Peek() == '\n')
                _pos++;
            if (next != Eof)
                _line++;
        }

        // Reads one field and the character after it (consumed; Eof at the end of input); sets Field and _fieldQuoted.
        private int ReadField(int column)
        {
            int start = _pos;
            while (true)
            {
                int p = start;
                while (p < _end && _buffer[p] <= ' ' | _buffer[p] > '~' && IsBlank(_buffer[p]))
                    p++;
                if (p == _end && !_eof)
                {
                    start = Refill(start);
                    continue;
                }
                if (p < _end && _buffer[p] == '"')
                {
                    int result = ReadQuoted(start, p, column, out int restart);
                    if (result != Refilled)
                        return result;
                    start = restart;
                    continue;
                }
                int stop = FindStop(p);
                if (stop < 0 && !_eof)
                {
                    if (_end - p > MaxFieldLength)
                        throw new DataException(file, _line, column, $"field longer than {MaxFieldLength} characters");
                    start = Refill(start);
                    continue;
                }
                int end = stop < 0 ? _end : p + stop;
                if (end - p > MaxFieldLength)
                    throw new DataException(file, _line, column, $"field longer than {MaxFieldLength} characters");
                int trimmed = end;
                while (trimmed > p && (_buffer[trimmed - 1] <= ' ' || _buffer[trimmed - 1] > '~') && char.IsWhiteSpace(_buffer[trimmed - 1]))
                    trimmed--;
                _fieldStart = p;
                _fieldLength = trimmed - p;
                _fieldInScratch = false;
                _fieldQuoted = false;
                if (stop < 0)
                {
                    _pos = _end;
                    return Eof;
                }
                _pos = end + 1;
                return _buffer[end];
            }
        }

        private const int Refilled = -2;

        // A quoted field opening at `quote`; returns the character after it, or Refilled (with the field's new start)
        // when the buffer ended first and more input came.
        private int ReadQuoted(int start, int quote, int column, out int restart)
        {
            restart = start;
            int p = quote + 1, length = 0, breaks = 0;
            bool escaped = false;
            while (true)
            {
                int q = _buffer.AsSpan(p, _end - p).IndexOf('"');
                int segmentEnd = q < 0 ? _end : p + q;
                breaks += LineBreaks(_buffer.AsSpan(p, segmentEnd - p), segmentEnd < _end ? _buffer[segmentEnd] : -1);
                length += segmentEnd - p;
                if (length > MaxFieldLength)
                    throw new DataException(file, _line + breaks, column, $"field longer than {MaxFieldLength} characters");
                if (q < 0 || segmentEnd + 1 == _end && !_eof)
                {
                    if (_eof)
                        throw new DataException(file, _line, column, "unterminated quoted field (no closing '\"')");
                    restart = Refill(start);
                    return Refilled;
                }
                if (segmentEnd + 1 < _end && _buffer[segmentEnd + 1] == '"')
                {
                    escaped = true;
                    length++;
                    p = segmentEnd + 2;
                    continue;
                }
                // The closing quote; then only blanks before the separator, line break or end.
                int after = segmentEnd + 1;
                while (after < _end && IsBlank(_buffer[after]))
                    after++;
                if (after == _end && !_eof)
                {
                    restart = Refill(start);
                    return Refilled;
                }
                if (after < _end && _buffer[after] != separator && _buffer[after] != '\r' && _buffer[after] != '\n')
                    throw new DataException(file, _line + breaks, column,
                        $"unexpected {DataException.Quote(_buffer[after].ToString())} after a closing quote (a quote inside a quoted field is written \"\")");
                SetQuoted(quote + 1, segmentEnd, escaped, length);
                _line += breaks;
                if (after == _end)
                {
                    _pos = _end;
                    return Eof;
                }
                _pos = after + 1;
                return _buffer[after];
            }
        }

        // The quoted field's text between its quotes, with "" read as ".
        private void SetQuoted(int from, int to, bool escaped, int length)
        {
            _fieldQuoted = true;
            _fieldLength = length;
            if (!escaped)
            {
                _fieldStart = from;
                _fieldInScratch = false;
                return;
            }
            if (_unescaped.Length < length)
                _unescaped = new char[Math.Max(length, 2 * _unescaped.Length)];
            int n = 0;
            for (int i = from; i < to; i++)
            {
                _unescaped[n++] = _buffer[i];
                if (_buffer[i] == '"')
                    i++;
            }
            _fieldInScratch = true;
        }

        // Line breaks in a quoted span: "\r\n", a lone '\r' and '\n' each count once. `following` is the character after
        // the span (-1 when unknown), so a '\r' at its end followed by '\n' is not counted twice.
        private static int LineBreaks(ReadOnlySpan<char> span, int following)
        {
            int n = span.Count('\n');
            for (int i = span.IndexOf('\r'); i >= 0; i = span.Slice(i + 1).IndexOf('\r') is int k and >= 0 ? i + 1 + k : -1)
            {
                int nextChar = i + 1 < span.Length ? span[i + 1] : following;
                if (nextChar != '\n')
                    n++;
            }
            return n;
        }

        // The offset from p of the first separator or line break before _end, or -1. Fields are short: a plain loop
        // beats a vectorised search until the field is long.
        private int FindStop(int p)
        {
            char[] buffer = _buffer;
            int end = Math.Min(_end, p + 32);
            char sep = separator;
            for (int i = p; i < end; i++)
            {
                char c = buffer[i];
                if (c == sep || c == '\r' || c == '\n')
                    return i - p;
            }
            if (end == _end)
                return -1;
            int rest = buffer.AsSpan(end, _end - end).IndexOfAny(_stops);
            return rest < 0 ? -1 : end - p + rest;
        }

        private bool IsBlank(char c) => c != separator && c != '\r' && c != '\n' && char.IsWhiteSpace(c);

        private const int Eof = -1;

        private int Peek()
        {
            if (_pos == _end && (_eof || !Fill()))
                return Eof;
            return _buffer[_pos];
        }

        // Moves the unread part from `start` to the front (growing the buffer when it is full), reads more; returns
        // where `start` is now. The reader is told the line the new text starts on, for its UTF-8 errors.
        private int Refill(int start)
        {
            int kept = _end - start;
            if (_buffer.Length - kept < MinRead)
            {
                var bigger = new char[2 * _buffer.Length];
                Array.Copy(_buffer, start, bigger, 0, kept);
                _buffer = bigger;
            }
            else
            {
                Array.Copy(_buffer, start, _buffer, 0, kept);
            }
            int line = _line + LineBreaks(_buffer.AsSpan(0, kept), -1);
            int n = read(_buffer, kept, _buffer.Length - kept, line);
            if (n == 0)
                _eof = true;
            _pos = 0;
            _end = kept + n;
            return 0;
        }

        private bool Fill()
        {
            int n = read(_buffer, 0, _buffer.Length, _line);
            _pos = 0;
            _end = n;
            if (n == 0)
                _eof = true;
            return n > 0;
        }
    }
}
