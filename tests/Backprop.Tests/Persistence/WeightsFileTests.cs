using System.Text;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Persistence;

namespace Backprop.Tests.Persistence;

// Weights files: networks written by hand (docs/weights-file.md), above all 000's ReLU XOR network.
public class WeightsFileTests
{
    private static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "weights", name);

    private static HandSetNetwork Parse(string json) => WeightsFile.Parse(Encoding.UTF8.GetBytes(json), "w.json");

    private static string Message(string json) => Assert.Throws<ModelFileException>(() => Parse(json)).Message;

    [Fact]
    public void TheShippedReluXorFileIsLecture000sNetwork()
    {
        var hand = WeightsFile.Load(Shipped("relu-xor.json"));
        Assert.Equal(WorkedExample.ReluXor().Network.Parameters, hand.Network.Parameters);
        Assert.Equal("2 -> Dense(2, Relu) -> Dense(1, Relu)", hand.Network.Spec.ToString());
        Assert.Equal(["x1", "x2"], hand.InputNames);
        Assert.Equal("y1", hand.OutputName);
        Assert.Equal("squared-error", hand.Loss.Name);
        Assert.Equal([1.0, 1.0], hand.ExampleInput!);
        Assert.Equal([0.0], hand.ExampleTarget!);
        Assert.Equal(0.1, hand.LearningRate);
    }

    [Fact]
    public void TheReluXorFileComputesXorWithTheNotesHiddenValues()
    {
        // 000 (Jurafsky and Martin's figure): h = (0, 0), (1, 0), (1, 0), (2, 1) on the four rows, y1 = XOR.
        double[][] rows = [[0, 0], [0, 1], [1, 0], [1, 1]];
        double[][] hidden = [[0, 0], [1, 0], [1, 0], [2, 1]];
        double[] xor = [0, 1, 1, 0];
        var hand = WeightsFile.Load(Shipped("relu-xor.json"));
        for (int r = 0; r < 4; r++)
        {
            var trace = BackpropTrace.Trace<double>(hand.Network, hand.Loss, rows[r], [xor[r]], 0.1);
            Assert.Equal(hidden[r], trace.Layers[0].Units.Select(u => u.A).ToArray());
            Assert.Equal(xor[r], trace.Layers[1].Units[0].A);
            Assert.Equal(0, trace.LossValue);
        }
        // At (1, 1) y1's z is 2 - 2 = 0 (ReLU'(0) = 1); with target 0.5, d error/d y1 = 2 (y1 - t) = -1.
        var y = BackpropTrace.Trace<double>(hand.Network, hand.Loss, [1, 1], [0.5], 0.1).Layers[1].Units[0];
        Assert.Equal((0.0, 1.0, -1.0, -1.0), (y.Z, y.Derivative!.Value, y.ActivationGradient, y.Delta));
    }

    [Fact]
    public void AWeightsFileLoadsAsAModelThatPredictsRawRows()
    {
        Model model = ModelFile.Load(Shipped("relu-xor.json"));
        Assert.Equal(TaskKind.Regression, model.Schema.Task);
        Assert.Equal("y1", model.Schema.LabelName);
        Assert.Equal([0.0, 1, 1, 0], model.Predict([0, 0, 0, 1, 1, 0, 1, 1], 4));

        var classifier = Parse("""
            { "format": "backprop-weights", "version": 1, "inputs": ["a"], "output": "sign", "classes": ["neg", "pos"],
              "layers": [ { "activation": "softmax", "W": [[-1], [1]] } ], "loss": "cross-entropy" }
            """).ToModel();
        Assert.Equal(TaskKind.Classification, classifier.Schema.Task);
        Assert.Equal("pos", classifier.Predict(new Dictionary<string, string> { ["a"] = "2" }).Class);
        Assert.Equal("neg", classifier.Predict(new Dictionary<string, string> { ["a"] = "-2" }).Class);
    }

    [Fact]
    public void TheFourLayerFileIsTheBuiltInExampleAndNeedsClassesToBeAModel()
    {
        var hand = WeightsFile.Load(Shipped("four-layer.json"));
        var example = WorkedExample.FourLayer();
        Assert.Equal(example.Network.Parameters, hand.Network.Parameters);
        Assert.Equal(example.Input, hand.ExampleInput);
        Assert.Equal(example.Target, hand.ExampleTarget);
        var e = Assert.Throws<ModelFileException>(() => hand.ToModel("four-layer.json"));
        Assert.Contains("2 outputs and the file names no classes", e.Message);
    }

    [Fact]
    public void LayersWithoutBAreLayersWithoutBiases()
    {
        var hand = Parse("""
            { "format": "backprop-weights", "version": 1, "loss": "binary-cross-entropy",
              "layers": [ { "activation": "sigmoid", "W": [[0.1, 0.8], [0.4, 0.6]] }, { "activation": "sigmoid", "W": [[0.3, 0.9]] } ] }
            """);
        Assert.Equal(WorkedExample.Toy().Network.Parameters, hand.Network.Parameters);
        Assert.Equal(["x1", "x2"], hand.InputNames);
        Assert.Equal("y", hand.OutputName);
    }

    [Theory]
    [InlineData("{\n  \"format\": \"backprop-weights\",\n  \"version\": 1\n  \"loss\": \"mse\"\n}", "line 4, column 3: not valid JSON")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\",\n  \"layers\": [ { \"activation\": \"relu\", \"W\": [[1, 2], [3]] } ] }",
        "line 2, column 53: layers[0].W[1] has 1 weights; expected 2")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\",\n  \"layers\": [ { \"activation\": \"cosine\", \"W\": [[1]] } ] }",
        "line 2, column 31: layers[0].activation: unknown activation 'cosine'. Valid: step,")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\",\n  \"layers\": [ { \"activation\": \"relu\", \"w\": [[1]] } ] }",
        "line 2, column 39: unknown field \"w\" in layers[0]")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\", \"loss\": \"mse\" }", "line 1, column 62: the field \"loss\" appears twice")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\",\n \"layers\": [ { \"activation\": \"relu\", \"W\": [[1e999]] } ] }",
        "line 2, column 45: 1e999 is not a finite double")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\",\n \"layers\": [ { \"activation\": \"relu\", \"W\": [[1]], \"b\": [0, 1] } ] }",
        "line 2, column 55: layers[0].b has 2 biases; expected 1")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\", \"classes\": [\"a\", \"b\"],\n \"layers\": [ { \"activation\": \"relu\", \"W\": [[1]] } ] }",
        "line 1, column 73: classes names 2 classes; give one per output unit (1)")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1,\n \"layers\": [ { \"activation\": \"relu\", \"W\": [[1]] } ] }", "line 1, column 1: the field \"loss\" is missing")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 2 }", "line 1, column 44: version 2 is not one this build reads")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\", \"inputs\": [\"é\", \"y\"], \"output\": \"y\",\n \"layers\": [ { \"activation\": \"relu\", \"W\": [[1, 2]] } ] }",
        "the output 'y' is also an input name")]
    [InlineData("{ \"format\": \"backprop-weights\", \"version\": 1, \"loss\": \"mse\", \"inputs\": [\"é\"],\n \"layers\": [ { \"activation\": \"relu\", \"W\": [[1, 2]] } ] }",
        "line 1, column 72: inputs names 1 inputs; layers[0].W has 2 weights per unit")]
    public void BadFilesNameLineAndColumn(string json, string expected)
    {
        string message = Message(json);
        Assert.StartsWith("w.json: ", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void ColumnsCountCharactersNotBytes()
    {
        // "é" is two bytes in UTF-8; the error after it still points at the right character.
        string message = Message("{ \"title\": \"é\", \"format\": 3 }");
        Assert.Contains("line 1, column 27: format must be a string", message);
    }

    [Fact]
    public void ModelFileLoadTellsWeightsFilesFromModelsAndKeepsTheirErrors()
    {
        string dir = Directory.CreateTempSubdirectory("weights").FullName;
        try
        {
            string path = Path.Combine(dir, "bad.json");
            File.WriteAllText(path, "\uFEFF  {\"format\": \"backprop-weights\"");
            Assert.True(WeightsFile.IsWeightsFile(path));
            var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(path));
            Assert.StartsWith($"{path}: line 1, column ", e.Message);
            Assert.False(WeightsFile.IsWeightsFile(Path.Combine(dir, "missing.json")));
            Assert.False(WeightsFile.LooksLikeWeightsFile("BPMODEL\x1A"u8));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
