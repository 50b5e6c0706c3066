using System.Text;
using Backprop.Data;

namespace Backprop.Tests.Data;

public class CsvReaderTests
{
    private static CsvTable Parse(string text, char separator = ',') =>
        CsvReader.Parse(new StringReader(text), "t.csv", separator);

    private static DataException Fails(string text) =>
        Assert.Throws<DataException>(() => Parse(text));

    [Fact]
    public void Reads_header_rows_and_source_lines()
    {
        var t = Parse("a,b,c\n1,2,3\n4,5,6\n");
        Assert.Equal("t.csv", t.FileName);
        Assert.Equal(["a", "b", "c"], t.Header);
        Assert.Equal(3, t.ColumnCount);
        Assert.Equal(2, t.RowCount);
        Assert.Equal("6", t.Cell(1, 2));
        Assert.Equal(2, t.SourceLine(0));
        Assert.Equal(3, t.SourceLine(1));
    }

    [Fact]
    public void Crlf_and_missing_final_newline_and_lone_cr()
    {
        var crlf = Parse("a,b\r\n1,2\r\n3,4");
        Assert.Equal(2, crlf.RowCount);
        Assert.Equal("4", crlf.Cell(1, 1));
        var cr = Parse("a,b\r1,2\r3,4\r");
        Assert.Equal(2, cr.RowCount);
        Assert.Equal(3, cr.SourceLine(1));
    }

    [Fact]
    public void Trims_unquoted_fields_but_keeps_quoted_whitespace()
    {
        var t = Parse("a , b\n  1 ,\t\" 2 \"  \n");
        Assert.Equal(["a", "b"], t.Header);
        Assert.Equal("1", t.Cell(0, 0));
        Assert.Equal(" 2 ", t.Cell(0, 1));
    }

    [Fact]
    public void Quoted_fields_hold_separators_escaped_quotes_and_newlines()
    {
        var t = Parse("name,note\n\"Smith, J\",\"he said \"\"hi\"\"\"\n\"multi\r\nline\",x\nlast,\"\"\n");
        Assert.Equal(3, t.RowCount);
        Assert.Equal("Smith, J", t.Cell(0, 0));
        Assert.Equal("he said \"hi\"", t.Cell(0, 1));
        Assert.Equal("multi\r\nline", t.Cell(1, 0));
        Assert.Equal("", t.Cell(2, 1));
        // The quoted newline spans lines 3-4, so the next row starts on line 5.
        Assert.Equal(3, t.SourceLine(1));
        Assert.Equal(5, t.SourceLine(2));
    }

    [Fact]
    public void Other_separators()
    {
        var t = Parse("a;b\n1,5;2\n", ';');
        Assert.Equal("1,5", t.Cell(0, 0));
        var tab = Parse("a\tb\n1\t 2\n", '\t');
        Assert.Equal("2", tab.Cell(0, 1));
        Assert.Throws<ArgumentException>(() => Parse("a\n1\n", '"'));
        Assert.Throws<ArgumentException>(() => Parse("a\n1\n", '\n'));
    }

    [Fact]
    public void Skips_blank_trailing_lines_and_a_byte_order_mark()
    {
        var t = Parse("\uFEFFa,b\n1,2\n\n   \r\n\t\n");
        Assert.Equal("a", t.Header[0]);
        Assert.Equal(1, t.RowCount);
    }

