using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Tests.Core;

/// <summary>
/// The registries (<see cref="Activation.All"/>, <see cref="LayerKind.All"/>, <see cref="Loss.All"/>): names and tags are
/// unique and found back, and every registered activation and layer kind survives a model file as itself.
/// </summary>
public class RegistryTests
{
    public static TheoryData<string> ActivationNames => [.. Activation.All.Select(a => a.Name)];

    [Fact]
    public void NamesAndTagsAreUniqueAndFoundBack()
    {
        Assert.Equal(Activation.All.Count, Activation.All.Select(a => a.Name).Distinct().Count());
        Assert.Equal(LayerKind.All.Count, LayerKind.All.Select(k => k.Name).Distinct().Count());
        Assert.Equal(LayerKind.All.Count, LayerKind.All.Select(k => k.Tag).Distinct().Count());
        Assert.Equal(Loss.All.Count, Loss.All.Select(l => l.Name).Distinct().Count());
        foreach (var activation in Activation.All)
        {
            Assert.Same(activation, Activation.Parse(activation.Name.ToUpperInvariant()));
        }
        foreach (var kind in LayerKind.All)
        {
            Assert.Same(kind, LayerKind.Find(kind.Name));
            Assert.Same(kind, LayerKind.FromTag(kind.Tag));
        }
        Assert.Same(Activation.Relu, Activation.Of<Relu>());
        Assert.Null(LayerKind.Find("conv"));
    }

    [Fact]
    public void KindsAnswerWhatTheyAre()
    {
        Assert.Same(Initializer.He, Activation.Relu.DefaultInitializer);
        Assert.Same(Initializer.Xavier, Activation.Sigmoid.DefaultInitializer);
        Assert.False(Activation.Step.IsDifferentiable);
        Assert.True(Activation.Softmax.IsDifferentiable);
        Assert.Equal("dense", new DenseSpec(2, Activation.Tanh).Kind.Name);
        Assert.Equal("rbf", new RbfSpec(2).Kind.Name);
        Assert.Null(DenseSpec.Declared.FromUnits);
        Assert.Equal(new RbfSpec(5), RbfSpec.Declared.FromUnits!(5));
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void EveryActivationRoundTripsThroughAModelFile(string name)
    {
        var activation = Activation.Parse(name);
        var spec = NetworkSpec.Input(3).Dense(4, activation).Rbf(2).Dense(2, activation, bias: false);
        var network = spec.Build<double>(seed: 4, Initializer.Normal(0.8));
        var classifier = new Schema(TaskKind.Classification, "y", ["a", "b", "c"],
            new StandardScaler([0.0, 1.0, 2.0], [1.0, 2.0, 3.0]), ["p", "q"], null);
        var model = new Model<double>(network, classifier, Loss.MeanSquaredError);
        var loaded = Assert.IsType<Model<double>>(ModelFile.FromBytes(ModelFile.ToBytes(model)));
        Assert.Equal(spec, loaded.Spec);
        Assert.Same(activation, ((DenseSpec)loaded.Spec.Layers[0]).Activation);
        Assert.Equal(network.Parameters, loaded.Network.Parameters);
        double[] x = [0.5, -1, 2, 3, 0, -2];
        Assert.Equal(model.Predict(x, 2), loaded.Predict(x, 2));
    }
}
