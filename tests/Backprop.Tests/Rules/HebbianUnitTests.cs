using Backprop.Rules;

namespace Backprop.Tests.Rules;

public class HebbianUnitTests
{
    [Fact]
    public void Update_follows_w_plus_eta_x_y()
    {
        var u = new HebbianUnit([0.5, -0.25], 0.1);
        // y = 0.5*1 - 0.25*2 + 0.1 = 0.1; w = (0.5 + 0.1*1*0.1, -0.25 + 0.1*2*0.1) = (0.51, -0.23); b = 0.1 + 0.1*0.1 = 0.11.
        Assert.Equal(0.1, u.Update([1, 2], 0.1), 12);
        Assert.Equal(0.51, u.Weights[0], 12);
        Assert.Equal(-0.23, u.Weights[1], 12);
        Assert.Equal(0.11, u.Bias, 12);
    }

    [Fact]
    public void Weight_norm_grows_without_bound()
    {
        double[][] x = [[1, 0], [0, 1], [1, 1], [-1, 0.5]];
        HebbianUnit u = HebbianUnit.Random(2, seed: 4, scale: 0.1);
        IReadOnlyList<double> norms = u.Train(x, new RuleOptions(learningRate: 0.05, epochs: 60));
        Assert.Equal(61, norms.Count);
        for (int e = 1; e < norms.Count; e++) Assert.True(norms[e] > norms[e - 1], $"epoch {e}: {norms[e]} <= {norms[e - 1]}");
        // Every bound is passed after finitely many epochs (geometric growth).
        foreach (double bound in new[] { 10.0, 1e3, 1e6 })
            Assert.Contains(norms, n => n > bound);
        Assert.Equal(u.WeightNorm, norms[^1]);
    }

    [Fact]
    public void Zero_weights_stay_zero_because_y_is_zero()
    {
        var u = new HebbianUnit([0, 0], 0);
        IReadOnlyList<double> norms = u.Train([[1, 1]], new RuleOptions(epochs: 5));
        Assert.All(norms, n => Assert.Equal(0, n));
    }

    [Fact]
    public void Prints_and_checks()
    {
        Assert.Equal("HebbianUnit(1 inputs, w = [2], b = 0)", new HebbianUnit([2], 0).ToString());
        // Hebb's weights grow without bound: large and small numbers read as the command's (not 2.186E+09).
        Assert.Equal("HebbianUnit(2 inputs, w = [2.186e+09, 123456], b = 1.5e-07)", new HebbianUnit([2.186e9, 123456], 1.5e-7).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => HebbianUnit.Random(2, 1, scale: 0));
        Assert.Throws<ArgumentException>(() => new HebbianUnit([], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HebbianUnit([1], double.PositiveInfinity));
    }
}
