using System.Numerics;
using Backprop.Activations;
using Backprop.Losses;
using Backprop.Numerics;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>
/// A training step on several threads splits the batch's rows once for the whole step; the gradients, the loss, the
/// input gradient and a whole training run are the one-thread results, bit for bit, for any thread count.
/// </summary>
public class SplitStepTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "softmax-ce", 64 }, { "softmax-ce", 67 }, { "sigmoid-mse", 61 }, { "no-bias-tanh", 101 }, { "wide-thin", 40 },
        // Enough rows for several parts per thread (four on two threads), claimed by whichever thread is free.
        { "softmax-ce", 301 }, { "softmax-ce", 800 },
        // W2's shape, smaller: four parts of dW1's rows on two threads, two of the next layer's (fewer inputs).
        { "wide-input", 64 }, { "wide-input", 256 },
    };

    private static (NetworkSpec Spec, Loss Loss) Case(string name) => name switch
    {
        // The output layer fuses its delta with the loss (softmax + cross-entropy); the hidden ReLU runs vector lanes.
        "softmax-ce" => (NetworkSpec.Input(40).Dense(200, Activation.Relu).Dense(100, Activation.Of<LeakyRelu>()).Dense(10, Activation.Softmax), Loss.CrossEntropy),
        // The loss gradient then the activation's derivative, separately.
        "sigmoid-mse" => (NetworkSpec.Input(90).Dense(400, Activation.Tanh).Dense(3, Activation.Sigmoid), Loss.MeanSquaredError),
        "no-bias-tanh" => (NetworkSpec.Input(150).Dense(120, Activation.Tanh, bias: false).Dense(7, Activation.Identity, bias: false), Loss.HalfSquaredError),
        // A long input row and one output: products whose C is thin (computed as C^T by the blocked kernel).
        "wide-thin" => (NetworkSpec.Input(700).Dense(90, Activation.Relu).Dense(1, Activation.Identity), Loss.MeanSquaredError),
        "wide-input" => (NetworkSpec.Input(800).Dense(200, Activation.Relu).Dense(10, Activation.Softmax), Loss.CrossEntropy),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepMatchesOneThreadInFloat(string name, int rows) => StepMatches<float>(name, rows);

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepMatchesOneThreadInDouble(string name, int rows) => StepMatches<double>(name, rows);

    [Fact]
    public void TrainingRunIsTheSameOnOneTwoAndThreeThreads()
    {
        var (spec, loss) = Case("softmax-ce");
        var data = Data<float>(spec, 300, seed: 5);
        byte[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var network = spec.Build<float>(seed: 6);
            network.Threads = threads;
            Assert.Equal(threads > 1, network.SplitsRows(64));
            new Trainer<float>(network, loss, new Momentum(0.05, 0.9), new TrainingOptions { Epochs = 3, BatchSize = 64, Seed = 7 }).Fit(data);
            byte[] bytes = new byte[network.Parameters.Length * sizeof(float)];
            Buffer.BlockCopy(network.Parameters, 0, bytes, 0, bytes.Length);
            first ??= bytes;
            Assert.Equal(first, bytes);
        }
    }

    // A network with enough parameters and inputs that the trainer's own passes split too (the batch's gather by rows;
    // weight decay, the epoch's mean gradient and the optimizer's update over fixed ranges): every optimizer, the
    // one-thread bytes on two and three threads.
    [Theory]
    [InlineData("sgd", 0.0)]
    [InlineData("momentum", 1e-3)]
    [InlineData("nesterov", 0.0)]
    [InlineData("adagrad", 0.0)]
    [InlineData("rmsprop", 1e-3)]
    [InlineData("adadelta", 0.0)]
    [InlineData("adam", 1e-3)]
    [InlineData("nadam", 0.0)]
    public void SplitUpdateIsTheSameOnOneTwoAndThreeThreads(string optimizer, double weightDecay)
    {
        var spec = NetworkSpec.Input(520).Dense(70, Activation.Relu).Dense(40, Activation.Tanh).Dense(10, Activation.Softmax);
        var data = Data<float>(spec, 200, seed: 11);
        byte[]? first = null;
        TrainingResult? firstResult = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var network = spec.Build<float>(seed: 12);
            network.Threads = threads;
            var chosen = Optimizer.Create(optimizer, 0.01);
            Assert.Equal(threads > 1, SplitPasses<float>.SplitsUpdate(threads, chosen, network.ParameterCount));
            Assert.Equal(threads > 1, SplitPasses<float>.SplitsGather(threads, 64, spec.Inputs));
            Assert.Equal(threads > 1, network.SplitsRows(64));
            var result = new Trainer<float>(network, Loss.CrossEntropy, chosen,
                new TrainingOptions { Epochs = 2, BatchSize = 64, Seed = 13, WeightDecay = weightDecay }).Fit(data);
            byte[] bytes = new byte[network.Parameters.Length * sizeof(float)];
            Buffer.BlockCopy(network.Parameters, 0, bytes, 0, bytes.Length);
            first ??= bytes;
            firstResult ??= result;
            Assert.Equal(first, bytes);
            Assert.Equal(firstResult.History[^1].TrainLoss, result.History[^1].TrainLoss);
            Assert.Equal(firstResult.History[^1].GradientNorm, result.History[^1].GradientNorm);
        }
    }

    // The trainer updates each layer's parameters inside the backward pass (on several threads, each part's rows of dW
    // as it finishes them): the same bytes as the plain step written out, the whole gradient first, then weight decay
    // and the optimizer's Step over all parameters.
    [Theory]
    [InlineData("sgd", 0.0, 1)]
    [InlineData("momentum", 1e-3, 1)]
    [InlineData("momentum", 1e-3, 2)]
    [InlineData("adam", 1e-3, 1)]
    [InlineData("adam", 0.0, 3)]
    [InlineData("adadelta", 1e-3, 2)]
    public void UpdateInBackwardIsTheStepAfterIt(string optimizer, double weightDecay, int threads)
    {
        var spec = NetworkSpec.Input(520).Dense(70, Activation.Relu).Dense(40, Activation.Tanh).Dense(10, Activation.Softmax);
        const int rows = 200, batch = 64, epochs = 2;
        var data = Data<float>(spec, rows, seed: 11);
        var trained = spec.Build<float>(seed: 12);
        trained.Threads = threads;
        var chosen = Optimizer.Create(optimizer, 0.01);
        Assert.True(SplitPasses<float>.UpdatesInBackward(trained, chosen, batch));
        new Trainer<float>(trained, Loss.CrossEntropy, chosen,
            new TrainingOptions { Epochs = epochs, BatchSize = batch, Seed = 13, WeightDecay = weightDecay }).Fit(data);

        var byHand = spec.Build<float>(seed: 12);
        var plain = Optimizer.Create(optimizer, 0.01);
        var shuffle = new ShuffleRandom(13);
        var order = new int[rows];
        var x = new float[batch * spec.Inputs];
        var t = new float[batch * 10];
        float decay = (float)weightDecay;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            shuffle.Permutation(order);
            for (int start = 0; start < rows; start += batch)
            {
                int n = Math.Min(batch, rows - start);
                for (int i = 0; i < n; i++)
                {
                    data.Inputs.AsSpan(order[start + i] * spec.Inputs, spec.Inputs).CopyTo(x.AsSpan(i * spec.Inputs));
                    data.Targets.AsSpan(order[start + i] * 10, 10).CopyTo(t.AsSpan(i * 10));
                }
                byHand.ComputeGradients(x.AsSpan(0, n * spec.Inputs), t.AsSpan(0, n * 10), n, Loss.CrossEntropy);
                if (weightDecay > 0)
                {
                    for (int i = 0; i < byHand.ParameterCount; i++)
                        byHand.Gradients[i] += decay * byHand.Parameters[i];
                }
                plain.Step<float>(byHand.Parameters, byHand.Gradients);
            }
        }
        Assert.Equal(byHand.Parameters, trained.Parameters);
    }

    // Inference splits the rows once for all layers (bias and activation too): the one-thread outputs, bit for bit,
    // also for a network that cannot be trained by gradients (a step layer) and for row counts that leave a partial tile.
    [Theory]
    [InlineData(64)]
    [InlineData(193)]
    [InlineData(800)]
    public void ForwardMatchesOneThread(int rows)
    {
        var spec = NetworkSpec.Input(120).Dense(150, Activation.Relu).Dense(60, Activation.Step).Dense(5, Activation.Softmax);
        var data = Data<float>(spec, rows, seed: 3);
        var one = spec.Build<float>(seed: 4);
        var expected = one.Forward(data.Inputs, rows).ToArray();
        foreach (int threads in new[] { 2, 3 })
        {
            var many = spec.Build<float>(seed: 4);
            many.Threads = threads;
            for (int pass = 0; pass < 2; pass++)
                Assert.Equal(expected, many.Forward(data.Inputs, rows).ToArray());
        }
    }

    [Fact]
    public void SplitStepAllocatesNothingOnTheCallingThread()
    {
        var (spec, loss) = Case("softmax-ce");
        var network = spec.Build<float>(seed: 8);
        network.Threads = 2;
        var data = Data<float>(spec, 64, seed: 9);
        Assert.True(network.SplitsRows(64));
        for (int i = 0; i < 3; i++)
            network.ComputeGradients(data.Inputs, data.Targets, 64, loss, inputGradient: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.ComputeGradients(data.Inputs, data.Targets, 64, loss, inputGradient: true);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void StepMatches<T>(string name, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (spec, loss) = Case(name);
        var data = Data<T>(spec, rows, seed: 1);
        var one = spec.Build<T>(seed: 2);
        double expectedLoss = one.ComputeGradients(data.Inputs, data.Targets, rows, loss, inputGradient: true);
        var expectedGradients = (T[])one.Gradients.Clone();
        var expectedInput = one.InputGradient.ToArray();
        var expectedOutput = one.Layers[^1].Y.ToArray();
        foreach (int threads in new[] { 2, 3 })
        {
            var many = spec.Build<T>(seed: 2);
            many.Threads = threads;
            Assert.True(many.SplitsRows(rows), $"{name} at {rows} rows does not take the split step");
            many.Forward(data.Inputs, rows);
            // Where the first layer's product reads W in place (few rows), the step splits it by columns.
            Assert.Equal(Gemm.SplitsColumns<T>(rows, spec.Inputs, many.Layers[0].Outputs), many.Layers[0].SplitsColumns);
            // Twice: the second step reuses every buffer the first sized.
            for (int step = 0; step < 2; step++)
            {
                Array.Fill(many.Gradients, T.NaN);
                double value = many.ComputeGradients(data.Inputs, data.Targets, rows, loss, inputGradient: true);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expectedLoss), BitConverter.DoubleToInt64Bits(value));
                Assert.Equal(expectedGradients, many.Gradients);
                Assert.Equal(expectedInput, many.InputGradient.ToArray());
                Assert.Equal(expectedOutput, many.Layers[^1].Y.ToArray());
            }
        }
    }

    private static Dataset<T> Data<T>(NetworkSpec spec, int rows, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int outputs = spec.Layers[^1].Units;
        var inputs = new T[rows * spec.Inputs];
        var targets = new T[rows * outputs];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        for (int r = 0; r < rows; r++)
            targets[r * outputs + random.Next(outputs)] = T.One;
        return new Dataset<T>(inputs, targets, rows, spec.Inputs, outputs);
    }
}
