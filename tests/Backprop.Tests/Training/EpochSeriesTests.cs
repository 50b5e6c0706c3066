using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>The bounded per-epoch history: which epochs it keeps, against a plain reference, and a long run's bound.</summary>
public class EpochSeriesTests
{
    // The rule written out plainly: the last 1,000 epochs, and before them epochs 1, 1 + s, ... for the smallest power
    // of two s that keeps at most 1,000 of them.
    private static List<int> Reference(int epochs)
    {
        int older = Math.Max(0, epochs - EpochSeries.FullResolutionEpochs);
        int stride = 1;
        while (Enumerable.Range(1, older).Count(e => (e - 1) % stride == 0) > EpochSeries.MaxDownsampledEpochs)
            stride *= 2;
        return [.. Enumerable.Range(1, epochs).Where(e => e > older || (e - 1) % stride == 0)];
    }

    [Fact]
    public void KeepsTheEpochsThePlainRuleKeepsAfterEveryEpoch()
    {
        var series = new EpochSeries<int>();
        for (int epoch = 1; epoch <= 9_000; epoch++)
        {
            series.Add(epoch);
            // Every epoch up to the first halvings, then a sample (the reference is quadratic).
            if (epoch <= 2_100 || epoch % 97 == 0 || epoch == 9_000)
            {
                List<int> expected = Reference(epoch);
                Assert.Equal(expected, series);
                Assert.Equal(expected.Count, EpochSeries.Count(epoch));
                Assert.Equal(expected, Enumerable.Range(0, series.Count).Select(series.EpochAt));
            }
        }
        Assert.Equal(1, series[0]);
        Assert.Equal(9_000, series[^1]);
        Assert.True(series.Count <= EpochSeries.MaxKept);
        // 8,000 older epochs at a spacing of 8: epochs 1, 9, ..., 7,993; then 8,001 .. 9,000.
        Assert.Equal(8, EpochSeries.Stride(9_000));
        Assert.Equal(2_000, series.Count);
    }

    [Fact]
    public void ARestoredSeriesGoesOnAsTheUninterruptedOne()
    {
        var whole = new EpochSeries<int>();
        for (int epoch = 1; epoch <= 5_000; epoch++)
            whole.Add(epoch);
        foreach (int cut in new[] { 0, 1, 999, 1_000, 1_001, 2_000, 2_001, 3_333 })
        {
            var first = new EpochSeries<int>();
            for (int epoch = 1; epoch <= cut; epoch++)
                first.Add(epoch);
            var resumed = new EpochSeries<int>();
            resumed.Restore(cut, [.. first]);
            for (int epoch = cut + 1; epoch <= 5_000; epoch++)
                resumed.Add(epoch);
            Assert.Equal(whole, resumed);
        }
        Assert.Throws<ArgumentException>(() => new EpochSeries<int>().Restore(5, [1, 2, 3]));
    }

    [Fact]
    public void ALongRunOfATinyNetworkKeepsABoundedHistoryAndCheckpoint()
    {
        // XOR through 2-2-1, full batch: 30,000 epochs used to keep 30,000 reports (and write them into every checkpoint).
        var xor = Dataset<double>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        TrainingCheckpoint Run(int epochs, out TrainingResult result)
        {
            var network = NetworkSpec.Input(2).Dense(2, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<double>(seed: 1);
            var trainer = new Trainer<double>(network, Loss.BinaryCrossEntropy, new Sgd(0.5),
                new TrainingOptions { Epochs = epochs, BatchSize = 0, MaxGradientNorm = null });
            result = trainer.Fit(xor);
            Assert.Equal(epochs, result.Epochs);
            Assert.Equal(result.History, trainer.History);
            return trainer.Checkpoint();
        }

        TrainingCheckpoint first = Run(1, out _);
        TrainingCheckpoint longer = Run(30_000, out TrainingResult result);
        // 29,000 epochs before the tail at a spacing of 32 (907 of them), then the last 1,000.
        Assert.Equal(1_907, result.History.Count);
        Assert.Equal(1, result.History[0].Epoch);
        Assert.Equal(33, result.History[1].Epoch);
        Assert.Equal(30_000, result.History[^1].Epoch);
        Assert.Equal(Enumerable.Range(29_001, 1_000), result.History.Skip(907).Select(r => r.Epoch));
        // The checkpoint holds at most 2,000 reports (41 bytes each) more than after one epoch, however long the run.
        const int ReportBytes = 4 + 8 + 1 + 8 + 8 + 8 + 4;
        Assert.True(CheckpointFile.ToBytes(longer, "t").Length <= CheckpointFile.ToBytes(first, "t").Length + EpochSeries.MaxKept * ReportBytes);
    }

    [Fact]
    public void AResumeAcrossTheDownsamplingEndsBitIdentical()
    {
        var xor = Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        var spec = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid);
        var options = new TrainingOptions { Epochs = 2_600, BatchSize = 2, Seed = 4, MaxGradientNorm = null };
        var network = spec.Build<float>(seed: 2);
        var trainer = new Trainer<float>(network, Loss.BinaryCrossEntropy, new Adam(0.01), options);
        byte[]? saved = null;
        TrainingResult full = trainer.Fit(xor, null, report =>
        {
            if (report.Epoch == 2_345)
                saved = CheckpointFile.ToBytes(trainer.Checkpoint(), "tag");
        });

        var fresh = spec.Build<float>(seed: 99);
        var resumedTrainer = new Trainer<float>(fresh, Loss.BinaryCrossEntropy, new Adam(0.01), options);
        resumedTrainer.Restore(CheckpointFile.FromBytes(saved!).Checkpoint);
        TrainingResult resumed = resumedTrainer.Fit(xor);
        Assert.Equal(network.Parameters, fresh.Parameters);
        Assert.Equal(full.History, resumed.History);
        Assert.Equal(CheckpointFile.ToBytes(trainer.Checkpoint(), "tag"), CheckpointFile.ToBytes(resumedTrainer.Checkpoint(), "tag"));
    }
}
