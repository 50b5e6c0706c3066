using Backprop.Activations;
using Backprop.Rules;

namespace Backprop.Tests.Rules;

public class GeneralizedDeltaUnitTests
{
    [Fact]
    public void Sigmoid_first_update_matches_hand_computation()
    {
        var u = new GeneralizedDeltaUnit(Activation.Sigmoid, [0.5, -0.5], 0);
        // z = 0, y = 0.5, f'(0) = 0.25, delta = 1 - 0.5 = 0.5;
        // step = eta delta f'(z) = 0.5 * 0.5 * 0.25 = 0.0625 times x = (1, 1) and the bias input 1.
        Assert.Equal(0.5, u.Update([1, 1], 1, 0.5), 12);
        Assert.Equal(0.5625, u.Weights[0], 12);
        Assert.Equal(-0.4375, u.Weights[1], 12);
        Assert.Equal(0.0625, u.Bias, 12);
    }

    [Fact]
    public void Identity_activation_gives_the_adaline_rule()
    {
        var g = new GeneralizedDeltaUnit(Activation.Identity, [0.2, -0.1], 0.1);
        var a = new Adaline([0.2, -0.1], 0.1);
        g.Update([1, 2], 1, 0.1);
        a.Update([1, 2], 1, 0.1);
        Assert.Equal(a.Weights, g.Weights);
        Assert.Equal(a.Bias, g.Bias);
    }

    [Fact]
    public void Sigmoid_unit_learns_or()
    {
        GeneralizedDeltaUnit u = GeneralizedDeltaUnit.Random(Activation.Sigmoid, 2, seed: 6);
        double[] d = [.. RuleData.Or.Select(v => (double)v)];
        IReadOnlyList<double> mse = u.Train(RuleData.Binary2, d, new RuleOptions(learningRate: 2, epochs: 2000));
        for (int i = 0; i < d.Length; i++)
            Assert.True(Math.Abs(u.Output(RuleData.Binary2[i]) - d[i]) < 0.2, $"pattern {i}: y = {u.Output(RuleData.Binary2[i])}");
        Assert.True(mse[^1] < mse[0]);
    }

    [Fact]
    public void Refuses_activations_without_a_usable_derivative()
    {
        Assert.Throws<ArgumentException>(() => new GeneralizedDeltaUnit(Activation.Step, [1], 0));
        Assert.Throws<ArgumentException>(() => new GeneralizedDeltaUnit(Activation.Softmax, [1], 0));
    }

    [Fact]
    public void Prints_and_checks()
    {
        Assert.Equal("GeneralizedDeltaUnit(Sigmoid, 1 inputs, w = [1], b = 0)",
            new GeneralizedDeltaUnit(Activation.Sigmoid, [1], 0).ToString());
        var u = new GeneralizedDeltaUnit(Activation.Tanh, [1], 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => u.Update([1], 1, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => u.Update([1, 2], 1, 0.1));
    }
}
