using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Core;

// A network keeps its weights packed for the GEMM between passes while no public parameter array or span has been
// handed out; every way the library writes the weights must leave no stale packed copy. The reference is a Clone of
// the network as it stands (its own, freshly packed weights), which computes the same bits.
public class PackedWeightsTests
{
    // Rows enough for every layer's product to pack B (more than the blocked kernel reads in place).
    private const int Rows = 160, Inputs = 200;

    private static Network<float> Build(int threads)
    {
        var network = NetworkSpec.Input(Inputs).Dense(96, Activation.Relu).Dense(64, Activation.Tanh).Dense(10, Activation.Softmax)
            .Build<float>(seed: 1);
        network.Threads = threads;
        return network;
    }

    private static float[] Inputs01(int seed)
    {
        var random = new Random(seed);
        var x = new float[Rows * Inputs];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(random.NextDouble() * 2 - 1);
        return x;
    }

    private static void AssertCurrent(Network<float> network, float[] x, string after)
    {
        float[] actual = network.Forward(x, Rows).ToArray();
        var reference = network.Clone();
        float[] expected = reference.Forward(x, Rows).ToArray();
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"after {after}: the forward pass used stale packed weights");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrainingInitializingAndRestoringLeaveNoStaleCopy(int threads)
    {
        var network = Build(threads);
        var x = Inputs01(2);
        float[] before = network.Forward(x, Rows).ToArray();
        AssertCurrent(network, x, "building");

        network.Initialize(new Random(5));
        Assert.False(before.AsSpan().SequenceEqual(network.Forward(x, Rows)), "re-initialising changed nothing");
        AssertCurrent(network, x, "Initialize");

        var targets = new float[Rows * 10];
        for (int r = 0; r < Rows; r++)
            targets[r * 10 + r % 10] = 1;
        var data = new Dataset<float>(x, targets, Rows, Inputs, 10);
        float[] beforeFit = network.Forward(x, Rows).ToArray();
        new Trainer<float>(network, Loss.CrossEntropy, new Adam(0.01), new TrainingOptions { Epochs = 2, BatchSize = 40, Seed = 3 }).Fit(data);
        Assert.False(beforeFit.AsSpan().SequenceEqual(network.Forward(x, Rows)), "training changed nothing");
        AssertCurrent(network, x, "Fit");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void WritesThroughHandedOutArraysAndSpansAreSeen(int threads)
    {
        var network = Build(threads);
        var x = Inputs01(3);
        float[] parameters = network.Parameters;
        network.Forward(x, Rows);
        parameters[7] += 0.5f;
        AssertCurrent(network, x, "a write through Parameters held across a pass");

        var other = Build(threads);
        Span<float> weights = ((Dense<float>)other.Layers[1]).Weights;
        other.Forward(x, Rows);
        weights[3] -= 0.75f;
        AssertCurrent(other, x, "a write through a layer's Weights held across a pass");
    }

    // An update inside the backward pass (a network of at least 2^15 parameters) writes the weights the step read
    // packed: the next pass must not use the stale copy. The same bits as training a network whose parameters escaped,
    // which packs its own copy afresh on every pass.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnUpdateInTheBackwardPassGivesTheBitsOfAFreshPack(int threads)
    {
        const int inputs = 360, rows = 2 * Rows;
        Network<float> Big() =>
            NetworkSpec.Input(inputs).Dense(96, Activation.Relu).Dense(40, Activation.Tanh).Dense(10, Activation.Softmax)
                .Build<float>(seed: 4);
        var network = Big();
        var escaped = Big();
        network.Threads = escaped.Threads = threads;
        _ = escaped.Parameters;
        var optimizer = new Momentum(0.05, 0.9);
        Assert.True(SplitPasses<float>.UpdatesInBackward(network, optimizer, Rows), "the update does not go into the backward pass");
        Assert.True(Backprop.Numerics.Gemm.PacksB<float>(Rows, inputs, 96), "the first layer's weights are not packed");

        var random = new Random(6);
        var x = new float[rows * inputs];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(random.NextDouble() * 2 - 1);
        var targets = new float[rows * 10];
        for (int r = 0; r < rows; r++)
            targets[r * 10 + (r * 3) % 10] = 1;
        var data = new Dataset<float>(x, targets, rows, inputs, 10);
        var options = new TrainingOptions { Epochs = 3, BatchSize = Rows, Seed = 2, WeightDecay = 1e-3 };
        new Trainer<float>(network, Loss.CrossEntropy, optimizer, options).Fit(data);
        new Trainer<float>(escaped, Loss.CrossEntropy, new Momentum(0.05, 0.9), options).Fit(data);

        Assert.True(escaped.Parameters.AsSpan().SequenceEqual(network.ParameterArray), "training with the shared packed copy gave other bits");
        float[] actual = network.Forward(x.AsSpan(0, Rows * inputs), Rows).ToArray();
        Assert.True(escaped.Forward(x.AsSpan(0, Rows * inputs), Rows).SequenceEqual(actual), "the forward pass after training used a stale copy");
    }

    [Fact]
    public void ViewsAndModelsSeeTheTrainedWeights()
    {
        var network = Build(1);
        var view = network.WithSharedParameters();
        var x = Inputs01(4);
        view.Forward(x, Rows);
        var targets = new float[Rows * 10];
        for (int r = 0; r < Rows; r++)
            targets[r * 10 + (r * 7) % 10] = 1;
        new Trainer<float>(network, Loss.CrossEntropy, new Sgd(0.1), new TrainingOptions { Epochs = 1, BatchSize = Rows, Seed = 1 })
            .Fit(new Dataset<float>(x, targets, Rows, Inputs, 10));
        float[] expected = network.Clone().Forward(x, Rows).ToArray();
        Assert.True(expected.AsSpan().SequenceEqual(view.Forward(x, Rows)), "a view used weights packed before training");
    }
}
