using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

public class TrainerTests
{
    internal static Dataset<double> Xor() => Dataset<double>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);

    internal static void AssertWithin(Network<double> network, Dataset<double> data, double tolerance)
    {
        var y = network.Forward(data.Inputs, data.Rows);
        for (int i = 0; i < data.Targets.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - data.Targets[i]) < tolerance, $"output {i}: {y[i]} vs target {data.Targets[i]}");
        }
    }

    /// <summary>Counts steps and otherwise does plain gradient descent.</summary>
    private sealed class CountingSgd(double learningRate) : Optimizer(learningRate)
    {
        public int Calls { get; private set; }

        public override string Name => "sgd";

        protected override int StateVectors => 0;

        protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t)
        {
            Calls++;
            Backprop.Numerics.UpdateKernels.Run(new Backprop.Numerics.SgdRule<T>(T.CreateTruncating(LearningRate)), parameters, gradients, default, default);
        }
    }

    [Fact]
    public void XorIsLearnedByA221SigmoidNetworkWithPlainSgd()
    {
        var network = NetworkSpec.Input(2).Dense(2, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build<double>(seed: 1);
        var trainer = new Trainer<double>(network, Loss.SquaredError, new Sgd(2.0), new TrainingOptions { Epochs = 3000, BatchSize = 0 });
        var result = trainer.Fit(Xor());
        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.Equal(3000, result.Epochs);
        AssertWithin(network, Xor(), 0.1);
    }

    [Theory]
    [InlineData(0, 1)] // full batch: one update per epoch
    [InlineData(1, 10)] // stochastic: T updates
    [InlineData(3, 4)] // mini-batches of 3: ceil(10 / 3)
    [InlineData(5, 2)]
    [InlineData(32, 1)] // a batch larger than T is the full batch
    public void BatchModesMakeTheRightNumberOfUpdates(int batchSize, int perEpoch)
    {
        Assert.Equal(perEpoch, Trainer<double>.UpdatesPerEpoch(10, batchSize));
        var random = new Random(5);
        var inputs = new double[10 * 2];
        var targets = new double[10];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = random.NextDouble();
        }
        var data = Dataset<double>.FromDoubles(inputs, targets, 10, 2, 1);
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Identity).Build<double>(seed: 2);
        var optimizer = new CountingSgd(0.01);
        var trainer = new Trainer<double>(network, Loss.HalfSquaredError, optimizer, new TrainingOptions { Epochs = 3, BatchSize = batchSize });
        var result = trainer.Fit(data);
        Assert.Equal(3 * perEpoch, optimizer.Calls);
        Assert.Equal(3 * perEpoch, result.Updates);
        Assert.All(result.History, r => Assert.Equal(perEpoch, r.Updates));
    }

    [Fact]
    public void MiniBatchesComeFromAFreshSeededShuffleEveryEpoch()
    {
        // 7 rows in batches of 3 (3, 3, 1) with plain SGD: the trainer's run must equal one by hand that draws a new
        // row order from the seeded generator at the start of every epoch and steps once per slice of it.
        const int rows = 7, inputs = 2;
        var random = new Random(6);
        var x = new double[rows * inputs];
        var t = new double[rows];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 2 * random.NextDouble() - 1;
        }
        for (int r = 0; r < rows; r++)
        {
            t[r] = random.NextDouble();
        }
        var data = Dataset<double>.FromDoubles(x, t, rows, inputs, 1);
        var spec = NetworkSpec.Input(inputs).Dense(3, Activation.Tanh).Dense(1, Activation.Identity);
        TrainingOptions Options(int seed) => new() { Epochs = 5, BatchSize = 3, Seed = seed };

        var trained = spec.Build<double>(seed: 3);
        new Trainer<double>(trained, Loss.MeanSquaredError, new Sgd(0.1), Options(8)).Fit(data);

        var byHand = spec.Build<double>(seed: 3);
        var sgd = new Sgd(0.1);
        var shuffle = new Backprop.Training.ShuffleRandom(8);
        var order = new int[rows];
        var orders = new List<int[]>();
        var batchX = new double[3 * inputs];
        var batchT = new double[3];
        for (int epoch = 0; epoch < 5; epoch++)
        {
            shuffle.Permutation(order);
            orders.Add([.. order]);
            for (int start = 0; start < rows; start += 3)
            {
                int n = Math.Min(3, rows - start);
                for (int i = 0; i < n; i++)
                {
                    int r = order[start + i];
                    x.AsSpan(r * inputs, inputs).CopyTo(batchX.AsSpan(i * inputs));
                    batchT[i] = t[r];
                }
                byHand.ComputeGradients(batchX.AsSpan(0, n * inputs), batchT.AsSpan(0, n), n, Loss.MeanSquaredError);
                sgd.Step<double>(byHand.Parameters, byHand.Gradients);
            }
        }
        Assert.Equal(byHand.Parameters, trained.Parameters);

        // The order is really redrawn (not one shuffle reused), and another seed trains differently.
        Assert.Contains(orders.Skip(1), o => !o.SequenceEqual(orders[0]));
        Assert.DoesNotContain(orders, o => o.SequenceEqual(Enumerable.Range(0, rows)));
        var otherSeed = spec.Build<double>(seed: 3);
        new Trainer<double>(otherSeed, Loss.MeanSquaredError, new Sgd(0.1), Options(9)).Fit(data);
        Assert.NotEqual(trained.Parameters, otherSeed.Parameters);
    }
}
