using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Tests.Core;

public class NetworkTests
{
    [Fact]
    public void ParameterCountCountsWeightsAndBiasesPerLayer()
    {
        var spec = NetworkSpec.Input(2).Dense(2, Activation.Sigmoid).Dense(1, Activation.Sigmoid);
        Assert.Equal(9, spec.ParameterCount);
        Assert.Equal(9, spec.Build<float>().ParameterCount);

        var noOutputBias = NetworkSpec.Input(2).Dense(2, Activation.Sigmoid).Dense(1, Activation.Sigmoid, bias: false);
        Assert.Equal(8, noOutputBias.Build<double>().ParameterCount);

        var mnist = NetworkSpec.Input(784).Dense(256, Activation.Relu).Dense(128, Activation.Relu).Dense(10, Activation.Softmax);
        Assert.Equal(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, mnist.ParameterCount);

        Assert.Equal(3 * 5 + 5, NetworkSpec.Input(3).Rbf(5).ParameterCount);
    }

    [Fact]
    public void SameSeedGivesSameWeightsAndOtherSeedsDiffer()
    {
        var spec = NetworkSpec.Input(4).Dense(8, Activation.Tanh).Dense(3, Activation.Softmax);
        var a = spec.Build<double>(seed: 7);
        var b = spec.Build<double>(seed: 7);
        var c = spec.Build<double>(seed: 8);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.NotEqual(a.Parameters, c.Parameters);
        Assert.Equal(spec.Build<float>(seed: 7).Parameters, a.Parameters.Select(v => (float)v).ToArray());
    }

    [Fact]
    public void InitializersDrawFromTheirDistributions()
    {
        var random = new Random(3);
        var xavier = Enumerable.Range(0, 10_000).Select(_ => Initializer.Xavier.Sample(random, 30, 20)).ToArray();
        double limit = Math.Sqrt(6.0 / 50);
        Assert.All(xavier, w => Assert.InRange(w, -limit, limit));
        Assert.InRange(xavier.Average(), -0.01, 0.01);

        var he = Enumerable.Range(0, 20_000).Select(_ => Initializer.He.Sample(random, 50, 10)).ToArray();
        double variance = he.Select(w => w * w).Average();
        Assert.InRange(variance, 2.0 / 50 * 0.95, 2.0 / 50 * 1.05);

        var uniform = Enumerable.Range(0, 1000).Select(_ => Initializer.Uniform(0.3).Sample(random, 1, 1)).ToArray();
        Assert.All(uniform, w => Assert.InRange(w, -0.3, 0.3));

        var normal = Enumerable.Range(0, 20_000).Select(_ => Initializer.Normal(0.5).Sample(random, 1, 1)).ToArray();
        Assert.InRange(Math.Sqrt(normal.Select(w => w * w).Average()), 0.48, 0.52);
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializer.Uniform(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializer.Normal(-1));
    }

