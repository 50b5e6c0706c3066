using System.Text.Json;

namespace Backprop.Cli.Tests.Seeing;

public class BooleanCommandTests
{
    [Fact]
    public void NotesFiveInputTableGivesSixHiddenUnitsAndAgreesOnAll32Rows()
    {
        string table = Path.Combine(SeeingCli.TempDirectory(), "notes.csv");
        File.WriteAllText(table, "X1,X2,X3,X4,X5,Y\n0,0,1,1,0,1\n0,1,0,1,1,1\n0,1,1,0,0,1\n1,0,0,0,1,1\n1,0,1,1,1,1\n1,1,0,0,1,1\n");

        var (code, output, _) = SeeingCli.Run("boolean", table, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(6, json.RootElement.GetProperty("hidden_units").GetArrayLength());
        Assert.Equal(32, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("disagreements").GetInt32());
        Assert.Equal(["00110", "01011", "01100", "10001", "10111", "11001"],
            json.RootElement.GetProperty("true_rows").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("agrees with the function on all 32 rows", SeeingCli.Run("boolean", table).Out);
    }

    [Fact]
    public void ExpressionPrintsTheUnitsAndTheTruthTable()
    {
        var (code, output, _) = SeeingCli.Run("boolean", "X1 X2' + X3");

        Assert.Equal(0, code);
        Assert.Contains("hidden unit 1  term X1 X2'", output);
        Assert.Contains("w = (+1, -1, 0), b = -0.5", output);
        Assert.Contains("output unit (OR of the hidden units)", output);
        Assert.Contains("all 8 rows", output);
    }

    [Theory]
    [InlineData(new[] { "boolean", "X1 & X2" }, "column 4: unexpected '&'")]
    [InlineData(new[] { "boolean", "X3", "--variables", "2" }, "at least 3")]
    [InlineData(new[] { "boolean", "X1", "--variables", "0" }, "--variables")]
    public void BadInputExitsWith2(string[] args, string message)
    {
        var (code, _, error) = SeeingCli.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void MissingTableFileIsADataError()
    {
        var (code, _, error) = SeeingCli.Run("boolean", "no-such-table.csv");
        Assert.Equal(3, code);
        Assert.Contains("file not found", error);
    }
}
