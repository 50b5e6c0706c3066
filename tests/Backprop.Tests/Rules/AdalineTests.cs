using Backprop.Rules;

namespace Backprop.Tests.Rules;

public class AdalineTests
{
    [Fact]
    public void First_update_matches_hand_computation()
    {
        var a = new Adaline([0.2, -0.1], 0.1);
        // z = 0.2*1 - 0.1*2 + 0.1 = 0.1; delta = 1 - 0.1 = 0.9;
        // w = (0.2 + 0.1*0.9*1, -0.1 + 0.1*0.9*2) = (0.29, 0.08); b = 0.1 + 0.1*0.9 = 0.19.
        Assert.Equal(0.9, a.Update([1, 2], 1, 0.1), 12);
        Assert.Equal(0.29, a.Weights[0], 12);
        Assert.Equal(0.08, a.Weights[1], 12);
        Assert.Equal(0.19, a.Bias, 12);
    }

    [Fact]
    public void Learns_a_linear_target()
    {
        var rng = new Random(21);
        double[][] x = [.. Enumerable.Range(0, 50).Select(_ => new[] { 2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1 })];
        double[] d = [.. x.Select(v => 2 * v[0] - 3 * v[1] + 1)];
        Adaline a = Adaline.Random(2, seed: 2);
        IReadOnlyList<double> mse = a.Train(x, d, new RuleOptions(learningRate: 0.05, epochs: 200, shuffleSeed: 8));
        Assert.True(mse[^1] < 1e-8, $"final MSE {mse[^1]}");
        Assert.True(mse[^1] < mse[0]);
        Assert.Equal(2, a.Weights[0], 3);
        Assert.Equal(-3, a.Weights[1], 3);
        Assert.Equal(1, a.Bias, 3);
    }

    [Fact]
    public void Thresholded_output_is_1_for_z_at_least_0()
    {
        var a = new Adaline([1], -1);
        Assert.Equal(1, a.Output([1]));
        Assert.Equal(0, a.Output([0.5]));
        Assert.Equal(-0.5, a.NetInput([0.5]));
    }

    [Fact]
    public void Prints_and_checks()
    {
        Assert.Equal("Adaline(2 inputs, w = [0, 0], b = 0)", new Adaline(2).ToString());
        var a = new Adaline(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Update([1, 1], double.NaN, 0.1));
        Assert.Contains("Target 1 is", Assert.Throws<ArgumentException>(() => a.Train([[0, 0], [1, 1]], [0, double.NaN], new RuleOptions())).Message);
        Assert.Contains("row 0, column 1", Assert.Throws<ArgumentException>(() => a.Train([[0, double.NaN]], [0], new RuleOptions())).Message);
        Assert.Throws<ArgumentException>(() => a.Train([], [], new RuleOptions()));
    }
}
