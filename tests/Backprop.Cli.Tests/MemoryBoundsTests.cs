using System.Diagnostics;

namespace Backprop.Cli.Tests;

/// <summary>docs/robustness.md, "Memory and sizes": sizes that would overflow or exhaust memory end in a clear exit 2.</summary>
public sealed class MemoryBoundsTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("--resolution", "boundary", "xor", "b.png", "--resolution", "100000")]
    [InlineData("--points", "boundary", "xor", "b.png", "--points", "2000000000")]
    [InlineData("--layers", "boundary", "xor", "b.png", "--layers", "65536,65536")]
    [InlineData("--rows 65536 x --inputs 65536", "gradcheck", "--inputs", "65536", "--rows", "65536")]
    [InlineData("--units", "classic", "madaline", "xor", "--units", "100000001")]
    [InlineData("--layers", "train", "xor", "--layers", "65536,65536", "-q")]
    public void SizesThatWouldOverflowAreUsageErrorsNamingTheOption(string option, params string[] args)
    {
        string[] run = [.. args.Select(a => a == "b.png" ? dir[a] : a)];
        if (run[0] == "train")
            run = [.. run, "--model", dir["m.bpmodel"]];
        var result = Cli.Run(run);
        Assert.True(result.Code == 2, result.ToString());
        Assert.StartsWith("error: " + option, result.Err);
        Assert.DoesNotContain("Exception", result.Err);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    /// <summary>
    /// The built executable under a 1 GiB GC heap limit trains and predicts with a 2,000,000-unit hidden layer (8 million
    /// parameters): prediction runs in chunks of a few rows, not 1,024 rows x 2,000,000 units (16 GB).
    /// </summary>
    [Fact]
    public void ATwoMillionUnitLayerTrainsAndPredictsUnderA1GiBHeap()
    {
        string model = dir["wide.bpmodel"];
        var train = Capped("train", "xor", "-q", "--layers", "2000000", "--epochs", "1", "--model", model);
        Assert.True(train.Code == 0, train.ToString());
        var predict = Capped("predict", model, "xor", "--out", dir["p.csv"]);
        Assert.True(predict.Code == 0, predict.ToString());
        Assert.Equal(5, File.ReadAllLines(dir["p.csv"]).Length);   // header and the 4 rows of xor
    }

    private CliResult Capped(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backprop.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "over 2 minutes");
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
