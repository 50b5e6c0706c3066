namespace Backprop.Cli.Tests;

/// <summary>docs/robustness.md, "Output from data": nothing from a file reaches the terminal raw or a spreadsheet as a formula.</summary>
public sealed class SanitisedOutputTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private const string Esc = "\u001b";

    [Fact]
    public void EscapeSequencesInClassAndColumnNamesArePrintedEscaped()
    {
        // A class that would set the terminal's title, a column that would recolour it.
        string red = $"{Esc}[31mred", title = $"{Esc}]0;pwned\u0007";
        var rows = Enumerable.Range(0, 12).Select(i => $"{i % 2},{i % 3},{(i % 2 == 0 ? red : title)}");
        string data = dir.File("d.csv", $"a,{Esc}[2Jb,y\n" + string.Join('\n', rows) + "\n");
        var result = Cli.Run("train", data, "--epochs", "2", "--model", dir["m.bpmodel"]);
        Assert.True(result.Code == 0, result.ToString());
        Assert.DoesNotContain(Esc, result.Out);
        Assert.DoesNotContain("\u0007", result.Out);
        Assert.Contains("\\x1B[31mred", result.Out);   // the confusion matrix names the class, escaped

        var info = Cli.Run("info", dir["m.bpmodel"]);
        Assert.True(info.Code == 0, info.ToString());
        Assert.DoesNotContain(Esc, info.Out);

        var predict = Cli.Run("predict", dir["m.bpmodel"], data);
        Assert.True(predict.Code == 0, predict.ToString());
        Assert.DoesNotContain(Esc, predict.Out);
        Assert.StartsWith("y,p_\\x1B[31mred,p_\\x1B]0;pwned\\x07", predict.Out);
    }

    [Fact]
    public void EscapeSequencesInCellsQuotedByErrorsArePrintedEscaped()
    {
        string data = dir.File("d.csv", $"a,y\n1,x\n2{Esc}]0;pwned\u0007,y\n");
        var result = Cli.Run("train", data, "--task", "classify", "--model", dir["m.bpmodel"]);
        Assert.True(result.Code == 3, result.ToString());
        Assert.DoesNotContain(Esc, result.Err);
        Assert.Contains("\\x1B]0;pwned\\x07", result.Err);
    }

    [Fact]
    public void APredictedClassThatWouldStartAFormulaIsPrefixedAndNumbersAreNot()
    {
        var rows = Enumerable.Range(0, 40).Select(i => $"{i % 2},{(i % 2 == 0 ? "\"=HYPERLINK(\"\"http://x\"\")\"" : "-1")}");
        string data = dir.File("d.csv", "a,y\n" + string.Join('\n', rows) + "\n");
        var result = Cli.Run("train", data, "-q", "--epochs", "60", "--task", "classify", "--model", dir["m.bpmodel"]);
        Assert.True(result.Code == 0, result.ToString());
        var predict = Cli.Run("predict", dir["m.bpmodel"], data, "--out", dir["p.csv"]);
        Assert.True(predict.Code == 0, predict.ToString());
        string[] lines = File.ReadAllLines(dir["p.csv"]);
        Assert.All(lines, line => Assert.False(line.StartsWith('=') || line.StartsWith("\"="), line));
        Assert.Contains(lines, line => line.StartsWith("\"'=HYPERLINK(\"\"http://x\"\")\",", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("-1,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-x", "'-x")]
    [InlineData("-1", "-1")]
    [InlineData("+2.5e3", "+2.5e3")]
    [InlineData("\tx", "\\x09x")]
    [InlineData("\rx", "\\x0Dx")]
    [InlineData("setosa", "setosa")]
    public void CsvFieldsAreSafeForSpreadsheets(string value, string expected) => Assert.Equal(expected, Csv.Field(value));
}
