using System.Numerics;
using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>The per-pattern path for small networks against the batched path at batch 1: bit-identical.</summary>
public class PatternGradientTests
{
    public static TheoryData<string> Networks => ["xor", "tanh-identity", "sigmoid-bce", "relu-deep", "no-bias", "single-layer", "softplus-wide"];

    private static (NetworkSpec Spec, Loss Loss) Case(string name) => name switch
    {
        "xor" => (NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid), Loss.MeanSquaredError),
        "tanh-identity" => (NetworkSpec.Input(3).Dense(5, Activation.Tanh).Dense(5, Activation.Tanh).Dense(2, Activation.Identity), Loss.HalfSquaredError),
        "sigmoid-bce" => (NetworkSpec.Input(4).Dense(7, Activation.Sigmoid).Dense(3, Activation.Sigmoid), Loss.BinaryCrossEntropy),
        "relu-deep" => (NetworkSpec.Input(5).Dense(9, Activation.Relu).Dense(9, Activation.Relu).Dense(9, Activation.Relu).Dense(2, Activation.Sigmoid), Loss.SquaredError),
        "no-bias" => (NetworkSpec.Input(3).Dense(4, Activation.Tanh, bias: false).Dense(1, Activation.Sigmoid, bias: false), Loss.MeanSquaredError),
        "single-layer" => (NetworkSpec.Input(6).Dense(3, Activation.Sigmoid), Loss.BinaryCrossEntropy),
        // Wider than a Vector<T>: the dot products of dX take their vector path.
        "softplus-wide" => (NetworkSpec.Input(33).Dense(40, Activation.Softplus).Dense(17, Activation.Identity), Loss.MeanSquaredError),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAreBitIdenticalToTheBatchedPathInFloat(string name) => SameGradients<float>(name);

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAreBitIdenticalToTheBatchedPathInDouble(string name) => SameGradients<double>(name);

    private static void SameGradients<T>(string name) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (spec, loss) = Case(name);
        var network = spec.Build<T>(seed: 3);
        var pattern = PatternGradient<T>.TryCreate(network, loss);
        Assert.NotNull(pattern);
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = new T[network.Inputs];
            var target = new T[network.Outputs];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = T.CreateTruncating(random.NextDouble() * 4 - 2);
            }
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = T.CreateTruncating(random.Next(2));
            }
            double batched = network.ComputeGradients(x, target, 1, loss);
            var expected = network.Gradients.ToArray();
            double single = pattern.Compute(x, target);
            Assert.Equal(batched, single);
            Assert.Equal(expected, network.Gradients);
            // Move the parameters so the next trial sees new weights.
            for (int i = 0; i < network.Parameters.Length; i++)
            {
                network.Parameters[i] -= T.CreateTruncating(0.1) * expected[i];
            }
        }
    }

    [Fact]
    public void TrainingAtBatchOneGivesTheSameWeightsAsTheBatchedPath()
    {
        var data = Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        var spec = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid);
        var fast = spec.Build<float>(seed: 0);
        new Trainer<float>(fast, Loss.MeanSquaredError, new Momentum(0.5, 0.5), new TrainingOptions { Epochs = 200, BatchSize = 1, Seed = 4 }).Fit(data);

        // The same run by hand through the batched path: same shuffle, same gradients, same steps.
        var slow = spec.Build<float>(seed: 0);
        var optimizer = new Momentum(0.5, 0.5);
        var shuffle = new ShuffleRandom(4);
        int[] order = [0, 1, 2, 3];
        for (int epoch = 0; epoch < 200; epoch++)
        {
            shuffle.Permutation(order);
            foreach (int r in order)
            {
                slow.ComputeGradients(data.Inputs.AsSpan(r * 2, 2), data.Targets.AsSpan(r, 1), 1, Loss.MeanSquaredError);
                optimizer.Step<float>(slow.Parameters, slow.Gradients);
            }
        }
        Assert.Equal(slow.Parameters, fast.Parameters);
    }

    [Fact]
    public void NetworksItCannotTakeGetNoPath()
    {
        // Softmax acts on rows, not elements.
        Assert.Null(PatternGradient<float>.TryCreate(
            NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(3, Activation.Softmax).Build<float>(), Loss.CrossEntropy));
        // Hidden layers with different activations.
        Assert.Null(PatternGradient<float>.TryCreate(
            NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(4, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<float>(), Loss.MeanSquaredError));
        // A layer too large for GEMM's direct loop.
        Assert.Null(PatternGradient<float>.TryCreate(
            NetworkSpec.Input(784).Dense(256, Activation.Relu).Dense(1, Activation.Sigmoid).Build<float>(), Loss.MeanSquaredError));
        // An RBF layer.
        Assert.Null(PatternGradient<float>.TryCreate(NetworkSpec.Input(2).Rbf(3).Dense(1, Activation.Sigmoid).Build<float>(), Loss.MeanSquaredError));
    }
}