    [Fact]
    public void NetworkPrintsItsArchitecture()
    {
        var net = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid, bias: false).Build<float>();
        Assert.Equal("Dense(2 -> 4, Sigmoid) -> Dense(4 -> 1, Sigmoid, no bias)", net.ToString());
    }

    [Fact]
    public void ForwardKeepsEveryLayersZAndY()
    {
        var net = NetworkSpec.Input(3).Dense(4, Activation.Tanh).Dense(2, Activation.Sigmoid).Build<double>(seed: 1);
        var x = new double[] { 0.1, -0.2, 0.3, 1, 2, 3 };
        var y = net.Forward(x, 2).ToArray();
        var hidden = net.Layers[0];
        for (int i = 0; i < hidden.Z.Length; i++)
        {
            Assert.Equal(Math.Tanh(hidden.Z[i]), hidden.Y[i], 15);
        }
        Assert.Equal(y, net.Layers[1].Y.ToArray());
        Assert.Equal(4, hidden.Z.Length / 2);
    }

    [Fact]
    public void ShapeErrorsNameBothShapes()
    {
        var net = NetworkSpec.Input(3).Dense(2, Activation.Sigmoid).Build<double>();
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(new double[5], 2));
        Assert.Contains("5", ex.Message);
        Assert.Contains("6", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSpec.Input(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSpec.Input(2).Dense(0, Activation.Relu));
        Assert.Throws<InvalidOperationException>(() => NetworkSpec.Input(2).Build<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Threads = 0);
        var loss = Assert.Throws<ArgumentException>(() => Loss.SquaredError.Value<double>([1, 2], [1], 1, 2));
        Assert.Contains("target has 1", loss.Message);
    }

    [Fact]
    public void UnknownNamesListTheValidOnes()
    {
        var a = Assert.Throws<ArgumentException>(() => Activation.Parse("swish"));
        Assert.Contains("sigmoid", a.Message);
        Assert.Contains("softplus", a.Message);
        var l = Assert.Throws<ArgumentException>(() => Loss.Parse("hinge"));
        Assert.Contains("binary-cross-entropy", l.Message);
        Assert.Same(Activation.Relu, Activation.Parse("ReLU"));
        Assert.Same(Loss.MeanSquaredError, Loss.Parse("mse"));
    }

    [Fact]
    public void LossesComputeTheNotesFormulas()
    {
        double[] y = [0.2, 0.7, 0.1, 0.6, 0.3, 0.1];
        double[] d = [0, 1, 0, 1, 0, 0];
        // Per pattern sum (t - y)^2, averaged over the 2 patterns.
        double se = ((0.04 + 0.09 + 0.01) + (0.16 + 0.09 + 0.01)) / 2;
        Assert.Equal(se, Loss.SquaredError.Value<double>(y, d, 2, 3), 12);
        Assert.Equal(se / 2, Loss.HalfSquaredError.Value<double>(y, d, 2, 3), 12);
        Assert.Equal(se * 2 / 6, Loss.MeanSquaredError.Value<double>(y, d, 2, 3), 12);
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.6)) / 2, Loss.CrossEntropy.Value<double>(y, d, 2, 3), 12);
        double bce = -(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.7) + Math.Log(0.9)) / 2;
        Assert.Equal(bce, Loss.BinaryCrossEntropy.Value<double>(y, d, 2, 3), 12);

        var g = new double[6];
        Loss.SquaredError.Gradient<double>(y, d, g, 2, 3);
        Assert.Equal(2 * (0.7 - 1) / 2, g[1], 12);
        Loss.HalfSquaredError.Gradient<double>(y, d, g, 2, 3);
        Assert.Equal((0.7 - 1) / 2, g[1], 12);
    }

    [Fact]
    public void LogLossesStayFiniteAtZeroAndOne()
    {
        Assert.True(double.IsFinite(Loss.CrossEntropy.Value<double>([0, 1], [1, 0], 1, 2)));
        Assert.True(double.IsFinite(Loss.BinaryCrossEntropy.Value<double>([0, 1], [1, 0], 1, 2)));
        Assert.True(float.IsFinite((float)Loss.BinaryCrossEntropy.Value<float>([0f, 1f], [1f, 0f], 1, 2)));
        var g = new double[2];
        Loss.BinaryCrossEntropy.Gradient<double>([0, 1], [1, 0], g, 1, 2);
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void SoftmaxSubtractsTheRowMaximumSoHugeLogitsStayFinite()
    {
        // softmax(z + c) = softmax(z): [1000, 1001, 999] gives what [0, 1, -1] gives, where e^1000 alone would overflow.
        // softmax([0, 1, -1]) = [e^0, e^1, e^-1] / (1 + e + 1/e) = [0.24472847105479767, 0.6652409557748219, 0.09003057317038046].
        double[] expected = [0.24472847105479767, 0.6652409557748219, 0.09003057317038046];
        var y = new double[3];
        Activation.Softmax.Forward<double>([1000, 1001, 999], y, 1, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], y[i], 15);
        }
        var yf = new float[3];
        Activation.Softmax.Forward<float>([1000f, 1001f, 999f], yf, 1, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], yf[i], 6);
        }

        // A confidently wrong prediction: the loss is large but finite, and the fused gradient is y - d.
        var net = NetworkSpec.Input(1).Dense(2, Activation.Softmax, bias: false).Build<double>();
        net.Parameters[0] = 2000;
        net.Parameters[1] = -2000;
        double loss = net.ComputeGradients([1], [0, 1], 1, Loss.CrossEntropy);
        Assert.Equal(4000, loss, 9); // from the logits (2000, -2000): logsumexp - z_1 = 4000, not the clamped log's 34.5
        Assert.Equal([1.0, -1.0], net.Gradients);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ATrainingStepsOverwrittenGradientsEqualZeroingThenAccumulating(bool bias)
    {
        var spec = NetworkSpec.Input(3).Rbf(4).Dense(5, Activation.Tanh, bias).Dense(3, Activation.Softmax, bias);
        var random = new Random(4);
        var x = Enumerable.Range(0, 6 * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var target = new double[6 * 3];
        for (int r = 0; r < 6; r++)
            target[r * 3 + random.Next(3)] = 1;

        var overwritten = spec.Build<double>(seed: 2);
        overwritten.Gradients.AsSpan().Fill(123);   // stale values a step must not add to
        overwritten.ComputeGradients(x, target, 6, Loss.CrossEntropy);

        var accumulated = spec.Build<double>(seed: 2);
        accumulated.ZeroGradients();
        accumulated.Forward(x, 6);
        accumulated.Backward(Loss.CrossEntropy, target);

        Assert.Equal(accumulated.Gradients, overwritten.Gradients);
        Assert.Contains(overwritten.Gradients, g => g != 0);
    }
}
