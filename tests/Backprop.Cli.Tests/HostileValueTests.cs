namespace Backprop.Cli.Tests;

/// <summary>docs/robustness.md, "Hostile input": values a float model cannot hold, tiny values, typos in labels.</summary>
public sealed class HostileValueTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void PredictAndEvaluateNameTheLineAndColumnOfAValueBeyondFloatRange()
    {
        string train = dir.File("t.csv", "a,b,y\n1,2,x\n2,1,z\n3,3,x\n1,1,z\n2,2,x\n3,1,z\n1,3,x\n2,3,z\n");
        Assert.Equal(0, Cli.Run("train", train, "-q", "--epochs", "1", "--model", dir["m.bpmodel"]).Code);
        string data = dir.File("p.csv", "a,b,y\n1,2,x\n2,1e39,z\n");
        foreach (string command in new[] { "predict", "evaluate" })
        {
            var result = Cli.Run(command, dir["m.bpmodel"], data);
            Assert.True(result.Code == 3, result.ToString());
            Assert.StartsWith($"error: {data}:3:2: 1e+39 in column 'b'", result.Err);
            Assert.Contains("--precision double", result.Err);
        }
    }

    [Fact]
    public void TrainingRefusesATestRowBeyondFloatRangeAndDoubleTakesIt()
    {
        // 29 rows near 1 and one of 1e50 (enough rows to be split): wherever the split puts it, a float run either
        // standardises it with the other rows (it is in the training part) or refuses it by line and column (test part).
        string data = dir.File("d.csv", "a,y\n" + string.Concat(Enumerable.Range(0, 29).Select(i => $"{1 + i % 3},{i % 2}\n")) + "1e50,1\n");
        int refused = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            var result = Cli.Run("train", data, "-q", "--epochs", "1", "--seed", seed.ToString(), "--task", "classify", "--model", dir["m.bpmodel"]);
            Assert.True(result.Code is 0 or 3, result.ToString());
            if (result.Code == 3)
            {
                refused++;
                Assert.StartsWith($"error: {data}:31:1: 1e+50 in column 'a'", result.Err);
                var twice = Cli.Run("train", data, "-q", "--epochs", "1", "--seed", seed.ToString(), "--task", "classify", "--precision", "double", "--model", dir["m.bpmodel"]);
                Assert.True(twice.Code == 0, twice.ToString());
            }
        }
        Assert.True(refused > 0, "no seed put the row into the test part");
    }

    [Fact]
    public void AColumnOfValuesNear1eMinus200Trains()
    {
        // Their squared deviations underflow to 0; the scale used to be 0, an ArgumentException with exit 1.
        var rows = Enumerable.Range(0, 12).Select(i => $"{(1 + i % 4) * 1e-200:R},{i % 3},{(i % 2 == 0 ? "a" : "b")}");
        string data = dir.File("tiny.csv", "x,z,y\n" + string.Join('\n', rows) + "\n");
        var result = Cli.Run("train", data, "-q", "--epochs", "2", "--model", dir["m.bpmodel"]);
        Assert.True(result.Code == 0, result.ToString());
        var predict = Cli.Run("predict", dir["m.bpmodel"], data);
        Assert.True(predict.Code == 0, predict.ToString());
    }

    [Fact]
    public void ATypoInANumericLabelColumnNamesItsOwnLine()
    {
        // Regression labels with one typo on line 7: it used to switch to classification and blame another row.
        var rows = Enumerable.Range(0, 20).Select(i => $"{i},{(i == 5 ? "2.5x" : (i * 0.37).ToString("R", System.Globalization.CultureInfo.InvariantCulture))}");
        string data = dir.File("typo.csv", "x,y\n" + string.Join('\n', rows) + "\n");
        var result = Cli.Run("train", data, "-q", "--model", dir["m.bpmodel"]);
        Assert.True(result.Code == 3, result.ToString());
        Assert.StartsWith($"error: {data}:7:2: '2.5x' is not a number", result.Err);
        Assert.Contains("--task classify", result.Err);
    }

    [Theory]
    [InlineData("iris")]
    [InlineData("digits")]
    public void AModelWorseThanTheConstantPredictorIsRefusedWithExit5(string data)
    {
        // adam --lr 100 saturates the softmax: a training loss of 10 to 23 against the ln 3 or ln 10 of the class frequencies.
        string model = dir["m.bpmodel"];
        var result = Cli.Run("train", data, "-q", "--optimizer", "adam", "--lr", "100", "--epochs", "5", "--model", model);
        Assert.True(result.Code == 5, result.ToString());
        Assert.Contains("training learned nothing", result.Err);
        Assert.Contains("always predicting the class frequencies", result.Err);
        Assert.Contains("smaller learning rate than 100", result.Err);
        Assert.False(File.Exists(model));
    }
}
