using System.Numerics;
using Backprop.Activations;
using Backprop.Losses;

namespace Backprop.Tests.Core;

/// <summary>
/// Cross-entropy after softmax and binary cross-entropy after sigmoid, valued from the logits: exact where the
/// probabilities round to 0 or 1 (the clamped log capped these at 34.5 in double and about 16 in float).
/// </summary>
public class StableLossTests
{
    public static TheoryData<double> Logits => [15, 20, 40, 100];

    /// <summary>log(1 + x) for small x by its series, to well under 1e-16 relative for x below 1e-6.</summary>
    private static double Log1PSeries(double x) => x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4;

    [Theory]
    [MemberData(nameof(Logits))]
    public void SigmoidBinaryCrossEntropyIsExactAtLargeLogits(double logit)
    {
        double small = Log1PSeries(Math.Exp(-logit));   // -log s(L) = log(1 + e^-L)
        double large = logit + small;                    // -log(1 - s(L)) = L + log(1 + e^-L)

        AssertRelative(small, SigmoidLoss<double>(logit, target: 1), 1e-12);
        AssertRelative(large, SigmoidLoss<double>(logit, target: 0), 1e-12);
        AssertRelative(small, SigmoidLoss<double>(-logit, target: 0), 1e-12);
        AssertRelative(large, SigmoidLoss<double>(-logit, target: 1), 1e-12);

        AssertRelative(small, SigmoidLoss<float>(logit, target: 1), 1e-5);
        AssertRelative(large, SigmoidLoss<float>(logit, target: 0), 1e-5);
        AssertRelative(small, SigmoidLoss<float>(-logit, target: 0), 1e-5);
        AssertRelative(large, SigmoidLoss<float>(-logit, target: 1), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Logits))]
    public void SoftmaxCrossEntropyIsExactAtLargeLogits(double logit)
    {
        // Logits (L, 0, 0): p0 = 1 / (1 + 2e^-L), p1 = p2 = e^-L / (1 + 2e^-L).
        double small = Log1PSeries(2 * Math.Exp(-logit));   // -log p0
        double large = logit + small;                        // -log p1

        AssertRelative(small, SoftmaxLoss<double>(logit, targetClass: 0), 1e-12);
        AssertRelative(large, SoftmaxLoss<double>(logit, targetClass: 1), 1e-12);
        AssertRelative(small, SoftmaxLoss<float>(logit, targetClass: 0), 1e-5);
        AssertRelative(large, SoftmaxLoss<float>(logit, targetClass: 2), 1e-5);
    }

    [Fact]
    public void LogitValuesEqualProbabilityValuesAtModerateLogits()
    {
        var random = new Random(7);
        double[] z = new double[4 * 3];
        double[] d = new double[4 * 3];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = random.NextDouble() * 8 - 4;
        }
        for (int r = 0; r < 4; r++)
        {
            d[r * 3 + r % 3] = 1;
        }
        // Soft targets too: binary cross-entropy takes any d in [0, 1].
        double[] soft = [.. d.Select((v, i) => i % 2 == 0 ? 0.25 : v)];

        double[] p = new double[z.Length];
        Activation.Softmax.Forward<double>(z, p, 4, 3);
        Assert.True(Loss.CrossEntropy.TryValueFromLogits<double>(Activation.Softmax, z, d, 4, 3, out double fromLogits));
        Assert.Equal(Loss.CrossEntropy.Value<double>(p, d, 4, 3), fromLogits, 12);

        Activation.Sigmoid.Forward<double>(z, p, 4, 3);
        Assert.True(Loss.BinaryCrossEntropy.TryValueFromLogits<double>(Activation.Sigmoid, z, soft, 4, 3, out fromLogits));
        Assert.Equal(Loss.BinaryCrossEntropy.Value<double>(p, soft, 4, 3), fromLogits, 12);
    }

    [Fact]
    public void OtherPairsHaveNoLogitForm()
    {
        double[] z = [1, 2];
        double[] d = [0, 1];
        Assert.False(Loss.CrossEntropy.TryValueFromLogits<double>(Activation.Sigmoid, z, d, 1, 2, out _));
        Assert.False(Loss.BinaryCrossEntropy.TryValueFromLogits<double>(Activation.Softmax, z, d, 1, 2, out _));
        Assert.False(Loss.MeanSquaredError.TryValueFromLogits<double>(Activation.Identity, z, d, 1, 2, out _));

        // The network then values the loss from its outputs, as before.
        var network = NetworkSpec.Input(1).Dense(2, Activation.Sigmoid).Build<double>(seed: 1);
        ReadOnlySpan<double> y = network.Forward([0.5], 1);
        Assert.Equal(Loss.CrossEntropy.Value<double>(y, d, 1, 2), network.Loss(Loss.CrossEntropy, d), 15);
    }

    /// <summary>The loss of a one-unit sigmoid network whose logit is <paramref name="logit"/>, as training reports it.</summary>
    private static double SigmoidLoss<T>(double logit, double target) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = NetworkSpec.Input(1).Dense(1, Activation.Sigmoid).Build<T>(seed: 1);
        network.Parameters[0] = T.CreateChecked(logit);   // w
        network.Parameters[1] = T.Zero;                   // b
        network.Forward([T.One], 1);
        return network.Loss(Loss.BinaryCrossEntropy, [T.CreateChecked(target)]);
    }

    /// <summary>The loss of a 1 -> 3 softmax network with logits (L, 0, 0) for a one-hot target.</summary>
    private static double SoftmaxLoss<T>(double logit, int targetClass) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = NetworkSpec.Input(1).Dense(3, Activation.Softmax).Build<T>(seed: 1);
        network.Parameters.AsSpan().Clear();
        network.Parameters[0] = T.CreateChecked(logit);
        network.Forward([T.One], 1);
        var target = new T[3];
        target[targetClass] = T.One;
        return network.Loss(Loss.CrossEntropy, target);
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2}, allowed {tolerance:E0})");
}
