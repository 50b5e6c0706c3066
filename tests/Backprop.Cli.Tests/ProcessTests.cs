namespace Backprop.Cli.Tests;

/// <summary>The built executable, launched as a user would: exit codes and the no-argument default.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void TrainWithNoArgumentsLearnsTheBundledDigits()
    {
        var result = Cli.Launch(dir.Path, "train", "--json");
        Assert.True(result.Code == 0, result.ToString());
        var json = result.Json;
        Assert.Equal("classification", json.GetProperty("task").GetString());
        Assert.True(json.GetProperty("test_accuracy").GetDouble() >= 0.97, result.Out);
        // The default model file lands in the working directory.
        Assert.Equal("digits.bpmodel", json.GetProperty("model").GetString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "digits.bpmodel")));
        Assert.Equal(0, Cli.Launch(dir.Path, "info", "digits.bpmodel").Code);
    }

    [Fact]
    public void ExitCodes()
    {
        Assert.Equal(0, Cli.Launch(dir.Path, "gradcheck", "--json").Code);
        Assert.Equal(2, Cli.Launch(dir.Path, "gradcheck", "--activation", "nope").Code);
        Assert.Equal(3, Cli.Launch(dir.Path, "train", dir.File("bad.csv", "a,b\n1,x\n1\n"), "-q").Code);
        var model = Cli.Launch(dir.Path, "info", dir.File("bad.bpmodel", "not a model"));
        Assert.Equal(4, model.Code);
        Assert.StartsWith("error: ", model.Err);
        Assert.Equal("", model.Out);
    }
}
