using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Cli.Tests;

/// <summary>
/// End to end, as a user would check it: <c>train</c>, then <c>predict</c> to a CSV file and <c>export --onnx</c>, then
/// ONNX Runtime on the raw CSV features must give the numbers (and classes) the predict CSV holds.
/// </summary>
public class ExportPredictAgreementTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("export-predict").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void OnnxRuntimeGivesThePredictCommandsProbabilitiesAndClasses()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "data", "iris.csv");
        var (predicted, features, classes, outputs) = TrainPredictExportAndRun("iris", data, "--layers", "8", "--activation", "tanh");

        string[] header = File.ReadLines(data).First().Split(',');
        Assert.Equal(4, features[0].Length);
        for (int r = 0; r < predicted.Length; r++)
        {
            // predict's row: class, then one probability per class (6 significant digits).
            string[] fields = predicted[r];
            for (int k = 0; k < 3; k++)
            {
                double fromCsv = double.Parse(fields[1 + k], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(fromCsv - outputs[r][k]) < 1e-5, $"row {r}, class {k}: predict {fromCsv}, ONNX {outputs[r][k]}");
            }
            Assert.Equal(fields[0], new[] { "setosa", "versicolor", "virginica" }[classes![r]]);
        }
        Assert.Equal("species", header[^1]);
    }

    [Fact]
    public void OnnxRuntimeGivesThePredictCommandsRegressionValuesInTheTargetsUnits()
    {
        string data = Path.Combine(dir, "wave.csv");
        var lines = new List<string> { "x1,x2,y" };
        for (int i = 0; i < 60; i++)
        {
            double x1 = -3 + 0.1 * i, x2 = (i * 7 % 13) / 4.0;
            lines.Add(FormattableString.Invariant($"{x1},{x2},{100 + 30 * Math.Sin(x1) + 5 * x2}"));
        }
        File.WriteAllLines(data, lines);
        var (predicted, _, classes, outputs) = TrainPredictExportAndRun("wave", data, "--task", "regress", "--layers", "8");

        Assert.Null(classes);
        for (int r = 0; r < predicted.Length; r++)
        {
            double fromCsv = double.Parse(predicted[r][0], CultureInfo.InvariantCulture);
            // Values near 100 printed to 6 significant digits, and float arithmetic in both: agree to 1e-5 relative.
            Assert.True(Math.Abs(fromCsv - outputs[r][0]) <= 1e-5 * Math.Max(1, Math.Abs(fromCsv)),
                $"row {r}: predict {fromCsv}, ONNX {outputs[r][0]}");
        }
        Assert.True(outputs.Max(o => o[0]) - outputs.Min(o => o[0]) > 1, "the predictions hardly vary, so the check says little");
    }

    private (string[][] Predicted, float[][] Features, long[]? Classes, float[][] Outputs) TrainPredictExportAndRun(
        string name, string data, params string[] trainOptions)
    {
        string model = Path.Combine(dir, name + ".bpmodel");
        string csv = Path.Combine(dir, name + "-predictions.csv");
        string onnx = Path.Combine(dir, name + ".onnx");
        CliResult train = Cli.Run([
            "train", data, "--epochs", "20", "--seed", "1", "-q", "--model", model, .. trainOptions]);
        Assert.True(train.Code == 0, train.ToString());
        CliResult predict = Cli.Run("predict", model, data, "--out", csv);
        Assert.True(predict.Code == 0, predict.ToString());
        CliResult export = Cli.Run("export", model, "--onnx", onnx);
        Assert.True(export.Code == 0, export.ToString());

        // The raw features: every column of the data file but the last (the label).
        float[][] features = [.. File.ReadLines(data).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')[..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
        string[][] predicted = [.. File.ReadLines(csv).Skip(1).Select(l => l.Split(','))];
        Assert.Equal(features.Length, predicted.Length);

        int rows = features.Length, width = features[0].Length;
        var input = new DenseTensor<float>(features.SelectMany(f => f).ToArray(), [rows, width]);
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var output = results.Single(v => v.Name == "output").AsTensor<float>();
        int outs = output.Dimensions[1];
        float[][] outputs = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, outs).Select(k => output[r, k]).ToArray())];
        long[]? classes = results.SingleOrDefault(v => v.Name == "class")?.AsTensor<long>().ToArray();
        return (predicted, features, classes, outputs);
    }
}
