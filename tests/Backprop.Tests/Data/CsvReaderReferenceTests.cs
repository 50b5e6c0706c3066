using System.Globalization;
using System.Text;
using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>
/// The fast reader (span scans, whole-row fast path, refills that move a field to the front, cells stored as numbers or
/// interned text) against the plain reference reader it replaced (<see cref="ReferenceCsv"/>) on random text, read
/// whole and in trickles of 1-7 characters (every field crosses refills); and its number rule against <c>double.Parse</c>.
/// </summary>
public class CsvReaderReferenceTests
{
    // Reads at most a few characters per call, so fields, quotes and line breaks straddle the parser's refills.
    private sealed class TrickleReader(string text, int seed) : TextReader
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, _random.Next(1, 8)), text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }

    private static void AssertSame(string text, char? separator, bool trickle, int seed)
    {
        (string[] Header, List<string> Cells, List<int> Lines)? expected = null;
        string? expectedError = null;
        try
        {
            expected = ReferenceCsv.Parse(text, "t.csv", separator);
        }
        catch (DataException e)
        {
            expectedError = e.Message;
        }
        TextReader reader = trickle ? new TrickleReader(text, seed) : new StringReader(text);
        CsvTable table;
        try
        {
            table = CsvReader.Parse(reader, "t.csv", separator);
        }
        catch (DataException e)
        {
            Assert.True(expectedError == e.Message, $"input {Show(text)}: reference {expectedError ?? "read it"}, fast reader {e.Message}");
            return;
        }
        Assert.True(expectedError is null, $"input {Show(text)}: reference {expectedError}, fast reader read it");
        var (header, cells, lines) = expected!.Value;
        Assert.Equal(header, table.Header);
        Assert.Equal(lines, Enumerable.Range(0, table.RowCount).Select(table.SourceLine));
        for (int r = 0; r < table.RowCount; r++)
        {
            for (int c = 0; c < header.Length; c++)
            {
                string cell = cells[r * header.Length + c];
                if (table.TryGetStoredNumber(r, c, out double value))
                    Assert.Equal(double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture), value);
                else
                    Assert.Equal(cell, table.Cell(r, c));
            }
        }
    }

    private static string Show(string text) => "\"" + text.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t") + "\"";

    [Fact]
    public void Random_text_reads_as_the_reference_reads_it()
    {
        string[] pieces = ["1", "23", "-4.5", "6e2", "x", "NA", "", " ", "\t", ",", ",", ",", ";", "\"", "\"\"", "\r", "\n", "\n", "\r\n", ".", "\u00e9", "\uFEFF"];
        var rng = new Random(2024);
        for (int trial = 0; trial < 4000; trial++)
        {
            var sb = new StringBuilder(rng.Next(2) == 0 ? "a,b,c\n" : "");
            int length = rng.Next(0, 40);
            for (int i = 0; i < length; i++)
                sb.Append(pieces[rng.Next(pieces.Length)]);
            char? separator = rng.Next(4) == 0 ? ';' : null;
            AssertSame(sb.ToString(), separator, trickle: trial % 2 == 1, seed: trial);
        }
    }

    [Fact]
    public void Well_formed_tables_read_as_the_reference_reads_them()
    {
        string[] cells = ["0", "1.25", "-3", "1e3", "+7", "007", "1.50", ".5", "5.", "abc", "NA", "", "\"q,uoted\"", "\"1.5\"", "\" 2 \"", "\"a\"\"b\"", "\"line\nbreak\"", "  9  ", "1e999", "12345678901234567890"];
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            int columns = rng.Next(1, 6), rows = rng.Next(1, 30);
            var sb = new StringBuilder(string.Join(",", Enumerable.Range(0, columns).Select(c => "c" + c)));
            sb.Append(trial % 3 == 0 ? "\r\n" : "\n");
            for (int r = 0; r < rows; r++)
            {
                sb.Append(string.Join(",", Enumerable.Range(0, columns).Select(_ => cells[rng.Next(cells.Length)])));
                sb.Append(trial % 3 == 0 ? "\r\n" : "\n");
            }
            AssertSame(sb.ToString(), null, trickle: trial % 2 == 0, seed: trial);
        }
    }

    [Fact]
    public void Number_rows_read_bit_for_bit_as_the_reference_reads_them()
    {
        // The one-pass number-row path: numbers of every length and sign (-0 among them), a few cells it must leave to
        // the other paths (exponents, blanks, text, 20 digits), and separators that could be part of a number.
        string[] separators = [",", ";", "\t", "|", ".", "-", "+", "5", " "];
        var rng = new Random(31);
        for (int trial = 0; trial < 600; trial++)
        {
            char separator = separators[rng.Next(separators.Length)][0];
            int columns = rng.Next(1, 6), rows = rng.Next(1, 40);
            string lineEnd = trial % 4 == 0 ? "\r\n" : trial % 4 == 1 ? "\r" : "\n";
            var sb = new StringBuilder(string.Join(separator, Enumerable.Range(0, columns).Select(c => "c" + c))).Append(lineEnd);
            for (int r = 0; r < rows; r++)
            {
                sb.Append(string.Join(separator, Enumerable.Range(0, columns).Select(_ => NumberCell(rng))));
                if (r < rows - 1 || rng.Next(2) == 0)
                    sb.Append(lineEnd);
            }
            string text = sb.ToString();
            AssertSame(text, separator, trickle: trial % 3 == 0, seed: trial);
            if (separator is ',' or ';' or '\t' or '|' && !text.Contains(lineEnd + lineEnd, StringComparison.Ordinal) && !text.StartsWith(lineEnd, StringComparison.Ordinal))
            {
                // Readable (no blank line from an empty one-column row): every stored number has double.Parse's bits.
                CsvTable table = CsvReader.Parse(new StringReader(text), "t.csv", separator);
                var (_, cells, _) = ReferenceCsv.Parse(text, "t.csv", separator);
                for (int i = 0; i < cells.Count; i++)
                {
                    if (table.TryGetStoredNumber(i / columns, i % columns, out double value))
                    {
                        double expected = double.Parse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), cells[i]);
                    }
                }
            }
        }
    }

    private static string NumberCell(Random rng)
    {
        switch (rng.Next(20))
        {
            case 0: return "1e3";
            case 1: return "";
            case 2: return " 4";
            case 3: return "x";
            case 4: return "-0";
            case 5: return "12345678901234567890";
            case 6: return "9007199254740993";
        }
        var sb = new StringBuilder();
        if (rng.Next(4) == 0)
            sb.Append(rng.Next(2) == 0 ? '-' : '+');
        int intDigits = rng.Next(0, 12), fracDigits = rng.Next(0, 12);
        for (int i = 0; i < intDigits; i++)
            sb.Append((char)('0' + rng.Next(10)));
        if (fracDigits > 0 || intDigits == 0 || rng.Next(4) == 0)
            sb.Append('.');
        for (int i = 0; i < fracDigits; i++)
            sb.Append((char)('0' + rng.Next(10)));
        if (intDigits + fracDigits == 0)
            sb.Append('5');
        return sb.ToString();
    }

    [Fact]
    public void Number_rule_gives_what_double_parse_gives()
    {
        var rng = new Random(99);
        for (int trial = 0; trial < 200_000; trial++)
        {
            var sb = new StringBuilder();
            if (rng.Next(3) == 0)
                sb.Append(rng.Next(2) == 0 ? '-' : '+');
            int intDigits = rng.Next(0, 21), fracDigits = rng.Next(0, 21);
            for (int i = 0; i < intDigits; i++)
                sb.Append((char)('0' + rng.Next(10)));
            if (fracDigits > 0 || rng.Next(4) == 0)
                sb.Append('.');
            for (int i = 0; i < fracDigits; i++)
                sb.Append((char)('0' + rng.Next(10)));
            if (rng.Next(3) == 0)
                sb.Append('e').Append(rng.Next(-330, 330));
            string text = sb.ToString();
            bool reference = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected)
                && double.IsFinite(expected) && Math.Abs(expected) <= TabularData.MaxMagnitude;
            Assert.True(reference == CsvNumber.TryParse(text, out double value), text);
            if (reference)
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), text);
        }
        foreach (string text in new[] { " 1", "1 ", "Infinity", "NaN", "1e", "e5", ".", "-", "1.2.3", "0x10", "1,5", "1e1000000000" })
            Assert.False(CsvNumber.TryParse(text, out _), text);
    }

    [Fact]
    public void Cells_read_back_numbers_in_shortest_form_and_text_as_written()
    {
        var t = CsvReader.Parse(new StringReader("a,b\n1.50,x\n\"007\",NA\n1e3, y \n"), "t.csv");
        Assert.Equal(["1.5", "7", "1000"], Enumerable.Range(0, 3).Select(r => t.Cell(r, 0)));
        Assert.Equal(["x", "NA", "y"], Enumerable.Range(0, 3).Select(r => t.Cell(r, 1)));
        Assert.True(t.IsMissing(1, 1));
        Assert.False(t.IsMissing(0, 0));
    }
}
