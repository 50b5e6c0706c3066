using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Tests.Core;

/// <summary>Backpropagation against finite differences, for every activation with every loss it fits.</summary>
public class GradientCheckTests
{
    /// <summary>The documented bound in double.</summary>
    private const double DoubleBound = 1e-6;

    /// <summary>The documented bound in float: the loss itself is only good to ~1e-7, so differences carry ~1e-4.</summary>
    private const double FloatBound = 2e-2;

    /// <summary>
    /// Every registered hidden activation (softmax and RBF units included) with every (output activation, loss) pair
    /// that fits: each output activation with each squared-error loss, sigmoid with binary cross-entropy, softmax with
    /// cross-entropy. Step is left out: gradients cannot train it (NotesExamplesTests checks the refusal).
    /// </summary>
    public static TheoryData<string, string, string> Pairs()
    {
        var data = new TheoryData<string, string, string>();
        string[] outputActivations = Activation.All.Where(a => a.IsDifferentiable).Select(a => a.Name).ToArray();
        string[] hidden = [.. outputActivations, "rbf"];
        var outputs = new List<(string Output, string Loss)> { ("sigmoid", "binary-cross-entropy"), ("softmax", "cross-entropy") };
        foreach (var output in outputActivations)
        {
            foreach (var loss in new[] { "squared-error", "half-squared-error", "mse" })
            {
                outputs.Add((output, loss));
            }
        }
        foreach (var h in hidden)
        {
            foreach (var (output, loss) in outputs)
            {
                data.Add(h, output, loss);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void BackpropMatchesFiniteDifferencesAtEveryDepthWithAndWithoutBias(string hidden, string output, string lossName)
    {
        var loss = Loss.Parse(lossName);
        for (int depth = 1; depth <= 4; depth++)
        {
            foreach (bool bias in new[] { true, false })
            {
                int seed = depth * 10 + (bias ? 1 : 0);
                var result = Check<double>(hidden, output, loss, depth, bias, seed);
                Assert.True(result.MaxRelativeError <= DoubleBound,
                    $"{hidden}/{output}/{lossName} depth {depth} bias {bias}: {result}");
                Assert.True(result.Parameters > 0 && result.Inputs > 0);
            }
        }
    }

    [Theory]
    [InlineData("sigmoid", "binary-cross-entropy")]
    [InlineData("softmax", "cross-entropy")]
    [InlineData("identity", "half-squared-error")]
    public void MixedBiasesPerLayerMatchFiniteDifferences(string output, string lossName)
    {
        // Bias is chosen per layer: the notes' network has hidden biases and none in its output layer.
        bool[][] patterns = [[true, false], [false, true], [true, false, true], [false, true, false]];
        foreach (bool[] biases in patterns)
        {
            var spec = NetworkSpec.Input(3);
            for (int i = 0; i < biases.Length - 1; i++)
            {
                spec = spec.Dense(4, Activation.Tanh, biases[i]);
            }
            int outputs = output == "softmax" ? 3 : 2;
            var network = spec.Dense(outputs, Activation.Parse(output), biases[^1]).Build<double>(7, Initializer.Normal(0.7));
            int expectedParameters = 0, inputs = 3;
            for (int i = 0; i < biases.Length; i++)
            {
                int units = i == biases.Length - 1 ? outputs : 4;
                expectedParameters += inputs * units + (biases[i] ? units : 0);
                inputs = units;
            }
            Assert.Equal(expectedParameters, network.ParameterCount);

            var random = new Random(biases.Length);
            double[] x = [.. Enumerable.Range(0, 4 * 3).Select(_ => random.NextDouble() * 2 - 1)];
            var target = new double[4 * outputs];
            for (int r = 0; r < 4; r++)
            {
                for (int k = 0; k < outputs; k++)
                {
                    target[r * outputs + k] = output == "softmax" ? (k == r % outputs ? 1 : 0) : random.Next(2);
                }
            }
            var result = GradientCheck.Run(network, Loss.Parse(lossName), x, target, 4);
            Assert.True(result.MaxRelativeError <= DoubleBound, $"{string.Join(",", biases)}: {result}");
        }
    }

    [Theory]
    [InlineData("tanh", "softmax", "cross-entropy")]
    [InlineData("sigmoid", "sigmoid", "binary-cross-entropy")]
    [InlineData("relu", "identity", "mse")]
    [InlineData("rbf", "identity", "half-squared-error")]
    [InlineData("softplus", "softmax", "mse")]
    public void FloatGradientsMatchWithinTheDocumentedFloatBound(string hidden, string output, string lossName)
    {
        var result = Check<float>(hidden, output, Loss.Parse(lossName), depth: 3, bias: true, seed: 5);
        Assert.True(result.MaxRelativeError <= FloatBound, result.ToString());
    }

    /// <summary>Squared error's value with half squared error's gradient: backprop is off by a factor of 2.</summary>
    private sealed class HalvedGradientLoss : Loss
    {
        public override string Name => "halved";

        public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols) =>
            SquaredError.Value(output, target, rows, cols);

        public override void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols) =>
            HalfSquaredError.Gradient(output, target, dOutput, rows, cols);
    }

    [Fact]
    public void TheCheckCatchesAWrongBackward()
    {
        // A passing check means something only if a wrong gradient fails it: here every gradient is half the true one,
        // so each relative error is |g/2 - g| / |g| = 0.5 (up to the floor for near-zero gradients).
        var result = Check<double>("tanh", "identity", new HalvedGradientLoss(), depth: 2, bias: true, seed: 3);
        Assert.InRange(result.MaxParameterError, 0.49, 0.51);
        Assert.InRange(result.MaxInputError, 0.49, 0.51);
        Assert.InRange(result.MaxRelativeError, 0.49, 0.51);
    }

    [Fact]
    public void SoftmaxJacobianVectorProductEqualsTheExplicitJacobian()
    {
        var random = new Random(11);
        const int rows = 3, cols = 5;
        var z = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var dY = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var y = new double[rows * cols];
        var dZ = new double[rows * cols];
        Activation.Softmax.Forward<double>(z, y, rows, cols);
        Activation.Softmax.Backward<double>(z, y, dY, dZ, rows, cols);

        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < cols; i++)
            {
                // dZ_i = sum_j (dy_j / dz_i) dY_j with dy_j/dz_i = y_j (delta_ij - y_i).
                double expected = 0;
                for (int j = 0; j < cols; j++)
                {
                    double jacobian = y[r * cols + j] * ((i == j ? 1 : 0) - y[r * cols + i]);
                    expected += jacobian * dY[r * cols + j];
                }
                Assert.Equal(expected, dZ[r * cols + i], 14);
            }
        }
    }

    [Fact]
    public void FusedSoftmaxCrossEntropyGradientEqualsTheUnfusedOne()
    {
        var random = new Random(12);
        const int rows = 4, cols = 3;
        var z = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var d = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            d[r * cols + random.Next(cols)] = 1;
        }
        var y = new double[rows * cols];
        Activation.Softmax.Forward<double>(z, y, rows, cols);

        var fused = new double[rows * cols];
        Assert.True(Loss.CrossEntropy.TryFusedGradient(Activation.Softmax, y, d, fused, rows, cols));

        var dY = new double[rows * cols];
        var unfused = new double[rows * cols];
        Loss.CrossEntropy.Gradient<double>(y, d, dY, rows, cols);
        Activation.Softmax.Backward<double>(z, y, dY, unfused, rows, cols);

        for (int i = 0; i < fused.Length; i++)
        {
            Assert.Equal(unfused[i], fused[i], 13);
            Assert.Equal((y[i] - d[i]) / rows, fused[i], 15);
        }
    }

    [Fact]
    public void FusedSigmoidBinaryCrossEntropyEqualsTheUnfusedOne()
    {
        double[] z = [-1.5, 0.2, 2.0, 0.7];
        double[] d = [0, 1, 1, 0];
        var y = new double[4];
        Activation.Sigmoid.Forward<double>(z, y, 2, 2);
        var fused = new double[4];
        Assert.True(Loss.BinaryCrossEntropy.TryFusedGradient(Activation.Sigmoid, y, d, fused, 2, 2));
        var dY = new double[4];
        var unfused = new double[4];
        Loss.BinaryCrossEntropy.Gradient<double>(y, d, dY, 2, 2);
        Activation.Sigmoid.Backward<double>(z, y, dY, unfused, 2, 2);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(unfused[i], fused[i], 13);
        }
    }

    private static GradientCheckResult Check<T>(string hidden, string output, Loss loss, int depth, bool bias, int seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        const int inputs = 3, rows = 4;
        int outputs = output == "softmax" ? 3 : 2;
        var spec = NetworkSpec.Input(inputs);
        var random = new Random(seed);
        for (int layer = 0; layer < depth - 1; layer++)
        {
            int units = 3 + random.Next(3);
            spec = hidden == "rbf" ? spec.Rbf(units) : spec.Dense(units, Activation.Parse(hidden), bias);
        }
        spec = spec.Dense(outputs, Activation.Parse(output), bias);
        var network = spec.Build<T>(seed, Initializer.Normal(0.7));

        var x = new T[rows * inputs];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }
        var target = new T[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            if (loss is CrossEntropy)
            {
                target[r * outputs + random.Next(outputs)] = T.One;
            }
            else
            {
                for (int k = 0; k < outputs; k++)
                {
                    target[r * outputs + k] = T.CreateChecked(loss is BinaryCrossEntropy ? random.Next(2) : random.NextDouble());
                }
            }
        }
        return GradientCheck.Run(network, loss, x, target, rows);
    }
}
