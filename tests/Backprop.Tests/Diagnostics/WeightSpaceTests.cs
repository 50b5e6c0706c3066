using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Diagnostics;

public class WeightSpaceTests
{
    [Fact]
    public void SurfaceIsZeroAtTheGeneratingWeights()
    {
        var space = WeightSpace.SigmoidUnit(seed: 1);
        Assert.Equal(0, space.LossAt(2, -1), 15);
        var surface = space.Surface(-3, 3, -3, 3, 61);
        Assert.Equal(61 * 61, surface.Loss.Length);
        int best = Array.IndexOf(surface.Loss, surface.Loss.Min());
        Assert.Equal((2.0, -1.0), (Math.Round(surface.W1[best % 61], 6), Math.Round(surface.W2[best / 61], 6)));
        Assert.Equal(space.LossAt(surface.W1[7], surface.W2[5]), surface.Loss[5 * 61 + 7], 15);
    }

    [Fact]
    public void FourPathsStartTogetherAndDescend()
    {
        var space = WeightSpace.SigmoidUnit(seed: 1);
        var paths = space.NotesPaths(-2, 2.5, learningRate: 2, epochs: 30, batchSize: 8, alpha: 0.7, seed: 3);

        Assert.Equal(["gd", "sgd", "mini-batch", "momentum"], paths.Select(p => p.Name));
        Assert.All(paths, p => Assert.Equal((-2.0, 2.5), (p.W1[0], p.W2[0])));
        Assert.Equal(31, paths[0].W1.Length);
        Assert.Equal(1 + 30 * 40, paths[1].W1.Length);
        Assert.Equal(1 + 30 * 5, paths[2].W1.Length);
        Assert.All(paths, p => Assert.True(p.Loss[^1] < p.Loss[0], $"{p.Name}: {p.Loss[0]} -> {p.Loss[^1]}"));
        // From the plateau where it starts, plain descent crawls; momentum and the noisier methods get through.
        Assert.All(paths.Skip(1), p => Assert.True(p.Loss[^1] < paths[0].Loss[^1] / 10, $"{p.Name}: {p.Loss[^1]}"));
        // Full-batch descent with a small enough rate never goes uphill.
        Assert.All(paths[0].Loss.Zip(paths[0].Loss.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
    }

    [Fact]
    public void FirstGradientStepIsMinusEtaTimesTheFiniteDifferenceGradient()
    {
        var space = WeightSpace.SigmoidUnit(seed: 2);
        var path = space.Descend("gd", "", new Sgd(0.5), 0.3, -0.7, 0, 1, 1);
        const double h = 1e-5;
        double g1 = (space.LossAt(0.3 + h, -0.7) - space.LossAt(0.3 - h, -0.7)) / (2 * h);
        double g2 = (space.LossAt(0.3, -0.7 + h) - space.LossAt(0.3, -0.7 - h)) / (2 * h);
        Assert.Equal(0.3 - 0.5 * g1, path.W1[1], 9);
        Assert.Equal(-0.7 - 0.5 * g2, path.W2[1], 9);
        Assert.Equal(space.LossAt(path.W1[1], path.W2[1]), path.Loss[1], 15);
    }

    [Fact]
    public void TwoChosenWeightsOfALargerNetworkMoveAloneAndTheCallersNetworkIsUntouched()
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<double>(seed: 4);
        var before = (double[])network.Parameters.Clone();
        var data = new Dataset<double>([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        var space = new WeightSpace(network, Loss.HalfSquaredError, data, 2, 9);
        Assert.Equal((before[2], before[9]), space.Start);

        // The loss at the start is the network's own loss.
        network.Forward(data.Inputs, 4);
        Assert.Equal(network.Loss(Loss.HalfSquaredError, data.Targets), space.LossAt(before[2], before[9]), 15);

        // One gradient-descent step moves the two weights by -eta times their own partial derivatives.
        var path = space.Descend("gd", "", new Sgd(0.5), before[2], before[9], batchSize: 0, epochs: 1, seed: 1);
        network.ComputeGradients(data.Inputs, data.Targets, 4, Loss.HalfSquaredError);
        Assert.Equal(before[2] - 0.5 * network.Gradients[2], path.W1[1], 12);
        Assert.Equal(before[9] - 0.5 * network.Gradients[9], path.W2[1], 12);
        Assert.Equal(before, network.Parameters);

        // Every other parameter stays where it was: the loss there equals a network with just those two changed.
        var moved = network.Clone();
        moved.Parameters[2] = 0.3;
        moved.Parameters[9] = -1.1;
        moved.Forward(data.Inputs, 4);
        Assert.Equal(moved.Loss(Loss.HalfSquaredError, data.Targets), space.LossAt(0.3, -1.1), 15);
        Assert.Throws<ArgumentException>(() => new WeightSpace(network, Loss.HalfSquaredError, data, 3, 3));
        Assert.Throws<ArgumentException>(() => new WeightSpace(network, Loss.HalfSquaredError, data, 0, network.ParameterCount));
    }

    [Fact]
    public void PreconditionsThrow()
    {
        var three = NetworkSpec.Input(2).Dense(1, Activation.Sigmoid).Build<double>();
        var data = new Dataset<double>([0, 1], [1], 1, 2, 1);
        Assert.Throws<ArgumentException>(() => new WeightSpace(three, Loss.HalfSquaredError, data));
        var two = NetworkSpec.Input(2).Dense(1, Activation.Sigmoid, bias: false).Build<double>();
        Assert.Throws<ArgumentException>(() => new WeightSpace(two, Loss.HalfSquaredError, new Dataset<double>([0, 1, 2], [1], 1, 3, 1)));
        var space = WeightSpace.SigmoidUnit(1);
        Assert.Throws<ArgumentException>(() => space.Surface(1, 1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => space.Descend("x", "", new Sgd(1), 0, 0, 0, 0, 1));
    }
}
