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

        protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t)
        {
            Calls++;
            Backprop.Numerics.UpdateKernels.Sgd(parameters, gradients, T.CreateTruncating(LearningRate));
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
}
