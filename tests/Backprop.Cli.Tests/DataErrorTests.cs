namespace Backprop.Cli.Tests;

/// <summary>Bad data: exit code 3, one line on stderr naming file, line and column, and no model file.</summary>
public sealed class DataErrorTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private CliResult Train(string csv, params string[] extra)
    {
        string data = dir.File("data.csv", csv);
        var result = Cli.Run(["train", data, "--quiet", "--epochs", "2", "--model", dir["m.bpmodel"], .. extra]);
        Assert.False(File.Exists(dir["m.bpmodel"]), "a failed training wrote a model file");
        return result;
    }

    private void AssertDataError(CliResult result, string expected)
    {
        Assert.True(result.Code == 3, result.ToString());
        Assert.Equal("", result.Out);
        string line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void EmptyFile() => AssertDataError(Train(""), "data.csv:1: the file is empty");

    [Fact]
    public void HeaderOnly() => AssertDataError(Train("a,b,label\n"), "data.csv:1: the file has a header but no data rows");

    [Fact]
    public void RaggedRow() => AssertDataError(Train("a,b,label\n1,2,x\n3,y\n"), "data.csv:3:3: expected 3 columns (as in the header), found 2");

    [Fact]
    public void NonNumericRegressionTarget() =>
        AssertDataError(Train("a,label\n1,2.5\n3,four\n", "--task", "regress"), "data.csv:3:2: 'four' is not a number (label column 'label')");

    [Fact]
    public void EveryRowDroppedForMissingValuesLeavesNothingToLearn() =>
        AssertDataError(Train("a,b,label\n1,,x\n3,NA,y\n", "--drop-missing"), "data.csv: no row is left to learn from");

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-1e999")]
    public void NonFiniteFeature(string value) =>
        AssertDataError(Train($"a,b,label\n1,2,x\n{value},4,y\n"), $"data.csv:3:1: '{value}' is not a finite number of magnitude at most 1e+100 (column 'a')");

    [Fact]
    public void LabelColumnThatDoesNotExist() =>
        AssertDataError(Train("a,b,label\n1,2,x\n3,4,y\n", "--label", "species"), "data.csv:1: no column named 'species'; the columns are 'a', 'b', 'label'");

    [Fact]
    public void AClassWithOneRowCannotBeSplit() =>
        AssertDataError(Train("a,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{(i % 2 == 0 ? "x" : "y")}\n")) + "5,z\n"),
            "data.csv:22:2: class 'z' has only this row; a stratified train/test split needs at least 2 rows per class (column 'label')");

    [Fact]
    public void AHugeClassNameIsShortenedInTheMessage()
    {
        string name = new('y', 100_000);
        var result = Train("a,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},x\n")) + $"3,{name}\n");
        AssertDataError(result, "data.csv:22:2: class 'yyyy");
        Assert.Contains("(100000 characters) has only this row", result.Err);
        Assert.True(result.Err.Length < 500, $"{result.Err.Length} characters on stderr");
    }

    [Fact]
    public void ASingleClassCannotBeLearned() =>
        AssertDataError(Train("a,label\n1,x\n2,x\n3,x\n"), "holds a single class ('x')");

    [Fact]
    public void MissingDataFile()
    {
        var result = Cli.Run("train", dir["nope.csv"], "--quiet");
        AssertDataError(result, "nope.csv: file not found, and not a bundled data set (iris, digits, xor)");
    }

    [Fact]
    public void EvaluateNamesAMissingFeatureColumnAndAnUnknownClass()
    {
        string model = dir["iris.bpmodel"];
        Assert.Equal(0, Cli.Run("train", "iris", "--quiet", "--epochs", "1", "--model", model).Code);
        AssertDataError(Cli.Run("evaluate", model, dir.File("a.csv", "sepal_length,species\n1,setosa\n")),
            "a.csv:1: missing feature column 'sepal_width'");
        AssertDataError(Cli.Run("evaluate", model, dir.File("b.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n1,2,3,4,rose\n")),
            "b.csv:2:5: 'rose' is not a known class");
        AssertDataError(Cli.Run("evaluate", model, dir.File("c.csv", "sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n")),
            "c.csv:1: no column named 'species'");
    }
}
