using System.Globalization;
using System.Text.Json;

namespace Backprop.Cli.Tests;

/// <summary>What a new user meets in the first hour: hints that name the fix, one vocabulary, numbers as they are.</summary>
public sealed class FirstHourTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    // The breast-cancer layout: the label first, text; the last column a measurement.
    private string Diagnosis() => dir.File("cancer.csv", "diagnosis,radius,texture\n" + string.Join('\n',
        Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "M" : "B")},{10 + i * 0.37:0.00},{12 + i * 0.61 % 7:0.00}")) + "\n");

    [Fact]
    public void ALabelThatDefaultedToTheLastColumnAndFailsSaysSoAndSuggestsTheLikelyColumn()
    {
        // The text column is a categorical feature now, so forcing classes on the measurement is what fails.
        var result = Cli.Run("train", Diagnosis(), "-q", "--task", "classify", "--model", dir["m.bpmodel"]);
        Assert.Equal(3, result.Code);
        Assert.Contains("has only this row", result.Err);
        Assert.Contains("the label defaulted to the last column 'texture'", result.Err);
        Assert.Contains("--label diagnosis", result.Err);
        Assert.False(File.Exists(dir["m.bpmodel"]));
    }

    [Fact]
    public void ANumericFirstColumnThatLooksLikeTheLabelIsAWarning()
    {
        // 0/1 first, a measurement last: the default fits a regression on the measurement.
        string data = dir.File("first.csv", "sick,age,weight\n" + string.Join('\n',
            Enumerable.Range(0, 40).Select(i => $"{i % 2},{20 + i},{50 + i * 1.37:0.00}")) + "\n");
        var result = Cli.Run("train", data, "-q", "--epochs", "2", "--model", dir["m.bpmodel"]);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("warning: the label defaulted to the last column 'weight' (regression); column 'sick' looks like the label", result.Err);
        Assert.Contains("--label sick", result.Err);

        // Named, or a last column that is a class itself: no warning.
        Assert.Equal("", Cli.Run("train", data, "--label", "weight", "-q", "--epochs", "2", "--model", dir["n.bpmodel"]).Err);
        string plain = dir.File("plain.csv", "a,b,kind\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i},{i * 0.5},{(i % 2 == 0 ? "x" : "y")}")) + "\n");
        Assert.Equal("", Cli.Run("train", plain, "-q", "--epochs", "2", "--model", dir["p.bpmodel"]).Err);
    }

    [Fact]
    public void AModelFileGivenAsDataIsNamedAsSuch()
    {
        string model = dir["iris.bpmodel"];
        Assert.Equal(0, Cli.Run("train", "iris", "--epochs", "1", "-q", "--model", model).Code);
        var result = Cli.Run("train", model, "-q", "--model", dir["x.bpmodel"]);
        Assert.Equal(3, result.Code);
        Assert.Contains("is a Backprop model file, not CSV data", result.Err);
        Assert.DoesNotContain("columns", result.Err);
        Assert.Contains("model file", Cli.Run("evaluate", model, model).Err);
        Assert.Contains("model file", Cli.Run("predict", model, model).Err);

        string checkpoint = dir["run.ckpt"];
        Assert.Equal(0, Cli.Run("train", "iris", "--epochs", "1", "-q", "--model", dir["y.bpmodel"], "--checkpoint", checkpoint).Code);
        Assert.Contains("is a Backprop checkpoint file", Cli.Run("train", checkpoint, "-q").Err);
    }

    [Fact]
    public void EvaluateOnTheTrainingFileSaysItsRowsWereSeenInTraining()
    {
        string data = dir.File("line.csv", "x,y\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i * 0.1:0.0},{i * 0.3 + 1:0.0}")) + "\n");
        string model = dir["line.bpmodel"];
        Assert.Equal(0, Cli.Run("train", data, "--label", "y", "--epochs", "3", "-q", "--model", model).Code);

        var text = Cli.Run("evaluate", model, data);
        Assert.True(text.Code == 0, text.ToString());
        string table = Unwrapped(text.Out);
        Assert.Contains("Note this is the file the model was trained on (same SHA-256)", table);
        Assert.Contains("30 rows of it were seen in training, so these scores are optimistic", table);
        Assert.Contains("the held-out R^2 at training was", table);
        var json = Cli.Run("evaluate", model, data, "--json").Json;
        Assert.True(json.GetProperty("seen_in_training").GetBoolean());
        Assert.Contains("seen in training", json.GetProperty("note").GetString());
        // The same bytes under another name are the same data.
        File.Copy(data, dir["copy.csv"]);
        Assert.True(Cli.Run("evaluate", model, dir["copy.csv"], "--json").Json.GetProperty("seen_in_training").GetBoolean());

        // Another file: no note.
        string other = dir.File("other.csv", "x,y\n0.5,2.5\n1.5,5.5\n");
        Assert.DoesNotContain("seen in", Cli.Run("evaluate", model, other).Out);
        var fresh = Cli.Run("evaluate", model, other, "--json").Json;
        Assert.False(fresh.GetProperty("seen_in_training").GetBoolean());
        Assert.False(fresh.TryGetProperty("note", out _));

        // Trained on every row, without a held-out score: it says so.
        string all = dir["all.bpmodel"];
        Assert.Equal(0, Cli.Run("train", data, "--label", "y", "--epochs", "3", "--test-fraction", "0", "-q", "--model", all).Code);
        Assert.Contains("every row was seen in training", Unwrapped(Cli.Run("evaluate", all, data).Out));

        // A model without the hash (format 3 and older) cannot tell: null, and no note.
        Backprop.Persistence.Model loaded = Backprop.Persistence.ModelFile.Load(model);
        string old = dir["old.bpmodel"];
        Backprop.Persistence.ModelFile.Save(new Backprop.Persistence.Model<float>(((Backprop.Persistence.Model<float>)loaded).Network,
            loaded.Schema, loaded.Loss, loaded.Training! with { DataSha256 = null }), old);
        Assert.Equal(JsonValueKind.Null, Cli.Run("evaluate", old, data, "--json").Json.GetProperty("seen_in_training").ValueKind);
        Assert.DoesNotContain("seen in", Cli.Run("evaluate", old, data).Out);
    }

    // A table's text with its borders and line breaks folded away, so a wrapped cell reads as one line.
    private static string Unwrapped(string table) => System.Text.RegularExpressions.Regex.Replace(table, @"[\s|]+", " ");

    [Theory]
    [InlineData("--learning-rate", "--lr")]
    [InlineData("--batch-size", "--batch")]
    public void TrainAndTrajectoryTakeBothNames(string name, string alias)
    {
        string value = name == "--learning-rate" ? "0.01" : "4";
        foreach (string option in new[] { name, alias })
        {
            var train = Cli.Run("train", "xor", option, value, "--epochs", "1", "-q", "--json", "--model", dir["x.bpmodel"]);
            Assert.True(train.Code == 0, train.ToString());
            if (name == "--learning-rate")
                Assert.Equal(0.01, train.Json.GetProperty("learning_rate").GetDouble());
            var trajectory = Cli.Run("trajectory", dir["t.png"], option, value, "--epochs", "1", "--json");
            Assert.True(trajectory.Code == 0, trajectory.ToString());
        }
        Assert.Equal(0, Cli.Run("classic", "madaline", "xor", "--learning-rate", "0.1", "--json").Code);
        Assert.Equal(0, Cli.Run("classic", "madaline", "xor", "--lr", "0.1", "--json").Code);
        Assert.Equal(0, Cli.Run("explain", "--example", "unit", "--lr", "0.5", "--json").Code);
    }

    [Fact]
    public void OptionValuesAreCaseInsensitive()
    {
        var result = Cli.Run("train", "xor", "--optimizer", "Adam", "--precision", "Double", "--task", "Classify", "--activation", "Tanh",
            "--loss", "Cross-Entropy", "--layers", "None", "--epochs", "1", "-q", "--json", "--model", dir["x.bpmodel"]);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal("adam", result.Json.GetProperty("optimizer").GetString());
        Assert.Equal(0, Cli.Run("classic", "madaline", "XOR", "--vote", "Majority", "--json").Code);
        Assert.Equal(0, Cli.Run("explain", "--example", "Unit", "--json").Code);
        var wrong = Cli.Run("train", "xor", "--optimizer", "adamw");
        Assert.Equal(2, wrong.Code);
        Assert.Contains("--optimizer takes one of sgd, momentum", wrong.Err);
    }

    [Theory]
    [InlineData(0.000444, "0.000444")]
    [InlineData(1.48e-6, "1.48e-06")]
    [InlineData(12345.678, "12346")]
    [InlineData(0.97368, "0.9737")]
    [InlineData(-2.5e9, "-2.5e+09")]
    [InlineData(0, "0")]
    public void NumbersForPeopleHaveNoOddExponents(double value, string text) => Assert.Equal(text, Output.Number(value));

    [Fact]
    public void FloatPredictionsPrintTheDigitsAFloatHas()
    {
        string data = dir.File("line.csv", "x,y\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i * 0.1:0.0},{i * 0.3 + 1:0.0}")) + "\n");
        Assert.Equal(0, Cli.Run("train", data, "--epochs", "3", "-q", "--model", dir["f.bpmodel"]).Code);
        Assert.Equal(0, Cli.Run("train", data, "--epochs", "3", "-q", "--precision", "double", "--model", dir["d.bpmodel"]).Code);
        string[] floats = Cli.Run("predict", dir["f.bpmodel"], data).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        foreach (string value in floats)
        {
            Assert.True(Digits(value) <= 9, value);
            Assert.Equal(value, float.Parse(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        }
        // A double model keeps the digits a double has.
        string[] doubles = Cli.Run("predict", dir["d.bpmodel"], data).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Contains(doubles, v => Digits(v) > 9);

        static int Digits(string value) => value.TakeWhile(c => c is not ('e' or 'E')).Count(char.IsAsciiDigit);
    }

    [Fact]
    public void ProgressAndTableAgreeOnTheLastLoss()
    {
        var result = Cli.Run("train", "xor", "--epochs", "5", "--json", "--model", dir["x.bpmodel"]);
        Assert.True(result.Code == 0, result.ToString());
        string last = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith("epoch 5/5", StringComparison.Ordinal));
        string loss = last.Split("  ")[1]["loss ".Length..];
        Assert.DoesNotContain("E", loss);
        Assert.Equal(Output.Number(double.Parse(loss, CultureInfo.InvariantCulture)), loss);
    }

    [Fact]
    public void TablesNameMetricsInWordsAndBundledDataByName()
    {
        string model = dir["iris.bpmodel"];
        var train = Cli.Run("train", "iris", "--epochs", "2", "-q", "--model", model);
        Assert.Contains("Test accuracy", train.Out);
        Assert.Contains("Training loss", train.Out);
        Assert.DoesNotContain("test_accuracy", train.Out);
        Assert.Contains("iris: 150 rows, 4 features", train.Out);
        Assert.DoesNotContain("bin", train.Out);
        Assert.Contains("Test accuracy", Cli.Run("info", model).Out);
        Assert.Equal("iris", Cli.Run("train", "iris", "--epochs", "1", "-q", "--json", "--model", model).Json.GetProperty("data").GetString());
        Assert.Contains("iris: 150 rows", Cli.Run("evaluate", model, "iris").Out);
        Assert.Equal("Training R^2", Output.MetricLabel("train_r2"));
        Assert.Equal("Test MSE", Output.MetricLabel("test_mse"));
    }

    [Fact]
    public void OneColumnIsSingular()
    {
        var result = Cli.Run("train", dir.File("one.csv", "a\n1\n2,3\n"), "-q");
        Assert.Equal(3, result.Code);
        Assert.Contains("expected 1 column (as in the header), found 2", result.Err);
    }
}
