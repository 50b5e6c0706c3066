using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Tests.Diagnostics;

// 003: the softmax example, Jacobians, linear collapse and vanishing gradients.
public class SeeingMoreTests
{
    [Fact]
    public void SoftmaxOfTheNotesExample()
    {
        var probe = ActivationProbe.At(Activation.Softmax, [2, -1.99, -0.01]);
        Assert.Equal(0.868, probe.Y[0], 3);
        Assert.Equal(0.016, probe.Y[1], 3);
        Assert.Equal(0.116, probe.Y[2], 3);
        Assert.False(probe.IsDiagonal);
        // diag(y) - y y^T
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                Assert.Equal((i == j ? probe.Y[i] : 0) - probe.Y[i] * probe.Y[j], probe.Jacobian[i * 3 + j], 12);
        }
        Assert.True(probe.MaxDifference < 1e-8);
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("softplus")]
    [InlineData("identity")]
    public void ElementwiseJacobiansAreDiagonalAndMatchFiniteDifferences(string name)
    {
        var probe = ActivationProbe.At(Activation.Parse(name), [-1.5, 0.3, 2]);
        Assert.True(probe.IsDiagonal);
        Assert.True(probe.MaxDifference < 1e-8, $"{probe.MaxDifference}");
    }

    [Fact]
    public void ReluTakesOneAtZeroAsTheNotesDo()
    {
        var probe = ActivationProbe.At(Activation.Relu, [-1, 0, 2]);
        Assert.Equal([0.0, 1, 1], [probe.Jacobian[0], probe.Jacobian[4], probe.Jacobian[8]]);
        Assert.Equal(0.5, probe.Numeric[4], 9); // the central difference straddles the kink
    }

    [Fact]
    public void TwoLinearLayersAreOne()
    {
        var network = NetworkSpec.Input(3).Dense(4, Activation.Identity).Dense(2, Activation.Identity).Build<double>(5);
        var w1 = ((Dense<double>)network.Layers[0]).Weights.ToArray();
        var w2 = ((Dense<double>)network.Layers[1]).Weights.ToArray();
        ((Dense<double>)network.Layers[0]).Biases.Fill(0.25);
        ((Dense<double>)network.Layers[1]).Biases.Fill(-0.5);

        var single = LinearCollapse.Collapse(network);

        var w = ((Dense<double>)single.Layers[0]).Weights;
        Assert.Equal(w1[0] * w2[0] + w1[1] * w2[2] + w1[2] * w2[4] + w1[3] * w2[6], w[0], 12); // (W1 W2)[0, 0]
        double[] x = [0.3, -1.2, 2.5, 1, 0, -1];
        var a = network.Forward(x, 2).ToArray();
        var b = single.Forward(x, 2).ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(a[i], b[i], 12);
        Assert.Throws<ArgumentException>(() => LinearCollapse.Collapse(NetworkSpec.Input(2).Dense(2, Activation.Tanh).Build<double>()));
    }

    [Fact]
    public void SigmoidGradientsVanishTowardsTheInputAndReluOnesDoNot()
    {
        var set = Backprop.Data.Synthetic.Spirals(64, 1);
        var target = Backprop.Data.OneHot.Encode(set.Labels, set.Classes);
        var sigmoid = GradientFlow.LayerNorms(GradientFlow.Deep(2, 8, 32, Activation.Sigmoid, set.Classes, 0), set.Features, target,
            set.Rows, Loss.CrossEntropy);
        var relu = GradientFlow.LayerNorms(GradientFlow.Deep(2, 8, 32, Activation.Relu, set.Classes, 0), set.Features, target,
            set.Rows, Loss.CrossEntropy);

        // Each sigmoid layer multiplies by at most 1/4: the first layer's gradient is orders of magnitude below the last hidden one's.
        Assert.True(sigmoid[0] < sigmoid[^2] * 1e-3, $"{sigmoid[0]} vs {sigmoid[^2]}");
        Assert.True(relu[0] > relu[^2] * 1e-2, $"{relu[0]} vs {relu[^2]}");
    }
}
