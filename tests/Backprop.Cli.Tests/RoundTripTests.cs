using System.Globalization;
using System.Text;
using Backprop.Data;

namespace Backprop.Cli.Tests;

/// <summary>train, then evaluate, predict and info on what it saved.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    // Predicted labels from predict's CSV against the true labels of a file: must equal evaluate's accuracy.
    private static double AccuracyOfPredictions(string predictions, string data, string label)
    {
        var predicted = CsvReader.Parse(new StringReader(predictions), "predictions");
        var truth = CsvReader.Read(data);
        Assert.Equal(truth.RowCount, predicted.RowCount);
        int column = truth.ColumnIndex(label), hits = 0;
        for (int r = 0; r < truth.RowCount; r++)
        {
            if (predicted.Cell(r, 0) == truth.Cell(r, column))
                hits++;
        }
        return (double)hits / truth.RowCount;
    }

    [Fact]
    public void IrisReaches95PercentAndPredictAgreesWithEvaluate()
    {
        string model = dir["iris.bpmodel"];
        var train = Cli.Run("train", "iris", "--label", "species", "--json", "--model", model);
        Assert.True(train.Code == 0, train.ToString());
        var json = train.Json;
        Assert.Equal("classification", json.GetProperty("task").GetString());
        Assert.True(json.GetProperty("test_accuracy").GetDouble() >= 0.95, train.Out);
        Assert.True(json.GetProperty("train_accuracy").GetDouble() >= 0.95, train.Out);
        Assert.True(json.GetProperty("test_loss").GetDouble() > 0);
        // Early stopping on the validation part ends before the 200-epoch limit.
        Assert.InRange(json.GetProperty("epochs").GetInt32(), 11, 199);
        Assert.StartsWith("Early stopping", json.GetProperty("stop_reason").GetString());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(model, json.GetProperty("model").GetString());
        Assert.True(File.Exists(model));

        string irisPath = BundledData.ResolvePath("iris");
        var evaluate = Cli.Run("evaluate", model, "iris", "--json");
        Assert.True(evaluate.Code == 0, evaluate.ToString());
        Assert.Equal(150, evaluate.Json.GetProperty("rows").GetInt32());
        double accuracy = evaluate.Json.GetProperty("accuracy").GetDouble();

        var predict = Cli.Run("predict", model, "iris");
        Assert.True(predict.Code == 0, predict.ToString());
        Assert.StartsWith("species,p_setosa,p_versicolor,p_virginica", predict.Out);
        Assert.Equal(accuracy, AccuracyOfPredictions(predict.Out, irisPath, "species"));

        // --out writes the same CSV to a file.
        Assert.Equal(0, Cli.Run("predict", model, "iris", "--out", dir["p.csv"]).Code);
        Assert.Equal(predict.Out, File.ReadAllText(dir["p.csv"]));

        var info = Cli.Run("info", model, "--json");
        Assert.True(info.Code == 0, info.ToString());
        Assert.Equal(json.GetProperty("parameters").GetInt32(), info.Json.GetProperty("parameters").GetInt32());
        Assert.Equal(json.GetProperty("architecture").GetString(), info.Json.GetProperty("architecture").GetString());
        Assert.Equal(json.GetProperty("test_accuracy").GetDouble(),
            info.Json.GetProperty("training").GetProperty("test_accuracy").GetDouble());
        var text = Cli.Run("info", model);
        Assert.Contains("Dense(4 -> 64, Relu) -> Dense(64 -> 32, Relu) -> Dense(32 -> 3, Softmax)", text.Out);
        Assert.Contains("setosa, versicolor, virginica", text.Out);
    }

    [Fact]
    public void DigitsReaches97Percent()
    {
        var train = Cli.Run("train", "digits", "--label", "digit", "--json", "--model", dir["digits.bpmodel"]);
        Assert.True(train.Code == 0, train.ToString());
        Assert.True(train.Json.GetProperty("test_accuracy").GetDouble() >= 0.97, train.Out);
        Assert.Equal(451, train.Json.GetProperty("test_rows").GetInt32());
    }

    [Fact]
    public void RegressionWithTheLabelInTheMiddle()
    {
        // y = 3a - 2b + 10, label between the features; a third feature is noise.
        var random = new Random(4);
        var csv = new StringBuilder("a,y,b,c\n");
        for (int i = 0; i < 200; i++)
        {
            double a = random.NextDouble() * 4 - 2, b = random.NextDouble() * 4 - 2, c = random.NextDouble();
            csv.Append(CultureInfo.InvariantCulture, $"{a:R},{3 * a - 2 * b + 10:R},{b:R},{c:R}\n");
        }
        string data = dir.File("linear.csv", csv.ToString());
        string model = dir["linear.bpmodel"];
        // A constant rate: the point (2, 1) below lies on the edge of the training range, where 100 epochs fit it only without cuts.
        var train = Cli.Run("train", data, "--label", "y", "--layers", "16", "--activation", "tanh", "--epochs", "100", "--lr-schedule", "constant", "--json", "--model", model);
        Assert.True(train.Code == 0, train.ToString());
        var json = train.Json;
        Assert.Equal("regression", json.GetProperty("task").GetString());
        Assert.True(json.GetProperty("test_r2").GetDouble() > 0.98, train.Out);
        Assert.True(json.GetProperty("test_mse").GetDouble() < 0.5, train.Out);
        Assert.True(json.GetProperty("test_mae").GetDouble() < 0.5, train.Out);

        var evaluate = Cli.Run("evaluate", model, data, "--json");
        Assert.True(evaluate.Code == 0, evaluate.ToString());
        Assert.True(evaluate.Json.GetProperty("r2").GetDouble() > 0.98);

        // The label column may be absent; values come back in the target's units, in file order.
        string features = dir.File("features.csv", "c,b,a\n0.5,1,2\n0.5,0,0\n");
        var predict = Cli.Run("predict", model, features);
        Assert.True(predict.Code == 0, predict.ToString());
        string[] lines = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["y"], lines[..1]);
        Assert.Equal(14, double.Parse(lines[1], CultureInfo.InvariantCulture), 0.5);
        Assert.Equal(10, double.Parse(lines[2], CultureInfo.InvariantCulture), 0.5);
    }

    [Fact]
    public void TextLabelsInTheFirstColumnWithASemicolonSeparator()
    {
        var random = new Random(2);
        var csv = new StringBuilder("kind;x1;x2\n");
        for (int i = 0; i < 60; i++)
        {
            string kind = i % 2 == 0 ? "left side" : "right, side";
            double x = (i % 2 == 0 ? -1 : 1) + random.NextDouble() * 0.5;
            csv.Append(CultureInfo.InvariantCulture, $"{kind};{x:R};{random.NextDouble():R}\n");
        }
        string data = dir.File("kinds.csv", csv.ToString());
        string model = dir["kinds.bpmodel"];
        var train = Cli.Run("train", data, "--label", "kind", "--separator", ";", "--json", "--model", model);
        Assert.True(train.Code == 0, train.ToString());
        Assert.Equal(1.0, train.Json.GetProperty("test_accuracy").GetDouble());

        var predict = Cli.Run("predict", model, data, "--separator", ";");
        Assert.True(predict.Code == 0, predict.ToString());
        // The class name with a comma is quoted.
        Assert.Contains("\"right, side\"", predict.Out);
        Assert.StartsWith("kind,p_left side,\"p_right, side\"", predict.Out);
    }

    [Fact]
    public void ProgressIsOneLinePerEpochWhenNotATerminalAndNoneWhenQuiet()
    {
        var loud = Cli.Run("train", "iris", "--epochs", "3", "--model", dir["a.bpmodel"]);
        Assert.True(loud.Code == 0, loud.ToString());
        Assert.Contains("epoch 1/3  loss ", loud.Out);
        Assert.Contains("epoch 3/3  loss ", loud.Out);
        Assert.Contains("Test accuracy", loud.Out);

        var quiet = Cli.Run("train", "iris", "--epochs", "3", "--quiet", "--model", dir["b.bpmodel"]);
        Assert.DoesNotContain("epoch 1/3", quiet.Out);
        Assert.Equal("", quiet.Err);

        // With --json stdout holds only the JSON object; progress goes to stderr.
        var json = Cli.Run("train", "iris", "--epochs", "3", "--json", "--model", dir["c.bpmodel"]);
        Assert.Single(json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, json.Json.GetProperty("epochs").GetInt32());
        Assert.Contains("epoch 3/3", json.Err);
    }

    [Fact]
    public void TheSameSeedGivesTheSameModel()
    {
        Assert.Equal(0, Cli.Run("train", "iris", "--epochs", "5", "-q", "--model", dir["1.bpmodel"]).Code);
        Assert.Equal(0, Cli.Run("train", "iris", "--epochs", "5", "-q", "--threads", "2", "--model", dir["2.bpmodel"]).Code);
        var one = Cli.Run("evaluate", dir["1.bpmodel"], "iris", "--json").Json.GetProperty("loss_value").GetDouble();
        var two = Cli.Run("evaluate", dir["2.bpmodel"], "iris", "--json").Json.GetProperty("loss_value").GetDouble();
        Assert.Equal(one, two);
    }

    [Fact]
    public void DivergedTrainingExitsWith5AndWritesNothing()
    {
        var csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{1000.5 * i}\n");
        string data = dir.File("line.csv", csv.ToString());
        var result = Cli.Run("train", data, "--optimizer", "sgd", "--lr", "1e9", "--layers", "none", "--quiet", "--model", dir["d.bpmodel"]);
        Assert.True(result.Code == 5, result.ToString());
        Assert.StartsWith("error: training diverged", result.Err);
        Assert.False(File.Exists(dir["d.bpmodel"]));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Theory]
    [InlineData("double", "tanh", "cross-entropy", "softmax", 1e-6)]
    [InlineData("double", "rbf", "mse", "identity", 1e-6)]
    [InlineData("double", "sigmoid", "binary-cross-entropy", "sigmoid", 1e-6)]
    [InlineData("float", "softplus", "half-squared-error", "tanh", 5e-2)]
    public void GradcheckPrintsTheLargestRelativeError(string precision, string activation, string loss, string output, double bound)
    {
        var result = Cli.Run("gradcheck", "--precision", precision, "--activation", activation, "--loss", loss,
            "--output-activation", output, "--json");
        Assert.True(result.Code == 0, result.ToString());
        Assert.True(result.Json.GetProperty("max_relative_error").GetDouble() < bound, result.Out);
        Assert.Equal(59, result.Json.GetProperty("parameters").GetInt32());
        Assert.True(result.Json.GetProperty("passed").GetBoolean());

        var text = Cli.Run("gradcheck", "--layers", "2", "--inputs", "2", "--outputs", "2");
        Assert.Contains("Max relative error", text.Out);
        Assert.Contains("12 parameters", text.Out);
    }
}
