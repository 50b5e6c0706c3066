namespace Backprop.Cli.Tests;

/// <summary>Bad usage: exit code 2 and one line on stderr saying what is valid.</summary>
public class UsageErrorTests
{
    private static void AssertUsageError(CliResult result, params string[] expected)
    {
        Assert.True(result.Code == 2, result.ToString());
        string line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        foreach (string text in expected)
            Assert.Contains(text, line);
    }

    [Fact]
    public void UnknownActivationListsTheValidOnes() =>
        AssertUsageError(Cli.Run("gradcheck", "--activation", "swish"),
            "Unknown activation 'swish'", "identity, sigmoid, tanh, relu, softplus, leaky-relu, elu, gelu, softmax, rbf");

    [Fact]
    public void UnknownOutputActivation() =>
        AssertUsageError(Cli.Run("gradcheck", "--output-activation", "rbf"), "Unknown activation 'rbf' for --output-activation");

    [Theory]
    [InlineData("gradcheck")]
    [InlineData("train")]
    public void StepCannotBeTrainedByGradients(string command) =>
        AssertUsageError(Cli.Run(command, "--activation", "step"), "step activation cannot be trained by gradients");

    [Fact]
    public void UnknownLossListsTheValidOnes() =>
        AssertUsageError(Cli.Run("gradcheck", "--loss", "hinge"),
            "Unknown loss 'hinge'", "squared-error, half-squared-error, mse, cross-entropy, binary-cross-entropy");

    [Fact]
    public void UnknownOptimizer() => AssertUsageError(Cli.Run("train", "--optimizer", "lbfgs"), "lbfgs", "adam", "nesterov");

    [Fact]
    public void UnknownCommandAndOption()
    {
        AssertUsageError(Cli.Run("fly"), "fly");
        AssertUsageError(Cli.Run("train", "--bogus"), "--bogus", "backprop train --help");
        AssertUsageError(Cli.Run(), "backprop --help");
    }

    [Theory]
    [InlineData("--layers", "64,x")]
    [InlineData("--layers", "0")]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "many")]
    [InlineData("--lr", "-1")]
    [InlineData("--test-fraction", "1")]
    [InlineData("--task", "cluster")]
    [InlineData("--separator", "ab")]
    [InlineData("--precision", "half")]
    public void BadValues(string option, string value) => AssertUsageError(Cli.Run("train", option, value), option == "--precision" ? "half" : "");

    [Fact]
    public void RegressionRefusesACrossEntropyLoss()
    {
        using var dir = new TempDir();
        string data = dir.File("r.csv", "x,y\n0.1,1.5\n0.2,2.5\n0.3,3.5\n0.4,4.25\n");
        AssertUsageError(Cli.Run("train", data, "--task", "regress", "--loss", "cross-entropy", "--quiet", "--model", dir["m"]),
            "cross-entropy loss needs class labels");
        Assert.False(File.Exists(dir["m"]));
    }

    [Theory]
    [InlineData("DATA", "train", "")]
    [InlineData("--model", "train", "iris", "--model", "")]
    [InlineData("--checkpoint", "train", "iris", "--checkpoint", " ")]
    [InlineData("--resume", "train", "iris", "--resume", "")]
    [InlineData("--plot", "train", "iris", "--plot", "")]
    [InlineData("MODEL", "info", "")]
    [InlineData("DATA", "evaluate", "m.bpmodel", "")]
    [InlineData("--out", "predict", "m.bpmodel", "iris", "-o", "")]
    [InlineData("--onnx", "export", "m.bpmodel", "--onnx", "")]
    [InlineData("FILE.png", "trajectory", "")]
    public void AnEmptyFileNameIsAUsageError(string name, params string[] args) =>
        AssertUsageError(Cli.Run(args), $"{name} needs a file name, not an empty string");

    [Theory]
    [InlineData("--model", "train", "iris", "--model", "/no/such/folder/m.bpmodel")]
    [InlineData("--checkpoint", "train", "iris", "--checkpoint", "/no/such/folder/run.bpcheck")]
    [InlineData("--plot", "train", "iris", "--plot", "/no/such/folder/curves.png")]
    [InlineData("--out", "predict", "m.bpmodel", "iris", "--out", "/no/such/folder/p.csv")]
    [InlineData("--onnx", "export", "m.bpmodel", "--onnx", "/no/such/folder/m.onnx")]
    public void AnOutputInAMissingFolderIsRefusedBeforeAnyWork(string name, params string[] args)
    {
        var result = Cli.Run(args);
        AssertUsageError(result, $"{name}: the folder '/no/such/folder' does not exist");
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("info")]
    [InlineData("gradcheck")]
    public void EveryCommandHasHelp(string command)
    {
        var result = Cli.Run(command, "--help");
        Assert.Equal(0, result.Code);
        Assert.Contains("Usage:", result.Out);
        Assert.Contains($" {command} ", result.Out);
        Assert.Contains("--help", result.Out);
    }
}
