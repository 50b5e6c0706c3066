using Backprop.Activations;
using Backprop.Cli;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Cli.Tests;

public class ExportCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("export").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void WritesTheLibrarysOnnxFormOfTheModelFile()
    {
        string modelPath = SaveModel();
        string onnxPath = Path.Combine(dir, "model.onnx");

        var (code, stdout, stderr) = Run("export", modelPath, "--onnx", onnxPath);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("", stderr);
        Assert.Contains("input 'input' float [batch, 2]", stdout);
        Assert.Contains("'class' int64 [batch]", stdout);
        using var expected = new MemoryStream();
        OnnxExporter.Export(ModelFile.Load(modelPath), expected);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(onnxPath));
    }

    [Fact]
    public void JsonNamesTheGraphsInputsAndOutputs()
    {
        string onnxPath = Path.Combine(dir, "model.onnx");
        var (code, stdout, _) = Run("export", SaveModel(), "--onnx", onnxPath, "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("\"opset\":17", stdout);
        Assert.Contains("\"class_output\":\"class\"", stdout);
    }

    [Fact]
    public void MissingOnnxOptionIsAUsageError()
    {
        var (code, _, stderr) = Run("export", SaveModel());
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--onnx", stderr);
    }

    [Fact]
    public void NotAModelFileIsAModelFileErrorAndWritesNothing()
    {
        string bogus = Path.Combine(dir, "bogus.model");
        File.WriteAllText(bogus, "not a model");
        string onnxPath = Path.Combine(dir, "model.onnx");
        var (code, _, stderr) = Run("export", bogus, "--onnx", onnxPath);
        Assert.Equal(ExitCodes.ModelFile, code);
        Assert.StartsWith("error: ", stderr);
        Assert.False(File.Exists(onnxPath));
    }

    private string SaveModel()
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(2, Activation.Softmax).Build<float>(seed: 3);
        var schema = new Schema(TaskKind.Classification, "label", ["x1", "x2"], new StandardScaler([1.0, 2.0], [0.5, 3.0]),
            ["no", "yes"], targetScaler: null);
        string path = Path.Combine(dir, "xor.model");
        ModelFile.Save(new Model<float>(network, schema, Loss.CrossEntropy), path);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
