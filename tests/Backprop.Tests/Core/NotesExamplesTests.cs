using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Tests.Core;

/// <summary>The lecture notes' worked examples, with their numbers.</summary>
public class NotesExamplesTests
{
    [Fact]
    public void SingleUnitComputesTheNotesWeightedSumAndSigmoid()
    {
        // x = [0.5, 0.6, 0.1], w = [0.2, 0.3, 0.9], b = 0.5: z = 0.87, sigmoid(z) = 0.705.
        var net = NetworkSpec.Input(3).Dense(1, Activation.Sigmoid).Build<double>();
        double[] w = [0.2, 0.3, 0.9, 0.5];
        w.CopyTo(net.Parameters, 0);

        var y = net.Forward([0.5, 0.6, 0.1], 1);

        Assert.Equal(0.87, net.Layers[0].Z[0], 12);
        Assert.Equal(0.705, y[0], 3);
        Assert.Equal(1 / (1 + Math.Exp(-0.87)), y[0], 15);
    }

    [Fact]
    public void XorWithTwoReluHiddenUnitsComputesZeroOneOneZero()
    {
        // W = [[1, 1], [1, 1]], b = [0, -1], output weights [1, -2], output bias 0.
        var net = NetworkSpec.Input(2).Dense(2, Activation.Relu).Dense(1, Activation.Identity).Build<double>();
        double[] parameters = [1, 1, 1, 1, 0, -1, 1, -2, 0];
        parameters.CopyTo(net.Parameters, 0);

        var y = net.Forward([0, 0, 0, 1, 1, 0, 1, 1], 4).ToArray();

        Assert.Equal([0.0, 1.0, 1.0, 0.0], y);
    }

    [Fact]
    public void SoftmaxReproducesTheNotesExample()
    {
        // z = [2, -1.99, -0.01] gives y = [0.868, 0.016, 0.116].
        var y = new double[3];
        Activation.Softmax.Forward<double>([2, -1.99, -0.01], y, 1, 3);

        Assert.Equal(0.868, y[0], 3);
        Assert.Equal(0.016, y[1], 3);
        Assert.Equal(0.116, y[2], 3);
        Assert.Equal(1.0, y.Sum(), 12);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(4.0)]
    public void DerivativesMatchTheNotesClosedForms(double z)
    {
        double s = Sigmoid.Forward(z);
        Assert.Equal(s * (1 - s), Sigmoid.Derivative(z, s), 15);
        Assert.Equal(Numeric(Sigmoid.Forward, z), Sigmoid.Derivative(z, s), 9);

        double t = Tanh.Forward(z);
        Assert.Equal(1 - t * t, Tanh.Derivative(z, t), 15);
        Assert.Equal(Numeric(Tanh.Forward, z), Tanh.Derivative(z, t), 9);

        double sp = Softplus.Forward(z);
        Assert.Equal(Math.Log(1 + Math.Exp(z)), sp, 12);
        Assert.Equal(s, Softplus.Derivative(z, sp), 15);
        Assert.Equal(Numeric(Softplus.Forward, z), Softplus.Derivative(z, sp), 9);
    }

    [Fact]
    public void ReluDerivativeIsOneFromZeroUpAndZeroBelow()
    {
        Assert.Equal(1.0, Relu.Derivative(0.0, 0.0));
        Assert.Equal(1.0, Relu.Derivative(2.5, 2.5));
        Assert.Equal(0.0, Relu.Derivative(-1e-9, 0.0));
        Assert.Equal(0.0, Relu.Forward(-3.0));
    }

    [Fact]
    public void StepIsAThresholdAndCannotBeTrainedByGradients()
    {
        Assert.Equal(1.0, Step.Forward(0.0));
        Assert.Equal(0.0, Step.Forward(-0.1));
        var net = NetworkSpec.Input(2).Dense(1, Activation.Step).Build<double>();
        var ex = Assert.Throws<InvalidOperationException>(() => net.ComputeGradients([1, 0], [1], 1, Loss.SquaredError));
        Assert.Contains("step", ex.Message);
        Assert.Contains("perceptron", ex.Message);
        Assert.False(net.IsDifferentiable);
    }

    [Fact]
    public void SoftplusStaysFiniteForLargeInputs()
    {
        Assert.Equal(1000.0, Softplus.Forward(1000.0), 9);
        Assert.Equal(0.0, Softplus.Forward(-1000.0), 12);
        Assert.Equal(1000f, Softplus.Forward(1000f));
    }

    private static double Numeric(Func<double, double> f, double z, double h = 1e-5) => (f(z + h) - f(z - h)) / (2 * h);
}
