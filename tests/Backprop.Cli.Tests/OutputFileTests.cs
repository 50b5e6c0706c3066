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

/// <summary>docs/robustness.md, "Hostile input": values a float model cannot hold.</summary>
public sealed class FloatRangeTests : IDisposable
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
            Assert.StartsWith($"error: {data}:3:2: 1E+39 in column 'b'", result.Err);
            Assert.Contains("--precision double", result.Err);
        }
    }

    [Fact]
    public void TrainingRefusesATestRowBeyondFloatRangeAndDoubleTakesIt()
    {
        // Ten rows near 1 and one of 1e50: wherever the split puts it, a float run either standardises it with the
        // other rows (it is in the training part) or refuses it by line and column (it is in the test part).
        string data = dir.File("d.csv", "a,y\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{1 + i % 3},{i % 2}\n")) + "1e50,1\n");
        int refused = 0;
        for (int seed = 0; seed < 8; seed++)
        {
            var result = Cli.Run("train", data, "-q", "--epochs", "1", "--seed", seed.ToString(), "--task", "classify", "--model", dir["m.bpmodel"]);
            Assert.True(result.Code is 0 or 3, result.ToString());
            if (result.Code == 3)
            {
                refused++;
                Assert.StartsWith($"error: {data}:12:1: 1E+50 in column 'a'", result.Err);
                var twice = Cli.Run("train", data, "-q", "--epochs", "1", "--seed", seed.ToString(), "--task", "classify", "--precision", "double", "--model", dir["m.bpmodel"]);
                Assert.True(twice.Code == 0, twice.ToString());
            }
        }
        Assert.True(refused > 0, "no seed put the row into the test part");
    }
}
