using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Numerics;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>
/// Batch-one training goes through the same layers as every batch; a dense layer takes the matrix-vector kernels for one
/// pattern. Those give GEMM's bits: a row alone comes out as it does inside a larger batch, and its dW, dB and dX equal,
/// bit for bit, GEMM applied to the layer's own cached input and deltas.
/// </summary>
public class BatchOneTests
{
    public static TheoryData<string> Networks => ["xor", "tanh-identity", "sigmoid-bce", "relu-deep", "no-bias", "single-layer", "softplus-wide", "softmax"];

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
        "softmax" => (NetworkSpec.Input(4).Dense(6, Activation.Of<Gelu>()).Dense(3, Activation.Softmax), Loss.CrossEntropy),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void OneRowGivesGemmsBitsInFloat(string name) => SameAsGemm<float>(name);

    [Theory]
    [MemberData(nameof(Networks))]
    public void OneRowGivesGemmsBitsInDouble(string name) => SameAsGemm<double>(name);

    private static void SameAsGemm<T>(string name) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (spec, loss) = Case(name);
        var network = spec.Build<T>(seed: 3);
        var random = new Random(7);
        for (int trial = 0; trial < 10; trial++)
        {
            var x = Values<T>(random, 3 * network.Inputs, 2);
            var target = new T[network.Outputs];
            target[random.Next(target.Length)] = T.One;

            // The middle row of a three-row batch (GEMM) against the same row alone (the matrix-vector kernels).
            var inBatch = network.Forward(x, 3).Slice(network.Outputs, network.Outputs).ToArray();
            var row = x.AsSpan(network.Inputs, network.Inputs).ToArray();
            network.ComputeGradients(row, target, 1, loss, inputGradient: true);
            Assert.Equal(inBatch, network.Layers[^1].Y.ToArray());

            for (int l = 0; l < network.Layers.Count; l++)
            {
                var layer = (Dense<T>)network.Layers[l];
                var input = l == 0 ? row : network.Layers[l - 1].Y.ToArray();
                var dW = new T[layer.Inputs * layer.Outputs];
                Gemm.Multiply<T>(input, layer.Delta, dW, layer.Inputs, 1, layer.Outputs, transA: true);
                Assert.Equal(dW, layer.Gradients[..dW.Length].ToArray());
                if (layer.HasBias)
                {
                    Assert.Equal(layer.Delta.ToArray(), layer.Gradients[dW.Length..].ToArray());
                }
            }
            var first = (Dense<T>)network.Layers[0];
            var dX = new T[first.Inputs];
            Gemm.Multiply<T>(first.Delta, first.Weights, dX, 1, first.Outputs, first.Inputs, transB: true);
            Assert.Equal(dX, network.InputGradient.ToArray());

            // Move the parameters so the next trial sees new weights.
            var step = network.Gradients.ToArray();
            for (int i = 0; i < network.Parameters.Length; i++)
            {
                network.Parameters[i] -= T.CreateTruncating(0.1) * step[i];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void RowPathEqualsTheGeneralBackwardInFloat(string name) => SameAsGeneralBackward<float>(name);

    [Theory]
    [MemberData(nameof(Networks))]
    public void RowPathEqualsTheGeneralBackwardInDouble(string name) => SameAsGeneralBackward<double>(name);

    // ComputeGradients on one row (each small layer's fused kernel: dZ from dY, then dW, dB, dX) against the general
    // backward (the activation's Jacobian pass, then GEMM added into zeroed gradients): the same deltas, gradients and
    // input gradient, bit for bit.
    private static void SameAsGeneralBackward<T>(string name) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (spec, loss) = Case(name);
        var network = spec.Build<T>(seed: 5);
        var random = new Random(11);
        for (int trial = 0; trial < 10; trial++)
        {
            var row = Values<T>(random, network.Inputs, 2);
            var target = Values<T>(random, network.Outputs, 1);
            if (loss == Loss.CrossEntropy || loss == Loss.BinaryCrossEntropy)
            {
                Array.Clear(target);
                target[random.Next(target.Length)] = T.One;
            }
            network.ComputeGradients(row, target, 1, loss, inputGradient: true);
            var gradients = network.Gradients.ToArray();
            var deltas = network.Layers.Select(layer => layer.Delta.ToArray()).ToArray();
            var inputGradient = network.InputGradient.ToArray();

            network.ZeroGradients();
            network.Forward(row, 1);
            network.Backward(loss, target, inputGradient: true);
            Assert.Equal(network.Gradients, gradients);
            for (int l = 0; l < deltas.Length; l++)
            {
                Assert.Equal(network.Layers[l].Delta.ToArray(), deltas[l]);
            }
            Assert.Equal(network.InputGradient.ToArray(), inputGradient);
        }
    }

    [Fact]
    public void BatchOneStepsAllocateNothing()
    {
        // W1's network and loss on 256 rows, so that an epoch's 256 steps would show any allocation per step (24 bytes
        // each would be 6 KiB) beside its report.
        var x = new float[512];
        var t = new float[256];
        for (int i = 0; i < 256; i++)
        {
            x[2 * i] = i & 1;
            x[2 * i + 1] = (i >> 1) & 1;
            t[i] = (i & 1) ^ ((i >> 1) & 1);
        }
        var data = new Dataset<float>(x, t, 256, 2, 1);
        var network = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build<float>(seed: 0);
        const int epochs = 8;
        var allocated = new long[epochs];
        new Trainer<float>(network, Loss.MeanSquaredError, new Momentum(0.5, 0.5), new TrainingOptions { Epochs = epochs, BatchSize = 1, Seed = 2 })
            .Fit(data, onEpoch: report => allocated[report.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread());
        // The quietest later epoch: the runtime may allocate once on this thread in any one epoch (tiered JIT promotions).
        long quietest = long.MaxValue;
        for (int epoch = 4; epoch < epochs; epoch++)
        {
            quietest = Math.Min(quietest, allocated[epoch] - allocated[epoch - 1]);
        }
        Assert.True(quietest <= 256, $"every epoch from 5 to {epochs} allocated more than 256 bytes (at least {quietest})");
    }

    [Fact]
    public void TrainingAtBatchOneIsTheHandWrittenLoopOverComputeGradients()
    {
        var data = Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        var spec = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid);
        var trained = spec.Build<float>(seed: 0);
        new Trainer<float>(trained, Loss.MeanSquaredError, new Momentum(0.5, 0.5), new TrainingOptions { Epochs = 200, BatchSize = 1, Seed = 4 }).Fit(data);

        // The same run by hand: same shuffle, same gradients, same steps.
        var byHand = spec.Build<float>(seed: 0);
        var optimizer = new Momentum(0.5, 0.5);
        var shuffle = new ShuffleRandom(4);
        int[] order = [0, 1, 2, 3];
        for (int epoch = 0; epoch < 200; epoch++)
        {
            shuffle.Permutation(order);
            foreach (int r in order)
            {
                byHand.ComputeGradients(data.Inputs.AsSpan(r * 2, 2), data.Targets.AsSpan(r, 1), 1, Loss.MeanSquaredError);
                optimizer.Step<float>(byHand.Parameters, byHand.Gradients);
            }
        }
        Assert.Equal(byHand.Parameters, trained.Parameters);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(7, 33)]
    [InlineData(33, 7)]
    [InlineData(16, 257)]
    [InlineData(4, 1)]
    [InlineData(257, 1)]
    public void RowKernelsAreGemmForOneRowAndNearTheReference(int k, int n)
    {
        RowKernels<float>(k, n, 1e-5);
        RowKernels<double>(k, n, 1e-13);
    }

    private static void RowKernels<T>(int k, int n, double tolerance) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(k * 1000 + n);
        var x = Values<T>(random, k, 1);
        var w = Values<T>(random, k * n, 1);
        var d = Values<T>(random, n, 1);

        var z = new T[n];
        var gemm = new T[n];
        var reference = new T[n];
        Kernels.DenseRow<T, Identity>(x, w, [], z, new T[n], k, n);
        Gemm.Multiply<T>(x, w, gemm, 1, k, n);
        Gemm.MultiplyReference<T>(x, w, reference, 1, k, n);
        Assert.Equal(gemm, z);
        AssertNear(reference, z, tolerance * k);

        var outer = new T[k * n];
        var dB = new T[n];
        var back = new T[k];
        Kernels.DenseRowBackward<T>(x, d, w, outer, dB, back, k, n);
        Assert.Equal(d, dB);

        gemm = new T[k * n];
        reference = new T[k * n];
        Gemm.Multiply<T>(x, d, gemm, k, 1, n, transA: true);
        Gemm.MultiplyReference<T>(x, d, reference, k, 1, n, transA: true);
        Assert.Equal(gemm, outer);
        AssertNear(reference, outer, tolerance);

        gemm = new T[k];
        reference = new T[k];
        Gemm.Multiply<T>(d, w, gemm, 1, n, k, transB: true);
        Gemm.MultiplyReference<T>(d, w, reference, 1, n, k, transB: true);
        Assert.Equal(gemm, back);
        AssertNear(reference, back, tolerance * n);
    }

    private static T[] Values<T>(Random random, int count, double scale) where T : IBinaryFloatingPointIeee754<T>
    {
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = T.CreateTruncating((random.NextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    private static void AssertNear<T>(T[] expected, T[] actual, double tolerance) where T : IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(actual[i]);
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"element {i}: {a} against the reference's {e}");
        }
    }
}
