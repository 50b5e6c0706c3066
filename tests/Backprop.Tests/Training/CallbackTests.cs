using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;
using Backprop.Training.Callbacks;

namespace Backprop.Tests.Training;

public class CallbackTests
{
    private static readonly Dataset<double> Xor = Dataset<double>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);

    private static Trainer<double> XorTrainer(int epochs, double rate = 0.1) =>
        new(NetworkSpec.Input(2).Dense(4, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<double>(seed: 1),
            Loss.BinaryCrossEntropy, new Sgd(rate), new TrainingOptions { Epochs = epochs, BatchSize = 0 });

    /// <summary>Records every epoch it sees, and asks to stop at a given one.</summary>
    private sealed class Recorder(int stopAt = int.MaxValue) : ITrainingCallback
    {
        public List<int> Epochs { get; } = [];

        public void OnEpochEnd(TrainingContext context)
        {
            Epochs.Add(context.Report.Epoch);
            if (context.Report.Epoch == stopAt)
                context.Stop($"stop at {stopAt}");
        }
    }

    [Fact]
    public void CallbacksRunInOrderEveryEpochAndTheFirstStopWins()
    {
        var order = new List<string>();
        var first = new Recorder(stopAt: 7);
        var second = new Recorder(stopAt: 7);
        var lambda = new EpochCallback(c => order.Add($"lambda {c.Report.Epoch}"));
        var result = XorTrainer(50).Fit(Xor, callbacks: [first, new EpochCallback(c => order.Add($"first {c.Report.Epoch}")), second, lambda]);

        Assert.Equal(StopReason.Callback, result.Reason);
        Assert.Equal("stop at 7", result.Message);
        Assert.Equal(7, result.Epochs);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], first.Epochs);
        Assert.Equal(first.Epochs, second.Epochs);   // every callback of the stopping epoch still runs
        Assert.Equal(["first 1", "lambda 1"], order.Take(2));
    }

    [Fact]
    public void ProgressGetsEveryReportTheHistoryHas()
    {
        var seen = new List<EpochReport>();
        var trainer = XorTrainer(12);
        // A synchronous IProgress: Progress<T> would post to the thread pool.
        trainer.Fit(Xor, progress: new Immediate(seen.Add));
        Assert.Equal(trainer.History, seen);
    }

    private sealed class Immediate(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEpochsWithoutImprovement()
    {
        // A learning rate of 1e-12 leaves the loss flat to within 1e-6, so "improved by more than 1e-6" never holds
        // after the first epoch: stop at epoch 1 + patience.
        var result = XorTrainer(100, rate: 1e-12).Fit(Xor, callbacks: [new EarlyStopping(patience: 3, minDelta: 1e-6, MonitoredLoss.TrainLoss)]);
        Assert.Equal(StopReason.Callback, result.Reason);
        Assert.Equal(4, result.Epochs);
        Assert.Contains("since epoch 1", result.Message);

        // A loss that keeps falling never stops it.
        var learning = XorTrainer(30, rate: 0.5).Fit(Xor, callbacks: [new EarlyStopping(patience: 3)]);
        Assert.Equal(StopReason.MaxEpochs, learning.Reason);
    }

    [Fact]
    public void ReduceOnPlateauCutsTheRateAndTheNextEpochUsesIt()
    {
        var plateau = new ReduceLearningRateOnPlateau(factor: 0.5, patience: 2, minDelta: 1e-6, monitor: MonitoredLoss.TrainLoss);
        var trainer = XorTrainer(8, rate: 1e-12);
        trainer.Fit(Xor, callbacks: [plateau]);
        double[] rates = [.. trainer.History.Select(r => r.LearningRate)];
        // Flat from epoch 1: cut after epochs 3 and 5 and 7 (each waits 2 more epochs).
        Assert.Equal([1e-12, 1e-12, 1e-12, 0.5e-12, 0.5e-12, 0.25e-12, 0.25e-12, 0.125e-12], rates);
        Assert.Equal(3, plateau.Reductions);
    }

    [Fact]
    public void EpochLogWritesCsvAndJsonLines()
    {
        var csv = new StringWriter();
        var json = new StringWriter();
        var trainer = XorTrainer(3);
        trainer.Fit(Xor, callbacks: [new EpochLog(csv), new EpochLog(json, json: true)]);
        string[] lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch,train_loss,validation_loss,learning_rate,gradient_norm,updates", lines[0].TrimEnd('\r'));
        Assert.Equal(4, lines.Length);
        var first = trainer.History[0];
        Assert.Equal($"1,{first.TrainLoss:R},,0.1,{first.GradientNorm:R},1", lines[1].TrimEnd('\r'));

        string[] objects = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, objects.Length);
        using var parsed = System.Text.Json.JsonDocument.Parse(objects[2]);
        Assert.Equal(3, parsed.RootElement.GetProperty("epoch").GetInt32());
        Assert.Equal(trainer.History[2].TrainLoss, parsed.RootElement.GetProperty("train_loss").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, parsed.RootElement.GetProperty("validation_loss").ValueKind);
    }

    [Fact]
    public void CheckpointEverySavesTheEpochsStateThatResumesIdentically()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("backprop-callback").FullName, "run.bpcheck");
        try
        {
            var straight = XorTrainer(10);
            straight.Fit(Xor);

            var saving = XorTrainer(10);
            saving.Fit(Xor, callbacks: [new CheckpointEvery(path, epochs: 3), new Recorder(stopAt: 7)]);
            var saved = CheckpointFile.Load(path);
            var resumed = XorTrainer(10);
            resumed.Restore(saved.Checkpoint);
            Assert.Equal(6, resumed.Epoch);
            resumed.Fit(Xor);
            Assert.Equal(straight.Network.Parameters, resumed.Network.Parameters);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task FitAsyncReportsProgressAndHonoursCancellation()
    {
        var trainer = XorTrainer(1_000_000, rate: 0.01);
        using var cancel = new CancellationTokenSource();
        int epochs = 0;
        var stopAfterFive = new EpochCallback(c =>
        {
            epochs = c.Report.Epoch;
            if (epochs == 5)
                cancel.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trainer.FitAsync(Xor, callbacks: [stopAfterFive], cancellation: cancel.Token));
        Assert.Equal(5, trainer.Epoch);   // cancelled in epoch 6, which is undone

        // The same trainer resumes where it stopped.
        var more = new XorResume(trainer);
        var result = await more.Run(3);
        Assert.Equal(StopReason.Callback, result.Reason);
        Assert.Equal(8, result.Epochs);
    }

    private sealed class XorResume(Trainer<double> trainer)
    {
        public Task<TrainingResult> Run(int epochs)
        {
            int start = trainer.Epoch;
            return trainer.FitAsync(Xor, callbacks: [new EpochCallback(c => { if (c.Report.Epoch == start + epochs) c.Stop("enough"); })]);
        }
    }

    [Fact]
    public void BadSettingsAreRefusedNamingThem()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau(factor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau(minDelta: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointEvery("x.bpcheck", epochs: 0));
        Assert.Throws<ArgumentNullException>(() => new EpochLog(null!));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            XorTrainer(3).Fit(Xor, callbacks: [new EpochCallback(c => c.LearningRateFactor = 0)]));
        Assert.Equal("value", error.ParamName);
    }
}
