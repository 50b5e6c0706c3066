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
        model.Network.Parameters[1] = float.NegativeInfinity;
        Assert.Contains("parameter 1 is -Infinity;", Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model)).Message);
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

public class PredictBoundsTests
{
    [Fact]
    public void PredictionOfAWideLayerRunsInChunksSizedByBytesAndMatchesRowByRow()
    {
        // 64 rows through a 2,000,000-unit layer: 1 GB of layer buffers at once, about 64 MB in chunks.
        var network = NetworkSpec.Input(1).Dense(2_000_000, Activation.Relu).Dense(2, Activation.Softmax).Build<float>(seed: 2);
        var schema = new Schema(TaskKind.Classification, "y", ["a"], new StandardScaler([0.0], [1.0]), ["no", "yes"], null);
        var model = new Model<float>(network, schema, Loss.CrossEntropy);
        double[] x = [.. Enumerable.Range(0, 64).Select(i => i / 32.0 - 1)];
        model.Predict(x.AsSpan(0, 1), 1);   // first call sizes the per-row buffers
        long before = GC.GetAllocatedBytesForCurrentThread();
        double[] all = model.Predict(x, 64);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 200L << 20, $"{allocated} bytes allocated");
        foreach (int row in new[] { 0, 31, 63 })
            Assert.Equal(model.Predict(x.AsSpan(row, 1), 1), all.AsSpan(row * 2, 2).ToArray());
    }

    [Fact]
    public void AFloatModelRefusesAnInputBeyondFloatRangeNamingRowAndFeature()
    {
        var network = NetworkSpec.Input(2).Dense(2, Activation.Softmax).Build<float>(seed: 2);
        var schema = new Schema(TaskKind.Classification, "y", ["a", "b"], new StandardScaler([0.0, 0.0], [1.0, 1.0]), ["no", "yes"], null);
        var model = new Model<float>(network, schema, Loss.CrossEntropy);
        var error = Assert.Throws<FeatureRangeException>(() => model.Predict([1, 2, 3, 1e39], 2));
        Assert.Equal((1, 1), (error.Row, error.Feature));
        Assert.Contains("--precision double", error.Message);

        var doubles = new Model<double>(NetworkSpec.Input(2).Dense(2, Activation.Softmax).Build<double>(seed: 2), schema, Loss.CrossEntropy);
        Assert.All(doubles.Predict([1, 2, 3, 1e39], 2), p => Assert.True(double.IsFinite(p)));
    }
}
