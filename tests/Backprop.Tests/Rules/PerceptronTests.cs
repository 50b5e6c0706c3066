using Backprop.Rules;

namespace Backprop.Tests.Rules;

public class PerceptronTests
{
    [Fact]
    public void Output_fires_at_exactly_the_threshold()
    {
        var p = new Perceptron([1, 1], -2);
        Assert.Equal(1, p.Output([1, 1]));   // z = 0 >= 0
        Assert.Equal(0, p.Output([1, 0]));   // z = -1
    }

    [Fact]
    public void Update_follows_W_plus_eta_d_minus_y_x_only_on_errors()
    {
        var p = new Perceptron(2);
        // z = 0 so y = 1, but d = 0: W = W + 0.5 (0 - 1) (1, 2, 1) = (-0.5, -1, -0.5).
        Assert.True(p.Update([1, 2], 0, 0.5));
        Assert.Equal([-0.5, -1.0], p.Weights);
        Assert.Equal(-0.5, p.Bias);
        // Now z = -0.5 - 2 - 0.5 < 0, y = 0 = d: no change.
        Assert.False(p.Update([1, 2], 0, 0.5));
        Assert.Equal([-0.5, -1.0], p.Weights);
    }

    [Theory]
    [InlineData("and")]
    [InlineData("or")]
    public void Converges_on_linearly_separable_gates(string gate)
    {
        int[] labels = gate == "and" ? RuleData.And : RuleData.Or;
        var p = new Perceptron(2);
        ConvergenceResult r = p.Train(RuleData.Binary2, labels, new RuleOptions(learningRate: 1, epochs: 100));
        Assert.True(r.Converged, r.ToString());
        Assert.Equal(0, r.ErrorsPerEpoch[^1]);
        Assert.Equal(r.Epochs, r.ErrorsPerEpoch.Count);
        Assert.Equal(r.ErrorsPerEpoch.Sum(), r.Updates);
        Assert.Equal(1.0, p.Accuracy(RuleData.Binary2, labels));
        Assert.StartsWith("converged after", r.ToString());
    }

    [Fact]
    public void Converges_on_a_seeded_separable_cloud()
    {
        (double[][] x, int[] y) = RuleData.LinearCloud(seed: 7, n: 100);
        Perceptron p = Perceptron.Random(2, seed: 3);
        ConvergenceResult r = p.Train(x, y, new RuleOptions(learningRate: 0.1, epochs: 1000, shuffleSeed: 11));
        Assert.True(r.Converged, r.ToString());
        Assert.True(r.Updates > 0);
        Assert.Equal(1.0, p.Accuracy(x, y));
    }

    [Fact]
    public void Does_not_converge_on_xor_and_says_so()
    {
        var p = new Perceptron(2);
        ConvergenceResult r = p.Train(RuleData.Binary2, RuleData.Xor, new RuleOptions(learningRate: 1, epochs: 50));
        Assert.False(r.Converged);
        Assert.Equal(50, r.Epochs);
        Assert.All(r.ErrorsPerEpoch, e => Assert.True(e > 0));
        Assert.Contains("did not converge within 50 epochs", r.ToString());
        Assert.True(p.Accuracy(RuleData.Binary2, RuleData.Xor) < 1.0);
    }

    [Fact]
    public void Shuffled_training_is_reproducible()
    {
        (double[][] x, int[] y) = RuleData.LinearCloud(seed: 1, n: 60);
        var options = new RuleOptions(learningRate: 0.1, epochs: 500, shuffleSeed: 5);
        Perceptron a = Perceptron.Random(2, 9), b = Perceptron.Random(2, 9);
        Assert.Equal(a.Train(x, y, options).Updates, b.Train(x, y, options).Updates);
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.Bias, b.Bias);
    }

    [Fact]
    public void Prints_as_what_it_is()
    {
        Assert.Equal("Perceptron(2 inputs, w = [1, 1], b = -1.5)", new Perceptron([1, 1], -1.5).ToString());
    }

    [Fact]
    public void Bad_settings_throw_naming_the_value()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Perceptron(0));
        Assert.Throws<ArgumentException>(() => new Perceptron([double.NaN], 0));
        var p = new Perceptron(2);
        var ex = Assert.Throws<ArgumentException>(() => p.Train(RuleData.Binary2, [0, 1, 2, 0], new RuleOptions()));
        Assert.Contains("Label 2 is 2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => p.Train([[0, 0], [1]], [0, 1], new RuleOptions()));
        Assert.Contains("row 1 has 1 values", ex.Message);
        Assert.Throws<ArgumentException>(() => p.Train(RuleData.Binary2, [0, 1], new RuleOptions()));
        Assert.Throws<ArgumentException>(() => p.Output([1, 2, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Update([1, 2], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Update([1, 2], -1, 1));
    }

    [Fact]
    public void Options_check_their_values()
    {
        Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => new RuleOptions(learningRate: -1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RuleOptions(learningRate: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RuleOptions(epochs: 0));
        var o = new RuleOptions();
        Assert.Equal((0.1, 100, (int?)null), (o.LearningRate, o.Epochs, o.ShuffleSeed));
    }
}
