using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tests.Training;

public class TrainingRulesTests
{
    // y = 2x + 1 at x = 0, 1, 2: a convex problem for a single linear unit.
    private static Dataset<double> Line() => Dataset<double>.FromDoubles([0, 1, 2], [1, 3, 5], 3, 1, 1);

    private static Network<double> LinearUnit()
    {
        var network = NetworkSpec.Input(1).Dense(1, Activation.Identity).Build<double>();
        Array.Clear(network.Parameters);
        return network;
    }

    /// <summary>Random inputs in [-1, 1] and a smooth target, for runs that only need to move the weights.</summary>
    private static Dataset<T> Synthetic<T>(int rows, int inputs, int outputs, int seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var x = new double[rows * inputs];
        var y = new double[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < inputs; j++)
            {
                x[r * inputs + j] = 2 * random.NextDouble() - 1;
                sum += x[r * inputs + j] * (j + 1);
            }
            // One-hot class of a linear score, so softmax + cross-entropy fits it.
            int k = Math.Clamp((int)((Math.Tanh(sum) + 1) / 2 * outputs), 0, outputs - 1);
            y[r * outputs + k] = 1;
        }
        return Dataset<T>.FromDoubles(x, y, rows, inputs, outputs);
    }

    [Fact]
    public void FirstEpochReportHoldsTheLossAndGradientNorm()
    {
        // From w = b = 0 with half squared error: loss = mean(1/2 (0 - t)^2) = (0.5 + 4.5 + 12.5) / 3;
        // dL/dw = mean(-t x) = -13/3, dL/db = mean(-t) = -3, norm = sqrt(169/9 + 9) = sqrt(250/9).
        var trainer = new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, new Sgd(0.1), new TrainingOptions { Epochs = 1, BatchSize = 0 });
        var report = Assert.Single(trainer.Fit(Line()).History);
        Assert.Equal(1, report.Epoch);
        Assert.Equal(5.833333333333333, report.TrainLoss, 14);
        Assert.Equal(5.270462766947299, report.GradientNorm, 14);
        Assert.Equal(0.1, report.LearningRate);
        Assert.Equal(1, report.Updates);
        Assert.Null(report.ValidationLoss);
        // One SGD step: w = 0.1 * 13/3, b = 0.1 * 3.
        Assert.Equal(0.43333333333333335, trainer.Network.Parameters[0], 15);
        Assert.Equal(0.30000000000000004, trainer.Network.Parameters[1], 15);
    }

    [Fact]
    public void MaxEpochsStopsAfterTheLastEpoch()
    {
        var trainer = new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, new Sgd(0.01), new TrainingOptions { Epochs = 7, BatchSize = 1 });
        var result = trainer.Fit(Line());
        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(7, result.Epochs);
        Assert.Equal(21, result.Updates);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], result.History.Select(r => r.Epoch));
        Assert.Contains("maximum of 7 epochs", result.Message);
        // Another Fit has nothing left to do.
        Assert.Equal(7, trainer.Fit(Line()).Epochs);
    }

    [Fact]
    public void LossConvergedStopsWhenTheLossStopsChanging()
    {
        var trainer = new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, new Sgd(0.1),
            new TrainingOptions { Epochs = 10_000, BatchSize = 0, LossChangeTolerance = 1e-6 });
        var result = trainer.Fit(Line());
        Assert.Equal(StopReason.LossConverged, result.Reason);
        Assert.True(result.Epochs < 10_000);
        var h = result.History;
        Assert.True(Math.Abs(h[^1].TrainLoss - h[^2].TrainLoss) < 1e-6);
        for (int i = 1; i < h.Count - 1; i++)
        {
            Assert.True(Math.Abs(h[i].TrainLoss - h[i - 1].TrainLoss) >= 1e-6);
        }
        Assert.Contains("changed by", result.Message);
    }

    [Fact]
    public void GradientConvergedStopsAtASmallGradient()
    {
        var trainer = new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, new Sgd(0.1),
            new TrainingOptions { Epochs = 10_000, BatchSize = 0, GradientNormTolerance = 1e-4 });
        var result = trainer.Fit(Line());
        Assert.Equal(StopReason.GradientConverged, result.Reason);
        Assert.True(result.History[^1].GradientNorm < 1e-4);
        Assert.All(result.History.SkipLast(1), r => Assert.True(r.GradientNorm >= 1e-4));
        Assert.Equal(2.0, trainer.Network.Parameters[0], 3);
        Assert.Equal(1.0, trainer.Network.Parameters[1], 3);
        Assert.Contains("gradient norm", result.Message);
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestWeights()
    {
        // The validation targets are XOR's inverted, so the better the fit, the worse the validation loss.
        var train = TrainerTests.Xor();
        var validation = Dataset<double>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [1, 0, 0, 1], 4, 2, 1);
        var network = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build<double>(seed: 0);
        var trainer = new Trainer<double>(network, Loss.SquaredError, new Adam(0.05), new TrainingOptions { Epochs = 1000, BatchSize = 0, Patience = 5 });
        var snapshots = new List<double[]>();
        var result = trainer.Fit(train, validation, _ => snapshots.Add([.. network.Parameters]));

        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        var losses = result.History.Select(r => r.ValidationLoss!.Value).ToList();
        int best = losses.IndexOf(losses.Min()) + 1;
        Assert.Equal(best + 5, result.Epochs);
        Assert.Equal(snapshots[best - 1], network.Parameters);
        Assert.NotEqual(snapshots[^1], network.Parameters);
        Assert.Contains($"weights of epoch {best} were restored", result.Message);
    }

    [Fact]
    public void SchedulesGiveTheirFormulasValues()
    {
        Assert.Equal(0.1, LearningRateSchedule.Constant.Rate(0.1, 50));
        var step = LearningRateSchedule.Step(10, 0.5);
        Assert.Equal(0.1, step.Rate(0.1, 0));
        Assert.Equal(0.1, step.Rate(0.1, 9));
        Assert.Equal(0.05, step.Rate(0.1, 10));
        Assert.Equal(0.025, step.Rate(0.1, 25));
        Assert.Equal(0.81, LearningRateSchedule.Exponential(0.9).Rate(1.0, 2), 15);
        Assert.Equal(0.1, LearningRateSchedule.InverseTime(0.5).Rate(0.3, 4), 15); // 0.3 / (1 + 0.5 * 4)
        Assert.Equal(0.3, LearningRateSchedule.InverseTime(0.5).Rate(0.3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Step(0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Exponential(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.InverseTime(-1));
        Assert.Equal("step(every=10, factor=0.5)", step.ToString());
    }

    [Fact]
    public void TheTrainerSetsTheScheduledRateEachEpoch()
    {
        var optimizer = new Sgd(0.4);
        var trainer = new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, optimizer,
            new TrainingOptions { Epochs = 5, BatchSize = 0, Schedule = LearningRateSchedule.Step(2, 0.5) });
        var result = trainer.Fit(Line());
        Assert.Equal([0.4, 0.4, 0.2, 0.2, 0.1], result.History.Select(r => r.LearningRate));
        Assert.Equal(0.1, optimizer.LearningRate);
    }

    [Fact]
    public void WeightDecayAddsLambdaTimesTheWeightsToTheGradient()
    {
        // One full-batch SGD step from the same weights with and without decay differs by exactly -eta lambda w0.
        var spec = NetworkSpec.Input(3).Dense(4, Activation.Tanh).Dense(2, Activation.Softmax);
        var data = Synthetic<double>(20, 3, 2, seed: 4);
        var plain = spec.Build<double>(seed: 5);
        var decayed = spec.Build<double>(seed: 5);
        double[] w0 = [.. plain.Parameters];
        new Trainer<double>(plain, Loss.CrossEntropy, new Sgd(0.5), new TrainingOptions { Epochs = 1, BatchSize = 0 }).Fit(data);
        new Trainer<double>(decayed, Loss.CrossEntropy, new Sgd(0.5), new TrainingOptions { Epochs = 1, BatchSize = 0, WeightDecay = 0.1 }).Fit(data);
        for (int i = 0; i < w0.Length; i++)
        {
            Assert.Equal(-0.5 * 0.1 * w0[i], decayed.Parameters[i] - plain.Parameters[i], 12);
        }
    }

    [Fact]
    public void ACheckpointResumedInAFreshTrainerEndsBitIdentical()
    {
        var spec = NetworkSpec.Input(4).Dense(6, Activation.Tanh).Dense(3, Activation.Softmax);
        var train = Synthetic<float>(50, 4, 3, seed: 1);
        var validation = Synthetic<float>(20, 4, 3, seed: 2);
        var options = new TrainingOptions
        {
            Epochs = 12,
            BatchSize = 8,
            Seed = 9,
            Schedule = LearningRateSchedule.Step(4, 0.5),
            WeightDecay = 1e-3,
            Patience = 100,
        };

        var network = spec.Build<float>(seed: 3);
        var trainer = new Trainer<float>(network, Loss.CrossEntropy, new Adam(0.01), options);
        byte[]? saved = null;
        var full = trainer.Fit(train, validation, report =>
        {
            if (report.Epoch == 5)
            {
                saved = CheckpointFile.ToBytes(trainer.Checkpoint(), "tag");
            }
        });
        Assert.NotNull(saved);

        var fresh = spec.Build<float>(seed: 77);
        var resumedTrainer = new Trainer<float>(fresh, Loss.CrossEntropy, new Adam(0.01), options);
        resumedTrainer.Restore(CheckpointFile.FromBytes(saved).Checkpoint);
        Assert.Equal(5, resumedTrainer.Epoch);
        var resumed = resumedTrainer.Fit(train, validation);

        Assert.Equal(network.Parameters, fresh.Parameters);
        Assert.Equal(full.History, resumed.History);
        Assert.Equal(full.Updates, resumed.Updates);
        Assert.Equal(full.Reason, resumed.Reason);
    }

    [Fact]
    public void CancellationStopsAfterTheBatchAndAResumedFitMatchesTheUninterruptedRun()
    {
        var spec = NetworkSpec.Input(4).Dense(6, Activation.Tanh).Dense(3, Activation.Softmax);
        var train = Synthetic<double>(40, 4, 3, seed: 1);
        var options = new TrainingOptions { Epochs = 6, BatchSize = 8, Seed = 2 };

        var reference = spec.Build<double>(seed: 3);
        new Trainer<double>(reference, Loss.CrossEntropy, new Momentum(0.1), options).Fit(train);

        var network = spec.Build<double>(seed: 3);
        var trainer = new Trainer<double>(network, Loss.CrossEntropy, new Momentum(0.1), options);
        using var source = new CancellationTokenSource();
        double[]? atEpoch3 = null;
        var cancelled = trainer.Fit(train, onEpoch: report =>
        {
            if (report.Epoch == 3)
            {
                atEpoch3 = [.. network.Parameters];
                source.Cancel();
            }
        }, cancellation: source.Token);

        Assert.Equal(StopReason.Cancelled, cancelled.Reason);
        Assert.Equal(3, cancelled.Epochs);
        Assert.Equal(3 * 5 + 1, cancelled.Updates); // the first batch of epoch 4 finished
        Assert.NotEqual(atEpoch3, network.Parameters);
        Assert.Equal(atEpoch3, trainer.Checkpoint().Parameters);
        Assert.Contains("Cancelled during epoch 4", cancelled.Message);

        var finished = trainer.Fit(train);
        Assert.Equal(StopReason.MaxEpochs, finished.Reason);
        Assert.Equal(30, finished.Updates);
        Assert.Equal(reference.Parameters, network.Parameters);
    }

    [Fact]
    public void AHugeLearningRateIsReportedAsDivergedWithFiniteParameters()
    {
        var data = Synthetic<double>(40, 2, 1, seed: 6);
        var network = NetworkSpec.Input(2).Dense(8, Activation.Relu).Dense(1, Activation.Identity).Build<double>(seed: 1);
        double[] initial = [.. network.Parameters];
        var trainer = new Trainer<double>(network, Loss.MeanSquaredError, new Sgd(1e6), new TrainingOptions { Epochs = 50, BatchSize = 4 });
        var result = trainer.Fit(data);
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.All(network.Parameters, p => Assert.True(double.IsFinite(p)));
        Assert.Equal(result.Epochs == 0 ? initial : trainer.Checkpoint().Parameters, network.Parameters);
        Assert.Contains($"epoch {result.Epochs + 1}", result.Message);
        Assert.Contains("smaller learning rate", result.Message);
    }

    [Fact]
    public void ExplodingGradientsUnderAdamAreReportedAsDivergedAndTheRuleCanBeTurnedOff()
    {
        // As the CLI's default network on iris: two ReLU layers, softmax; Adam's steps of +-1e6 make activations huge.
        var data = Synthetic<double>(60, 4, 3, seed: 6);
        var spec = NetworkSpec.Input(4).Dense(32, Activation.Relu).Dense(16, Activation.Relu).Dense(3, Activation.Softmax);
        var network = spec.Build<double>(seed: 1);
        double[] initial = [.. network.Parameters];
        var result = new Trainer<double>(network, Loss.CrossEntropy, new Adam(1e6), new TrainingOptions { Epochs = 20, BatchSize = 4 }).Fit(data);
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Contains("gradient norm", result.Message);
        Assert.Contains("smaller learning rate", result.Message);
        Assert.Equal(initial, network.Parameters);

        // Without the rule the same run ends "normally": Adam's steps stay finite, so nothing else would catch it.
        var unguarded = new Trainer<double>(spec.Build<double>(seed: 1), Loss.CrossEntropy, new Adam(1e6),
            new TrainingOptions { Epochs = 20, BatchSize = 4, MaxGradientNorm = null }).Fit(data);
        Assert.Equal(StopReason.MaxEpochs, unguarded.Reason);
        Assert.Contains(unguarded.History, r => r.GradientNorm > 1e8);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { MaxGradientNorm = 0 });
    }

    [Fact]
    public void StepsAfterTheFirstEpochAllocateNothing()
    {
        var train = Synthetic<float>(640, 8, 3, seed: 1);
        var validation = Synthetic<float>(64, 8, 3, seed: 2);
        var network = NetworkSpec.Input(8).Dense(16, Activation.Relu).Dense(3, Activation.Softmax).Build<float>(seed: 1);
        const int epochs = 8;
        var trainer = new Trainer<float>(network, Loss.CrossEntropy, new Adam(0.01),
            new TrainingOptions { Epochs = epochs, BatchSize = 32, WeightDecay = 1e-4, Patience = 10 });
        var allocated = new long[epochs];
        trainer.Fit(train, validation, report => allocated[report.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread());
        // 20 steps per epoch; what an epoch allocates is its report, whatever the number of steps. The runtime itself
        // (tiered JIT promotions while other tests run in parallel) may allocate once on this thread in any one
        // epoch, so the steady state is the quietest of the later epochs, not a single chosen one.
        long quietest = long.MaxValue;
        for (int epoch = 4; epoch < epochs; epoch++)
            quietest = Math.Min(quietest, allocated[epoch] - allocated[epoch - 1]);
        Assert.True(quietest <= 256, $"every epoch from 5 to {epochs} allocated more than 256 bytes (at least {quietest})");
    }

    [Fact]
    public void OptionsAreCheckedWhenSet()
    {
        Assert.Contains("Epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 0 }).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { BatchSize = -1 }).Message);
        Assert.Contains("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { WeightDecay = double.NaN }).Message);
        Assert.Contains("Patience", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Patience = 0 }).Message);
        Assert.Contains("LossChangeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LossChangeTolerance = 0 }).Message);
        Assert.Contains("GradientNormTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { GradientNormTolerance = -1 }).Message);
        var defaults = new TrainingOptions();
        Assert.Equal(100, defaults.Epochs);
        Assert.Equal(32, defaults.BatchSize);
        Assert.True(defaults.Shuffle);
        Assert.Same(LearningRateSchedule.Constant, defaults.Schedule);
    }

    [Fact]
    public void TheTrainerRefusesStepUnitsWrongShapesAndPatienceWithoutValidation()
    {
        var step = NetworkSpec.Input(2).Dense(1, Activation.Step).Build<double>();
        var e = Assert.Throws<ArgumentException>(() => new Trainer<double>(step, Loss.SquaredError, new Sgd(0.1), new TrainingOptions()));
        Assert.Contains("step activation", e.Message);

        var network = NetworkSpec.Input(3).Dense(1, Activation.Sigmoid).Build<double>();
        var trainer = new Trainer<double>(network, Loss.SquaredError, new Sgd(0.1), new TrainingOptions());
        Assert.Contains("2 inputs", Assert.Throws<ArgumentException>(() => trainer.Fit(TrainerTests.Xor())).Message);

        var xorNet = NetworkSpec.Input(2).Dense(1, Activation.Sigmoid).Build<double>();
        var patient = new Trainer<double>(xorNet, Loss.SquaredError, new Sgd(0.1), new TrainingOptions { Patience = 3 });
        Assert.Contains("validation", Assert.Throws<ArgumentException>(() => patient.Fit(TrainerTests.Xor())).Message);
    }

    [Fact]
    public void RestoreRefusesAnotherNetworkOrOptimizer()
    {
        var trainer = new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, new Momentum(0.1), new TrainingOptions { Epochs = 2 });
        trainer.Fit(Line());
        var checkpoint = trainer.Checkpoint();
        var bigger = NetworkSpec.Input(1).Dense(2, Activation.Identity).Dense(1, Activation.Identity).Build<double>();
        Assert.Throws<ArgumentException>(() => new Trainer<double>(bigger, Loss.HalfSquaredError, new Momentum(0.1), new TrainingOptions()).Restore(checkpoint));
        Assert.Throws<ArgumentException>(() => new Trainer<double>(LinearUnit(), Loss.HalfSquaredError, new Adam(), new TrainingOptions()).Restore(checkpoint));
        var single = NetworkSpec.Input(1).Dense(1, Activation.Identity).Build<float>();
        Assert.Contains("64-bit", Assert.Throws<ArgumentException>(() => new Trainer<float>(single, Loss.HalfSquaredError, new Momentum(0.1), new TrainingOptions()).Restore(checkpoint)).Message);
    }

    [Fact]
    public void RestoreRefusesAnotherArchitectureWithTheSameParameterCount()
    {
        // 2 -> 6 -> 1 and 2 -> 3 -> 3 -> 1 both have 25 parameters; tanh and sigmoid hidden units the same count.
        var spec = NetworkSpec.Input(2).Dense(6, Activation.Tanh).Dense(1, Activation.Sigmoid);
        var deeper = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid);
        var sigmoid = NetworkSpec.Input(2).Dense(6, Activation.Sigmoid).Dense(1, Activation.Sigmoid);
        var noBias = NetworkSpec.Input(2).Dense(6, Activation.Tanh).Dense(1, Activation.Sigmoid, bias: false).Dense(1, Activation.Sigmoid, bias: false);
        Assert.Equal(spec.ParameterCount, deeper.ParameterCount);
        Assert.Equal(spec.ParameterCount, noBias.ParameterCount);
        var xor = Dataset<double>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        var options = new TrainingOptions { Epochs = 2 };
        var trainer = new Trainer<double>(spec.Build<double>(seed: 1), Loss.BinaryCrossEntropy, new Adam(0.01), options);
        trainer.Fit(xor);
        // Through the file, as a resume reads it.
        TrainingCheckpoint checkpoint = CheckpointFile.FromBytes(CheckpointFile.ToBytes(trainer.Checkpoint(), "")).Checkpoint;
        Assert.Equal(spec, checkpoint.Network);
        Assert.Equal("binary-cross-entropy", checkpoint.Loss);

        foreach (NetworkSpec other in new[] { deeper, sigmoid, noBias })
        {
            var e = Assert.Throws<ArgumentException>(() =>
                new Trainer<double>(other.Build<double>(seed: 1), Loss.BinaryCrossEntropy, new Adam(0.01), options).Restore(checkpoint));
            Assert.Contains($"the network {spec}", e.Message);
            Assert.Contains($"this trainer has {other}", e.Message);
        }
        var loss = Assert.Throws<ArgumentException>(() =>
            new Trainer<double>(spec.Build<double>(seed: 1), Loss.MeanSquaredError, new Adam(0.01), options).Restore(checkpoint));
        Assert.Contains("binary-cross-entropy loss", loss.Message);
        var optimizer = Assert.Throws<ArgumentException>(() =>
            new Trainer<double>(spec.Build<double>(seed: 1), Loss.BinaryCrossEntropy, new Nadam(0.01), options).Restore(checkpoint));
        Assert.Contains("optimizer 'adam'; this trainer has 'nadam'", optimizer.Message);

        // The same architecture restores and goes on.
        var same = new Trainer<double>(spec.Build<double>(seed: 5), Loss.BinaryCrossEntropy, new Adam(0.01), options with { Epochs = 3 });
        same.Restore(checkpoint);
        Assert.Equal(3, same.Fit(xor).Epochs);
    }
}
