using Backprop.Cli.Tests.Seeing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Cli.Tests.Notes;

// Hand-set weights files (docs/weights-file.md) through explain, predict, boundary, export and info.
public class WeightsFileCommandTests : IDisposable
{
    private readonly string dir = SeeingCli.TempDirectory();

    private static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "weights", name);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ExplainTracesLecture000sXorNetworkWithItsOwnWeights()
    {
        var text = Cli.Run("explain", Shipped("relu-xor.json"));
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("000's XOR network", text.Out);
        Assert.Contains("= 1*1 + 1*1 + (-1) = 1", text.Out);   // h2 = ReLU(x1 + x2 - 1) at (1, 1)
        Assert.Contains("= 1*2 + (-2)*1 + 0 = 0", text.Out);    // y1's z = h1 - 2 h2

        // With target 0.5: d error/d y1 = 2 (y1 - t) = -1, ReLU'(0) = 1, so delta = -1.
        var json = Cli.Run("explain", Shipped("relu-xor.json"), "--target", "0.5", "--json").Json;
        var layers = json.GetProperty("layers");
        Assert.Equal([2.0, 1.0], layers[0].GetProperty("units").EnumerateArray().Select(u => u.GetProperty("a").GetDouble()));
        var y = layers[1].GetProperty("units")[0];
        Assert.Equal((0.0, -1.0, 1.0, -1.0),
            (y.GetProperty("a").GetDouble(), y.GetProperty("dC_da").GetDouble(), y.GetProperty("f_prime").GetDouble(), y.GetProperty("delta").GetDouble()));
        Assert.Equal(0.25, json.GetProperty("loss_value").GetDouble());

        // Another row: (0, 1) gives y1 = 1.
        var row = Cli.Run("explain", Shipped("relu-xor.json"), "--input", "0,1", "--target", "1", "--json").Json;
        Assert.Equal(1.0, row.GetProperty("layers")[1].GetProperty("units")[0].GetProperty("a").GetDouble());
    }

    [Fact]
    public void TheMatrixTraceOfAnOverflowingNetworkWritesNullsNotAnError()
    {
        // 1e308 * 10 overflows: z, a, the loss and the gap to the backward pass are not finite.
        var path = Path.Combine(dir, "big.json");
        File.WriteAllText(path, """
            { "format": "backprop-weights", "version": 1,
              "layers": [ { "activation": "relu", "W": [[1e308]], "b": [0] } ],
              "loss": "squared-error",
              "example": { "input": [10], "target": [0], "learning_rate": 0.1 } }
            """);
        var result = Cli.Run("explain", path, "--notation", "matrix", "--json");
        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("loss_value").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("max_gap_to_backward_pass").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("layers")[0].GetProperty("n")[0].ValueKind);
    }

    [Fact]
    public void TheFourLayerFileTracesLikeTheBuiltInExample()
    {
        var file = Cli.Run("explain", Shipped("four-layer.json"), "--notation", "matrix", "--json");
        Assert.True(file.Code == 0, file.ToString());
        var builtIn = Cli.Run("explain", "--example", "four-layer", "--notation", "matrix", "--json").Json;
        Assert.Equal(builtIn.GetProperty("layers").GetRawText(), file.Json.GetProperty("layers").GetRawText());
        Assert.Contains("chosen, not the notes'", file.Json.GetProperty("title").GetString());

        // Not a model: several outputs and no classes.
        var predict = Cli.Run("predict", Shipped("four-layer.json"), Shipped("xor.csv"));
        Assert.Equal(4, predict.Code);
        Assert.Contains("only 'explain' takes it", predict.Err);
    }

    [Fact]
    public void PredictBoundaryExportAndInfoTakeTheWeightsFile()
    {
        var predict = Cli.Run("predict", Shipped("relu-xor.json"), Shipped("xor.csv"));
        Assert.True(predict.Code == 0, predict.ToString());
        Assert.Equal(["y1", "0", "1", "1", "0"], predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        string png = Path.Combine(dir, "relu-xor.png");
        var boundary = Cli.Run("boundary", Shipped("relu-xor.json"), png, "--data", Shipped("xor.csv"), "--json");
        Assert.True(boundary.Code == 0, boundary.ToString());
        Assert.Equal(4, boundary.Json.GetProperty("points").GetInt32());
        SeeingCli.AssertPicture(png);

        string onnx = Path.Combine(dir, "relu-xor.onnx");
        var export = Cli.Run("export", Shipped("relu-xor.json"), "--onnx", onnx);
        Assert.True(export.Code == 0, export.ToString());
        using var session = new InferenceSession(onnx);
        var input = new DenseTensor<float>(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, [4, 2]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        Assert.Equal([0f, 1f, 1f, 0f], results.First(r => r.Name == "output").AsEnumerable<float>());

        var info = Cli.Run("info", Shipped("relu-xor.json"), "--json").Json;
        Assert.Equal("weights", info.GetProperty("format").GetString());
        Assert.Equal("y1", info.GetProperty("label").GetString());
    }

    [Fact]
    public void ATrainedSigmoidOutputSquaredErrorNetworkShowsTheFactorTwo()
    {
        // 000's and 002's F = sum (t - y)^2 on a sigmoid output, from the command: dF/dy = 2 (y - t), delta = dF/dy y (1 - y).
        string model = Path.Combine(dir, "xor.bpmodel");
        var train = Cli.Run("train", "xor", "--layers", "4", "--output-activation", "sigmoid", "--loss", "squared-error",
            "--epochs", "300", "--learning-rate", "0.05", "--precision", "double", "--model", model, "--json");
        Assert.True(train.Code == 0, train.ToString());
        var json = Cli.Run("explain", model, "--input", "1,0", "--target", "1", "--json").Json;
        var output = json.GetProperty("layers").EnumerateArray().Last();
        Assert.Equal("sigmoid", output.GetProperty("activation").GetString());
        double[] target = [.. json.GetProperty("target").EnumerateArray().Select(t => t.GetDouble())];
        int k = 0;
        foreach (var unit in output.GetProperty("units").EnumerateArray())
        {
            double a = unit.GetProperty("a").GetDouble();
            Assert.Equal(2 * (a - target[k++]), unit.GetProperty("dC_da").GetDouble(), 12);
            Assert.Equal(unit.GetProperty("dC_da").GetDouble() * a * (1 - a), unit.GetProperty("delta").GetDouble(), 12);
        }
        Assert.Equal(target.Length, k);
    }

    [Fact]
    public void ABadWeightsFileIsAModelFileErrorNamingLineAndColumn()
    {
        string path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, "{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"squared-error\",\n" +
            "  \"layers\": [ { \"activation\": \"relu\", \"W\": [[1, 1], [1]] } ] }\n");
        foreach (string[] args in new[] { new[] { "explain", path }, ["predict", path, Shipped("xor.csv")], ["info", path] })
        {
            var result = Cli.Run(args);
            Assert.Equal(4, result.Code);
            Assert.Contains($"{path}: line 2, column 53: layers[0].W[1] has 1 weights; expected 2", result.Err);
        }
        var noExample = Path.Combine(dir, "plain.json");
        File.WriteAllText(noExample, "{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"squared-error\", " +
            "\"layers\": [ { \"activation\": \"identity\", \"W\": [[2]] } ] }");
        var usage = Cli.Run("explain", noExample);
        Assert.Equal(2, usage.Code);
        Assert.Contains("has no example: give --input", usage.Err);
        Assert.Equal(0, Cli.Run("explain", noExample, "--input", "3", "--target", "1").Code);
    }
}