    [Fact]
    public void Blank_line_before_more_data_is_an_error()
    {
        var e = Fails("a,b\n1,2\n\n3,4\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("blank line", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Empty_file(string text)
    {
        var e = Fails(text);
        Assert.Equal("t.csv", e.File);
        Assert.Equal(1, e.Line);
        Assert.Null(e.Column);
        Assert.Equal("t.csv:1: the file is empty", e.Message);
    }

    [Fact]
    public void Header_only()
    {
        var e = Fails("a,b\n\n");
        Assert.Equal(1, e.Line);
        Assert.Equal("t.csv:1: the file has a header but no data rows", e.Message);
    }

    [Fact]
    public void Too_few_columns()
    {
        var e = Fails("a,b,c\n1,2,3\n4,5\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Equal("t.csv:3:3: expected 3 columns (as in the header), found 2", e.Message);
    }

    [Fact]
    public void Too_many_columns()
    {
        var e = Fails("a,b\n1,2\n3,4,5,6\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("expected 2 columns (as in the header), found 4", e.Message);
    }

    [Fact]
    public void Unterminated_quote_points_at_where_it_opened()
    {
        var e = Fails("a,b\n1,2\n3,\"open\n4,5\n");
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Contains("unterminated quoted field", e.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var e = Fails("a,b\n\"x\"y,2\n");
        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("after a closing quote", e.Message);
    }

    [Fact]
    public void Duplicate_header_name()
    {
        var e = Fails("a,b,a\n1,2,3\n");
        Assert.Equal(1, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Equal("t.csv:1:3: duplicate column name 'a' (also column 1)", e.Message);
    }

    [Theory]
    [InlineData("a,,c\n1,2,3\n", 2)]
    [InlineData("a,b,  \n1,2,3\n", 3)]
    [InlineData("\"\",b\n1,2\n", 1)]
    public void Empty_header_name(string text, int column)
    {
        var e = Fails(text);
        Assert.Equal(1, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains("empty column name", e.Message);
    }

    [Fact]
    public void Column_lookup_lists_the_columns_when_missing()
    {
        var t = Parse("alpha,beta\n1,2\n");
        Assert.Equal(1, t.ColumnIndex("beta"));
        Assert.True(t.TryGetColumnIndex("alpha", out int a));
        Assert.Equal(0, a);
        Assert.False(t.TryGetColumnIndex("Alpha", out _));
        var e = Assert.Throws<DataException>(() => t.ColumnIndex("gamma"));
        Assert.Equal("t.csv", e.File);
        Assert.Contains("'gamma'", e.Message);
        Assert.Contains("'alpha', 'beta'", e.Message);
    }

    [Fact]
    public void Cell_and_line_check_their_indices()
    {
        var t = Parse("a\n1\n");
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Cell(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Cell(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.SourceLine(-1));
    }

    [Fact]
    public void Field_longer_than_the_cap_is_an_error()
    {
        string big = new('x', CsvReader.MaxFieldLength + 1);
        var e = Fails("a,b\n1," + big + "\n");
        Assert.Equal(2, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Contains("field longer than", e.Message);
        var quoted = Fails("a\n\"" + big + "\"\n");
        Assert.Equal(2, quoted.Line);
    }

    [Fact]
    public void Field_at_the_cap_is_accepted()
    {
        string big = new('x', CsvReader.MaxFieldLength);
        Assert.Equal(big, Parse("a\n" + big + "\n").Cell(0, 0));
    }

    [Fact]
    public void More_columns_than_the_cap_is_an_error()
    {
        string header = string.Join(",", Enumerable.Range(0, CsvReader.MaxColumns + 1).Select(i => "c" + i));
        var e = Fails(header + "\n");
        Assert.Equal(1, e.Line);
        Assert.Equal(CsvReader.MaxColumns + 1, e.Column);
        Assert.Contains("more than 100000 columns", e.Message);
    }

    [Fact]
    public void Over_long_data_row_is_counted_not_stored()
    {
        // 100,000 fields on a one-column file: reported with the true count.
        var e = Fails("a\n" + new string(',', CsvReader.MaxColumns - 1) + "\n");
        Assert.Equal(2, e.Line);
        Assert.Contains($"found {CsvReader.MaxColumns}", e.Message);
    }

    [Fact]
    public void Random_input_only_ever_fails_with_DataException()
    {
        char[] alphabet = ['a', '1', '.', ',', ',', '"', '"', '\r', '\n', '\n', ' ', '\t', '\uFEFF'];
        var rng = new Random(12345);
        for (int trial = 0; trial < 3000; trial++)
        {
            var sb = new StringBuilder();
            int length = rng.Next(0, 60);
            for (int i = 0; i < length; i++)
                sb.Append(alphabet[rng.Next(alphabet.Length)]);
            try
            {
                var t = Parse(sb.ToString());
                Assert.True(t.RowCount > 0);
                Assert.All(t.Header, h => Assert.False(string.IsNullOrWhiteSpace(h)));
            }
            catch (DataException e)
            {
                Assert.Equal("t.csv", e.File);
                Assert.StartsWith("t.csv", e.Message);
            }
        }
    }

    [Fact]
    public void Read_from_disk_names_the_path_and_missing_file_is_a_DataException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,b\n1,x\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var t = CsvReader.Read(path);
            Assert.Equal(path, t.FileName);
            Assert.Equal("a", t.Header[0]);
        }
        finally
        {
            File.Delete(path);
        }
        var e = Assert.Throws<DataException>(() => CsvReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.Equal($"{path}: file not found", e.Message);
        var dir = Assert.Throws<DataException>(() => CsvReader.Read(Path.Combine(path, "nope.csv")));
        Assert.Contains("file not found", dir.Message);
        var folder = Assert.Throws<DataException>(() => CsvReader.Read(Path.GetTempPath()));
        Assert.Contains("cannot open the file", folder.Message);
        Assert.Throws<DataException>(() => CsvReader.Read(""));
    }
}
