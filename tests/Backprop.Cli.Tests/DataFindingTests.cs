using System.Diagnostics;
using System.Text;

namespace Backprop.Cli.Tests;

/// <summary>
/// issue 17's data findings, end to end: a named pipe as DATA is read once (it used to hang: the file was opened again
/// to look for a model file's magic number), standard input works, and Latin-1 text is an error, not a silent merge of
/// 'Käse' and 'Köse' into one class.
/// </summary>
public sealed class DataFindingTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static string Line() =>
        "x,y\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i * 0.1:0.0},{(i % 2 == 0 ? "even" : "odd")}")) + "\n";

    // A FIFO fed once by a writer thread; the writer blocks until a reader opens it, and fails if the reader closes early.
    private string Fifo(string name, string content, out Task writer)
    {
        string path = dir[name];
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        writer = Task.Run(() => File.WriteAllText(path, content));
        return path;
    }

    // The command on its own thread, so that a hang fails the test instead of stopping the run.
    private static async Task<CliResult> WithinAMinute(params string[] args)
    {
        try
        {
            return await Task.Run(() => Cli.Run(args)).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"backprop {string.Join(' ', args)} hung on a named pipe");
            throw;
        }
    }

    [Fact]
    public async Task ANamedPipeAsDataIsReadOnceAndTrains()
    {
        if (OperatingSystem.IsWindows())
            return;
        string model = dir["pipe.bpmodel"];
        string fifo = Fifo("data.fifo", Line(), out Task writer);
        var train = await WithinAMinute("train", fifo, "--epochs", "2", "-q", "--model", model, "--json");
        Assert.True(train.Code == 0, train.ToString());
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(File.Exists(model));

        // Fed again, the same bytes are the training data (the hash is taken while reading, not by opening the file again).
        fifo = Fifo("again.fifo", Line(), out writer);
        var evaluate = await WithinAMinute("evaluate", model, fifo, "--json");
        Assert.True(evaluate.Code == 0, evaluate.ToString());
        Assert.True(evaluate.Json.GetProperty("seen_in_training").GetBoolean());
        Assert.Equal(40, evaluate.Json.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task StandardInputAsDataTrains()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "backprop.dll"), "train", "-", "--epochs", "2", "-q", "--json", "--model", dir["stdin.bpmodel"] })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(Line());
        process.StandardInput.Close();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("train - ran over 2 minutes");
            }
        }
        var result = new CliResult(process.ExitCode, await stdout, await stderr);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal("standard input", result.Json.GetProperty("data").GetString());
        Assert.True(File.Exists(dir["stdin.bpmodel"]));
    }

    [Fact]
    public void Latin1TextIsAnErrorNamingFileLineAndColumnNotOneClass()
    {
        // "Käse" and "Köse" in Latin-1: 0xE4 and 0xF6 are not UTF-8. Decoded leniently both became "K\uFFFDse".
        var latin1 = Encoding.Latin1;
        var rows = new StringBuilder("weight,cheese\n");
        for (int i = 0; i < 30; i++)
            rows.Append($"{i},{(i % 2 == 0 ? "Käse" : "Köse")}\n");
        string data = Path.Combine(dir.Path, "cheese.csv");
        File.WriteAllBytes(data, latin1.GetBytes(rows.ToString()));
        var result = Cli.Run("train", data, "-q", "--epochs", "2", "--model", dir["cheese.bpmodel"]);
        Assert.True(result.Code == 3, result.ToString());
        Assert.Contains("cheese.csv:2:2: invalid UTF-8 (byte 0xE4)", result.Err);
        Assert.False(File.Exists(dir["cheese.bpmodel"]));

        // Predict and evaluate read the same way.
        Assert.Equal(0, Cli.Run("train", "iris", "--epochs", "1", "-q", "--model", dir["iris.bpmodel"]).Code);
        var predict = Cli.Run("predict", dir["iris.bpmodel"], data);
        Assert.Equal(3, predict.Code);
        Assert.Contains("invalid UTF-8", predict.Err);
    }
}
