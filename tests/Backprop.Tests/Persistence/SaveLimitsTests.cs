using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Tests.Persistence;

/// <summary>Saving refuses exactly what loading would refuse, so no model is written that can never be read.</summary>
public class SaveLimitsTests
{
    private static Model<float> Classifier(NetworkSpec hidden)
    {
        var network = hidden.Dense(2, Activation.Softmax).Build<float>(seed: 1);
        var schema = new Schema(TaskKind.Classification, "y", ["a"], new StandardScaler([0.0], [1.0]), ["no", "yes"], null);
        return new Model<float>(network, schema, Loss.CrossEntropy);
    }

    private static NetworkSpec Hidden(int layers)
    {
        var spec = NetworkSpec.Input(1);
        for (int i = 0; i < layers; i++)
            spec = spec.Dense(1, Activation.Tanh);
        return spec;
    }

    [Fact]
    public void The1023HiddenLayersTheLoaderAcceptsAreSavedAnd1024AreRefused()
    {
        var atLimit = Classifier(Hidden(ModelFile.MaxLayers - 1));
        Assert.Equal(ModelFile.MaxLayers, ModelFile.FromBytes(ModelFile.ToBytes(atLimit)).Spec.Layers.Count);

        var over = Classifier(Hidden(ModelFile.MaxLayers));
        var error = Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(over));
        Assert.Contains($"more than the {ModelFile.MaxLayers}", error.Message);
    }

    [Fact]
    public void ANaNWeightIsRefused()
    {
        var model = Classifier(Hidden(1));
        model.Network.Parameters[1] = float.NaN;
        Assert.Contains("parameter 1 is NaN", Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model)).Message);
    }

    [Fact]
    public void LimitsOnUnitsAndParametersAreCheckedIn64Bits()
    {
        // 2^24 + 1 units, and 65536 x 65536 weights (2^32: an int product wraps to 0).
        var wide = NetworkSpec.Input(1).Dense(ModelFile.MaxUnits + 1, Activation.Tanh).Dense(2, Activation.Softmax);
        Assert.Contains("16777217 units", Assert.Throws<ArgumentException>(() => ModelFile.CheckLimits(wide)).Message);
        var square = NetworkSpec.Input(4).Dense(65536, Activation.Relu).Dense(65536, Activation.Relu).Dense(2, Activation.Softmax);
        Assert.Contains("268435456", Assert.Throws<ArgumentException>(() => ModelFile.CheckLimits(square)).Message);
        var atLimit = NetworkSpec.Input(15).Dense(ModelFile.MaxUnits, Activation.Tanh);   // 16 x 2^24 = 2^28 exactly
        ModelFile.CheckLimits(atLimit);
    }
}
