using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Backprop.Cli.Tests;

/// <summary>
/// docs/robustness.md: divergence, determinism, checkpoints and resume (in-process, and across a kill -9 or a SIGINT of
/// the built executable), files that must stay untouched.
/// </summary>
public sealed partial class RobustnessTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    // 20,000 rows x 20 features, 3 classes: with 128-128 hidden units an epoch takes long enough to be killed inside.
    private static readonly Lazy<string> BigCsv = new(() =>
    {
        var random = new Random(1);
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, 20).Select(i => $"f{i}")) + ",y\n");
        for (int r = 0; r < 20_000; r++)
        {
            double[] x = [.. Enumerable.Range(0, 20).Select(_ => random.NextDouble() * 2 - 1)];
            int label = (x[0] + x[1] + x[2] > 0 ? 1 : 0) + (x[5] > 0.5 ? 1 : 0);
            text.AppendJoin(',', x.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))).Append(',').Append(label).Append('\n');
        }
        return text.ToString();
    });

    private static readonly string[] BigRun = ["--epochs", "12", "--layers", "128,128", "--seed", "5"];

    // The uninterrupted run that killed and resumed ones must match byte for byte.
    private static readonly Lazy<byte[]> BigReference = new(() =>
    {
        using var reference = new TempDir();
        string data = reference.File("big.csv", BigCsv.Value);
        var result = Cli.Run(["train", data, "-q", .. BigRun, "--model", reference["ref.bpmodel"]]);
        Assert.True(result.Code == 0, result.ToString());
        return File.ReadAllBytes(reference["ref.bpmodel"]);
    });

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("adagrad")]
    [InlineData("rmsprop")]
    [InlineData("adadelta")]
    [InlineData("nadam")]
    public void ALearningRateOf1e6DivergesWithExitCode5AndWritesNoModel(string optimizer)
    {
        // SGD and momentum reach NaN; the adaptive optimizers' steps stay finite, and their exploding gradients
        // (norms of 1e9 to 1e14) are what stops them.
        string model = dir[$"{optimizer}.bpmodel"];
        var result = Cli.Run("train", "iris", "--optimizer", optimizer, "--lr", "1e6", "-q", "--model", model);
        Assert.True(result.Code == 5, result.ToString());
        Assert.Matches("diverged in epoch [0-9]+", result.Err);
        Assert.Contains("smaller learning rate", result.Err);
        Assert.Contains("No model was written", result.Err);
        Assert.False(File.Exists(model));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void DivergenceLeavesAnExistingModelAndCheckpointUntouched()
    {
        string model = dir["m.bpmodel"], checkpoint = dir["m.bpcheck"];
        var good = Cli.Run("train", "iris", "--epochs", "3", "-q", "--model", model, "--checkpoint", checkpoint);
        Assert.True(good.Code == 0, good.ToString());
        byte[] modelBefore = File.ReadAllBytes(model), checkpointBefore = File.ReadAllBytes(checkpoint);

        var bad = Cli.Run("train", "iris", "--optimizer", "sgd", "--lr", "1e6", "-q", "--model", model, "--checkpoint", checkpoint);
        Assert.True(bad.Code == 5, bad.ToString());
        Assert.Contains("is kept as it was", bad.Err);
        Assert.Equal(modelBefore, File.ReadAllBytes(model));
        Assert.Equal(checkpointBefore, File.ReadAllBytes(checkpoint));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);   // no temporary file left behind
    }

    [Fact]
    public void TheSameSeedGivesTheSameModelFileWithOneThreadOrTwo()
    {
        string[] run = ["train", "digits", "-q", "--epochs", "3", "--batch", "256", "--layers", "128,64", "--seed", "11"];
        Assert.Equal(0, Cli.Run([.. run, "--model", dir["a.bpmodel"], "--threads", "1"]).Code);
        Assert.Equal(0, Cli.Run([.. run, "--model", dir["b.bpmodel"], "--threads", "1"]).Code);
        Assert.Equal(0, Cli.Run([.. run, "--model", dir["c.bpmodel"], "--threads", "2"]).Code);
        byte[] a = File.ReadAllBytes(dir["a.bpmodel"]);
        Assert.Equal(a, File.ReadAllBytes(dir["b.bpmodel"]));
        Assert.Equal(a, File.ReadAllBytes(dir["c.bpmodel"]));
    }

    [Fact]
    public void AResumedRunEndsExactlyAsTheUninterruptedOne()
    {
        string[] run = ["train", "iris", "-q", "--seed", "4", "--optimizer", "nadam"];
        Assert.Equal(0, Cli.Run([.. run, "--epochs", "6", "--model", dir["whole.bpmodel"]]).Code);

        // Three epochs, checkpointed; then three more from the checkpoint (which the resumed run keeps updating).
        var first = Cli.Run([.. run, "--epochs", "3", "--model", dir["part.bpmodel"], "--checkpoint", dir["run.bpcheck"], "--checkpoint-every", "3"]);
        Assert.True(first.Code == 0, first.ToString());
        var resumed = Cli.Run([.. run, "--epochs", "6", "--model", dir["resumed.bpmodel"], "--resume", dir["run.bpcheck"], "--json"]);
        Assert.True(resumed.Code == 0, resumed.ToString());
        Assert.Equal(6, resumed.Json.GetProperty("epochs").GetInt32());
        Assert.Equal(File.ReadAllBytes(dir["whole.bpmodel"]), File.ReadAllBytes(dir["resumed.bpmodel"]));
    }

    [Fact]
    public void ResumingWithOtherOptionsOrDataNamesTheDifference()
    {
        string checkpoint = dir["run.bpcheck"];
        Assert.Equal(0, Cli.Run("train", "iris", "-q", "--epochs", "2", "--model", dir["m.bpmodel"], "--checkpoint", checkpoint).Code);

        var lr = Cli.Run("train", "iris", "-q", "--epochs", "4", "--lr", "0.01", "--model", dir["m.bpmodel"], "--resume", checkpoint);
        Assert.Equal(2, lr.Code);
        Assert.Contains("was written by another run (lr '0.005' there, '0.01' here)", lr.Err);

        string copy = dir.File("iris.csv", File.ReadAllText(Backprop.Data.BundledData.ResolvePath("iris")) + "5.0,3.4,1.5,0.2,setosa\n");
        var data = Cli.Run("train", copy, "-q", "--epochs", "4", "--model", dir["m.bpmodel"], "--resume", checkpoint);
        Assert.Equal(2, data.Code);
        Assert.Contains("data-sha256", data.Err);

        var plot = Cli.Run("train", "iris", "-q", "--epochs", "4", "--model", dir["m.bpmodel"], "--resume", checkpoint, "--plot", dir["p.png"]);
        Assert.Equal(2, plot.Code);
        Assert.Contains("--plot cannot be used with --resume", plot.Err);
    }

    [Fact]
    public void ACheckpointOfAnotherArchitectureWithTheSameParameterCountIsRefused()
    {
        // iris: 4 -> 5 -> 3 and 4 -> 1 -> 7 -> 3 both have 43 parameters.
        string checkpoint = dir["five.bpcheck"], other = dir["one-seven.bpcheck"];
        Assert.Equal(0, Cli.Run("train", "iris", "-q", "--epochs", "2", "--layers", "5", "--model", dir["a.bpmodel"], "--checkpoint", checkpoint).Code);
        Assert.Equal(0, Cli.Run("train", "iris", "-q", "--epochs", "2", "--layers", "1,7", "--model", dir["b.bpmodel"], "--checkpoint", other).Code);
        Assert.Equal(Backprop.Persistence.CheckpointFile.Load(checkpoint).Checkpoint.Parameters.Length,
            Backprop.Persistence.CheckpointFile.Load(other).Checkpoint.Parameters.Length);

        var resumed = Cli.Run("train", "iris", "-q", "--epochs", "4", "--layers", "1,7", "--model", dir["c.bpmodel"], "--resume", checkpoint);
        Assert.Equal(2, resumed.Code);
        Assert.Contains("was written by another run (network 'Dense(4 -> 5, Relu) -> Dense(5 -> 3, Softmax)' there, 'Dense(4 -> 1, Relu)", resumed.Err);
        Assert.False(File.Exists(dir["c.bpmodel"]));

        // A file whose fingerprint says one network but whose state is of another is refused by the state's own key.
        var forged = Backprop.Persistence.CheckpointFile.Load(other).Checkpoint;
        string tag = Backprop.Persistence.CheckpointFile.Load(checkpoint).Tag;
        Backprop.Persistence.CheckpointFile.Save(dir["forged.bpcheck"], forged, tag);
        var refused = Cli.Run("train", "iris", "-q", "--epochs", "4", "--layers", "5", "--model", dir["c.bpmodel"], "--resume", dir["forged.bpcheck"]);
        Assert.Equal(4, refused.Code);
        Assert.Contains("the checkpoint does not fit this run: The checkpoint is of the network 4 -> Dense(1, Relu) -> Dense(7, Relu) -> Dense(3, Softmax) with the cross-entropy loss; this trainer has 4 -> Dense(5, Relu)", refused.Err);
        Assert.False(File.Exists(dir["c.bpmodel"]));
    }

    [Fact]
    public void AMissingOrDamagedCheckpointIsAModelFileError()
    {
        var missing = Cli.Run("train", "iris", "-q", "--model", dir["m.bpmodel"], "--resume", dir["none.bpcheck"]);
        Assert.Equal(4, missing.Code);
        Assert.Contains("checkpoint file not found", missing.Err);

        string checkpoint = dir["run.bpcheck"];
        Assert.Equal(0, Cli.Run("train", "iris", "-q", "--epochs", "2", "--model", dir["m.bpmodel"], "--checkpoint", checkpoint).Code);
        byte[] bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(checkpoint, bytes);
        var damaged = Cli.Run("train", "iris", "-q", "--epochs", "4", "--model", dir["m.bpmodel"], "--resume", checkpoint);
        Assert.Equal(4, damaged.Code);
        Assert.Contains("checksum mismatch", damaged.Err);

        File.WriteAllText(checkpoint, "a,b\n1,2\n");
        var text = Cli.Run("train", "iris", "-q", "--model", dir["m.bpmodel"], "--resume", checkpoint);
        Assert.Equal(4, text.Code);
        Assert.Contains("not a Backprop checkpoint file", text.Err);
    }

    [Fact]
    public void ARunKilledWithSigkillMidEpochAndResumedEqualsTheUninterruptedRun()
    {
        string data = dir.File("big.csv", BigCsv.Value);
        string checkpoint = dir["run.bpcheck"], model = dir["run.bpmodel"];
        string[] run = ["train", data, "-q", .. BigRun, "--model", model, "--checkpoint", checkpoint];

        using (var process = Cli.Start(dir.Path, run))
        {
            WaitFor(checkpoint, process);
            Thread.Sleep(30);   // into the next epoch
            Assert.False(process.HasExited, "the run finished before it could be killed; make it longer");
            process.Kill();     // SIGKILL on Unix: no handler runs
            process.WaitForExit();
        }
        Assert.False(File.Exists(model));

        var resumed = Cli.Launch(dir.Path, [.. run, "--resume", checkpoint]);
        Assert.True(resumed.Code == 0, resumed.ToString());
        Assert.Equal(BigReference.Value, File.ReadAllBytes(model));
    }

    [Fact]
    public void SigintStopsAtABatchEndKeepsTheCheckpointAndExitsWith130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        string data = dir.File("big.csv", BigCsv.Value);
        string checkpoint = dir["run.bpcheck"], model = dir["run.bpmodel"];
        // With --checkpoint-every 100 the only checkpoint is the one the interrupt writes; progress lines say when to send it.
        string[] run = ["train", data, .. BigRun, "--model", model, "--checkpoint", checkpoint, "--checkpoint-every", "100"];

        using (var process = Cli.StartInterruptible(dir.Path, run))
        {
            string line = process.StandardOutput.ReadLine() ?? "";   // the first epoch's progress line
            Assert.StartsWith("epoch 1/", line);
            Assert.Equal(0, Kill(process.Id, Sigint));
            Assert.True(process.WaitForExit(60_000), "the run did not stop after SIGINT");
            string err = process.StandardError.ReadToEnd();
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {err}");
            Assert.Contains("interrupted during epoch", err);
            Assert.Contains("--resume", err);
        }
        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(model));

        var resumed = Cli.Launch(dir.Path, [.. run, "--resume", checkpoint]);
        Assert.True(resumed.Code == 0, resumed.ToString());
        Assert.Equal(BigReference.Value, File.ReadAllBytes(model));
    }

    private static void WaitFor(string path, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.False(process.HasExited, $"the run ended (exit {(process.HasExited ? process.ExitCode : 0)}) before writing {path}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"no checkpoint after a minute: {path}");
            Thread.Sleep(5);
        }
    }

    private const int Sigint = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
