using Backprop.Persistence;

namespace Backprop.Cli.Tests;

/// <summary>docs/robustness.md, "Outputs are checked first": no input overwritten, no finished training thrown away.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string Data() => dir.File("d.csv", "a,b,y\n0,0,x\n0,1,z\n1,0,z\n1,1,x\n0,0,x\n1,1,x\n0,1,z\n1,0,z\n");

    private static void AssertUsage(CliResult result, string option)
    {
        Assert.True(result.Code == 2, result.ToString());
        Assert.StartsWith($"error: {option}", result.Err);
    }

    [Fact]
    public void AnOutputThatIsAnInputIsRefusedBeforeAnyWork()
    {
        string data = Data();
        string before = File.ReadAllText(data);
        AssertUsage(Cli.Run("train", data, "-q", "--epochs", "1", "--model", data), "--model");
        AssertUsage(Cli.Run("train", data, "-q", "--epochs", "1", "--model", dir["m.bpmodel"], "--checkpoint", data), "--checkpoint");
        // The same file by another name: a relative path and a symbolic link.
        File.CreateSymbolicLink(dir["link.csv"], data);
        AssertUsage(Cli.Run("train", data, "-q", "--epochs", "1", "--model", dir["link.csv"]), "--model");
        Assert.Equal(before, File.ReadAllText(data));

        Assert.Equal(0, Cli.Run("train", data, "-q", "--epochs", "1", "--model", dir["m.bpmodel"]).Code);
        byte[] model = File.ReadAllBytes(dir["m.bpmodel"]);
        AssertUsage(Cli.Run("predict", dir["m.bpmodel"], data, "--out", data), "--out");
        AssertUsage(Cli.Run("predict", dir["m.bpmodel"], data, "--out", Path.Combine(dir.Path, ".", "m.bpmodel")), "--out");
        AssertUsage(Cli.Run("export", dir["m.bpmodel"], "--onnx", dir["m.bpmodel"]), "--onnx");
        Assert.Equal(before, File.ReadAllText(data));
        Assert.Equal(model, File.ReadAllBytes(dir["m.bpmodel"]));
    }

    [Fact]
    public void TwoOutputsWithOneNameAreRefused()
    {
        var result = Cli.Run("train", Data(), "-q", "--epochs", "1", "--model", dir["m.png"], "--plot", dir["m.png"]);
        AssertUsage(result, "--plot");
        Assert.Contains("--model", result.Err);
        Assert.False(File.Exists(dir["m.png"]));
    }

    [Fact]
    public void AFolderATrailingSlashATooLongNameOrAnUnwritableFolderIsRefusedBeforeTraining()
    {
        string data = Data();
        Directory.CreateDirectory(dir["out"]);
        AssertUsage(Cli.Run("train", data, "-q", "--model", dir["out"]), "--model");
        AssertUsage(Cli.Run("train", data, "-q", "--model", dir["m.bpmodel"] + "/"), "--model");
        AssertUsage(Cli.Run("train", data, "-q", "--model", dir[new string('m', 250) + ".bpmodel"]), "--model");
        if (OperatingSystem.IsLinux())
            AssertUsage(Cli.Run("train", data, "-q", "--model", "/proc/backprop-test.bpmodel"), "--model");   // read-only, even for root
        // Up to the file-name limit, the name works: the temporary file's name is shortened to fit.
        string longest = dir[new string('m', 246) + ".bpmodel"];
        var result = Cli.Run("train", data, "-q", "--epochs", "1", "--model", longest);
        Assert.True(result.Code == 0, result.ToString());
        Assert.True(File.Exists(longest));
    }

    [Fact]
    public void ANetworkThatAModelFileCannotHoldIsRefusedBeforeTraining()
    {
        string data = Data();
        var deep = Cli.Run("train", data, "-q", "--epochs", "1", "--model", dir["m.bpmodel"], "--layers", string.Join(',', Enumerable.Repeat(1, 1024)));
        AssertUsage(deep, "--layers");
        Assert.Contains("1025 layers are more than the 1024", deep.Err);
        var wide = Cli.Run("train", data, "-q", "--epochs", "1", "--model", dir["m.bpmodel"], "--layers", "65536,65536");
        AssertUsage(wide, "--layers");
        Assert.Contains("268435456", wide.Err);
        Assert.False(File.Exists(dir["m.bpmodel"]));
    }

    [Fact]
    public void AnOverwriteThroughASymbolicLinkKeepsTheLinkAndThePermissions()
    {
        string data = Data();
        string real = dir["real.bpmodel"], link = dir["link.bpmodel"];
        File.WriteAllText(real, "old");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(real, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(link, real);
        Assert.Equal(0, Cli.Run("train", data, "-q", "--epochs", "1", "--model", link).Code);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.NotNull(ModelFile.Load(real));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(real));
    }

    [Fact]
    public void AModelThatCannotBeWrittenWhereAskedIsSavedBesideTheCheckpoint()
    {
        Assert.Equal(0, Cli.Run("train", Data(), "-q", "--epochs", "1", "--model", dir["m.bpmodel"]).Code);
        Model model = ModelFile.Load(dir["m.bpmodel"]);
        // The folder was checked before training and is gone by the end of it (as a full disk fails the final write).
        string lost = Path.Combine(dir.Path, "gone", "final.bpmodel");
        var error = Assert.Throws<CliException>(() => OutputFiles.SaveModel(model, lost, dir["run.bpcheck"]));
        Assert.Equal(1, error.ExitCode);
        string rescued = dir[$"final.rescued-{Environment.ProcessId}.bpmodel"];
        Assert.Contains($"The trained model was saved to '{rescued}' instead", error.Message);
        Assert.Equal(ModelFile.ToBytes(model), File.ReadAllBytes(rescued));
    }
}
