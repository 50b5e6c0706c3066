namespace Backprop.Cli.Tests.Notes;

// 001: "Reducing a Boolean function", with the notes' variable names, and checking that two forms are one function.
public class BooleanReductionTests
{
    [Fact]
    public void TheNotesFunctionNeedsThreeHiddenUnits()
    {
        var result = Cli.Run("boolean", "Y'Z' + W'XY' + X'YZ'");
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("function  Y = Y' Z' + W' X Y' + X' Y Z'", result.Out);
        Assert.Contains("reduced   Y = Y' Z' + X' Z' + W' X Y'   (minimal, Quine-McCluskey)", result.Out);
        Assert.Contains("3 hidden units (the form given: 3; one per true row: 7)", result.Out);
        Assert.Contains("The reduced network agrees with the function on all 16 rows.", result.Out);

        var json = Cli.Run("boolean", "Y'Z' + W'XY' + X'YZ'", "--json").Json;
        Assert.Equal(["W", "X", "Y", "Z"], json.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray());
        Assert.Equal(3, json.GetProperty("reduced").GetProperty("hidden_units").GetInt32());
    }

    [Fact]
    public void ATruthTableReducesBesideItsOneUnitPerRowNetwork()
    {
        string dir = Directory.CreateTempSubdirectory("backprop-bool").FullName;
        string csv = Path.Combine(dir, "t.csv");
        File.WriteAllText(csv, "a,b,c,y\n0,0,0,1\n0,0,1,1\n0,1,0,1\n0,1,1,1\n");
        var json = Cli.Run("boolean", csv, "--json").Json;
        Assert.Equal(4, json.GetProperty("hidden_units").GetArrayLength());
        Assert.Equal("A'", json.GetProperty("reduced").GetProperty("function").GetString());
    }

    [Fact]
    public void EquivalentFormsAgreeOnEveryRow()
    {
        var same = Cli.Run("boolean", "Y'Z' + W'XY' + X'YZ'", "--equals", "Y'Z' + W'XY' + X'Z'");
        Assert.Equal(0, same.Code);
        Assert.Contains("The same function: they agree on all 16 rows of W, X, Y, Z.", same.Out);
    }

    [Fact]
    public void DifferentFormsNameTheFirstRowWhereTheyDiffer()
    {
        var different = Cli.Run("boolean", "Y'Z' + W'XY' + X'YZ'", "--equals", "Y'Z' + W'X", "--json");
        Assert.Equal(1, different.Code);
        var json = different.Json;
        Assert.False(json.GetProperty("equivalent").GetBoolean());
        Assert.Equal(4, json.GetProperty("differing_rows").GetInt32());
        var row = json.GetProperty("first_difference");
        Assert.Equal((0, 0, 1, 0), (row.GetProperty("W").GetInt32(), row.GetProperty("X").GetInt32(), row.GetProperty("Y").GetInt32(),
            row.GetProperty("Z").GetInt32()));
        Assert.Equal((1, 0), (row.GetProperty("first").GetInt32(), row.GetProperty("second").GetInt32()));
    }

    [Fact]
    public void TenVariablesReduceFromTheCommand()
    {
        var json = Cli.Run("boolean", "X1 X2 X3 + X1 X2 X3' + X4 X5 X6 X7 + X8 X9' X10", "--json").Json;
        Assert.Equal(1024, json.GetProperty("rows").GetInt32());
        Assert.Equal("X1 X2 + X8 X9' X10 + X4 X5 X6 X7", json.GetProperty("reduced").GetProperty("function").GetString());
        Assert.True(json.GetProperty("reduced").GetProperty("minimal").GetBoolean());
    }
}
