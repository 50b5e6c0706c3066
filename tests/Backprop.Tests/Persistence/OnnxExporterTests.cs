using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Persistence;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Backprop.Tests.Persistence;

/// <summary>Exports networks to ONNX, runs them in ONNX Runtime on raw features, and compares with Backprop's forward pass.</summary>
public class OnnxExporterTests(ITestOutputHelper output)
{
    private const int Features = 5;
    private const int Rows = 64;

    public static TheoryData<string, bool, bool> DenseCases()
    {
        var cases = new TheoryData<string, bool, bool>();
        foreach (var activation in Activation.All)
        {
            foreach (bool bias in new[] { true, false })
            {
                foreach (bool scaled in new[] { true, false })
                {
                    cases.Add(activation.Name, bias, scaled);
                }
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(DenseCases))]
    public void DenseLayersMatchOnnxRuntime(string activation, bool bias, bool scaled)
    {
        // A hidden layer with the activation under test, then an output layer with it too (softmax as a real output).
        var spec = NetworkSpec.Input(Features).Dense(6, Activation.Parse(activation), bias).Dense(3, Activation.Parse(activation), bias);
        AssertMatches(spec, scaled, $"dense {activation}, bias {bias}, scaler {scaled}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RbfLayersMatchOnnxRuntime(bool scaled)
    {
        AssertMatches(NetworkSpec.Input(Features).Rbf(7).Dense(3, Activation.Softmax), scaled, $"rbf -> softmax, scaler {scaled}");
        AssertMatches(NetworkSpec.Input(Features).Dense(4, Activation.Tanh).Rbf(5).Dense(1, Activation.Identity, bias: false), scaled,
            $"tanh -> rbf -> identity, scaler {scaled}");
    }

    [Fact]
    public void DeepMixedNetworkMatchesOnnxRuntime() =>
        AssertMatches(NetworkSpec.Input(Features).Dense(16, Activation.Relu).Dense(12, Activation.Softplus)
            .Dense(8, Activation.Sigmoid, bias: false).Dense(10, Activation.Tanh).Dense(4, Activation.Softmax), scaled: true, "deep mixed");

    [Fact]
    public void DoubleNetworksExportRoundedToFloat()
    {
        var network = Randomize(NetworkSpec.Input(Features).Dense(8, Activation.Tanh).Dense(2, Activation.Sigmoid).Build<double>(seed: 5), 5);
        var scaler = MakeScaler(5);
        double[] raw = MakeFeatures(6, Rows, scaler);
        var scaled = (double[])raw.Clone();
        scaler.Transform(scaled, Rows);
        double[] expected = network.Forward(scaled, Rows).ToArray();
        float[] actual = RunOnnx(Export(network, scaler), raw.Select(v => (float)v).ToArray(), Rows);
        double difference = MaxAbsDifference(expected, actual);
        output.WriteLine($"double network: max |ONNX - Backprop| = {difference:E2}");
        Assert.True(difference < 1e-5, $"max difference {difference}");
    }

    [Fact]
    public void ClassificationModelMatchesPredictAndGivesTheClassIndex()
    {
        var network = Randomize(NetworkSpec.Input(Features).Dense(8, Activation.Relu).Dense(3, Activation.Softmax).Build<float>(seed: 21), 21);
        var scaler = MakeScaler(22);
        var schema = new Schema(TaskKind.Classification, "species", FeatureNames(), scaler, ["a", "b", "c"], targetScaler: null);
        Model model = RoundTrip(new Model<float>(network, schema, Losses.Loss.CrossEntropy));
        double[] raw = MakeFeatures(23, Rows, scaler);
        double[] expected = model.Predict(raw, Rows);

        byte[] onnx = ExportModel(model);
        var (scores, classes) = RunOnnxModel(onnx, raw.Select(v => (float)v).ToArray(), Rows);
        Assert.NotNull(classes);
        double difference = MaxAbsDifference(expected, scores);
        output.WriteLine($"classification model: max |ONNX - Predict| = {difference:E2}");
        Assert.True(difference < 1e-5, $"max difference {difference}");
        for (int r = 0; r < Rows; r++)
        {
            var row = expected.AsSpan(r * 3, 3);
            Assert.Equal(row.IndexOf(row.ToArray().Max()), classes[r]);
        }
        Assert.True(classes.Distinct().Count() > 1, "every row predicts the same class, so the check says little");

        using var session = new InferenceSession(onnx);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("classification", metadata["task"]);
        Assert.Equal("species", metadata["label"]);
        Assert.Equal("[\"f0\",\"f1\",\"f2\",\"f3\",\"f4\"]", metadata["features"]);
        Assert.Equal("[\"a\",\"b\",\"c\"]", metadata["classes"]);
    }

    [Fact]
    public void RegressionModelOutputsTheTargetInItsOwnUnits()
    {
        var network = Randomize(NetworkSpec.Input(Features).Dense(8, Activation.Tanh).Dense(1, Activation.Identity).Build<double>(seed: 31), 31);
        var scaler = MakeScaler(32);
        var target = new StandardScaler([50.0], [7.5]);
        var schema = new Schema(TaskKind.Regression, "y", FeatureNames(), scaler, [], target);
        Model model = RoundTrip(new Model<double>(network, schema, Losses.Loss.MeanSquaredError));
        double[] raw = MakeFeatures(33, Rows, scaler);
        double[] expected = model.Predict(raw, Rows);

        byte[] onnx = ExportModel(model);
        var (values, classes) = RunOnnxModel(onnx, raw.Select(v => (float)v).ToArray(), Rows);
        Assert.Null(classes);
        double difference = MaxAbsDifference(expected, values);
        output.WriteLine($"regression model (outputs in [{expected.Min():F1}, {expected.Max():F1}]): max |ONNX - Predict| = {difference:E2}");
        // Float keeps about 7 significant digits of values near 50.
        Assert.True(difference < 1e-4, $"max difference {difference}");
        Assert.True(expected.Max() - expected.Min() > 1, "the predictions hardly vary, so the comparison says little");
    }

    [Theory]
    [InlineData("float", true, 1.0)]
    [InlineData("float", false, 1.0)]
    [InlineData("double", true, 1.0)]
    [InlineData("float", true, 1000.0)]   // means far from 0 in units of scale: the folded bias cancels more
    public void TheFoldedScalerComputesWhatTheSeparateOneDoes(string precision, bool bias, double meanFactor)
    {
        var spec = NetworkSpec.Input(Features).Dense(8, Activation.Tanh, bias).Dense(3, Activation.Softmax);
        var scaler = MakeScaler(41);
        scaler = new StandardScaler([.. scaler.Mean.ToArray().Select(m => m * meanFactor)], scaler.Scale);
        var schema = new Schema(TaskKind.Classification, "y", FeatureNames(), scaler, ["a", "b", "c"], targetScaler: null);
        Model model = precision == "float"
            ? new Model<float>(Randomize(spec.Build<float>(seed: 41), 41), schema, Losses.Loss.CrossEntropy)
            : new Model<double>(Randomize(spec.Build<double>(seed: 41), 41), schema, Losses.Loss.CrossEntropy);
        double[] raw = MakeFeatures(42, Rows, scaler);
        float[] x = [.. raw.Select(v => (float)v)];
        byte[] folded = ExportModel(model), separate = ExportModel(model, foldScaler: false);
        Assert.False(ContainsAscii(folded, "Sub") || ContainsAscii(folded, "Div"), "the folded graph still has Sub or Div");
        Assert.True(ContainsAscii(separate, "Sub") && ContainsAscii(separate, "Div"));

        var (foldedOut, foldedClasses) = RunOnnxModel(folded, x, Rows);
        var (separateOut, separateClasses) = RunOnnxModel(separate, x, Rows);
        double[] predicted = model.Predict(raw, Rows);
        double difference = MaxAbsDifference([.. separateOut.Select(v => (double)v)], foldedOut);
        double fromPredict = MaxAbsDifference(predicted, foldedOut), separateFromPredict = MaxAbsDifference(predicted, separateOut);
        output.WriteLine($"{precision}, bias {bias}, |mean / scale| up to {MaxRatio(scaler):F0}: max |folded - separate| = {difference:E2}, " +
            $"|folded - Predict| = {fromPredict:E2}, |separate - Predict| = {separateFromPredict:E2}");
        // Raw values rounded to float already carry |mean / scale| x 6e-8 of error into the standardised input, with
        // either graph; folding adds error of that size, not more.
        double tolerance = 1e-5 * Math.Max(1, MaxRatio(scaler) / 10);
        Assert.True(difference < tolerance, $"max |folded - separate| = {difference}");
        Assert.True(fromPredict < Math.Max(tolerance, 2 * separateFromPredict), $"max |folded - Predict| = {fromPredict}");
        Assert.Equal(separateClasses, foldedClasses);
        Assert.True(predicted.Max() - predicted.Min() > 0.1, "the outputs hardly vary, so the comparison says little");
    }

    [Fact]
    public void AnRbfFirstLayerKeepsTheSeparateScaler()
    {
        var network = Randomize(NetworkSpec.Input(Features).Rbf(6).Dense(2, Activation.Softmax).Build<float>(seed: 3), 3);
        byte[] onnx = Export(network, MakeScaler(3));
        Assert.True(ContainsAscii(onnx, "Sub") && ContainsAscii(onnx, "Div"));
    }

    [Fact]
    public void BatchDimensionIsDynamicAndMetadataIsKept()
    {
        var network = NetworkSpec.Input(Features).Dense(3, Activation.Softmax).Build<float>(seed: 1);
        byte[] model = Export(network, null, new Dictionary<string, string> { ["labels"] = "a,b,c" });
        using var session = new InferenceSession(model);
        Assert.Equal([-1, Features], session.InputMetadata[OnnxExporter.InputName].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata[OnnxExporter.OutputName].Dimensions);
        Assert.Equal("a,b,c", session.ModelMetadata.CustomMetadataMap["labels"]);
        Assert.Equal("Backprop", session.ModelMetadata.ProducerName);
        foreach (int rows in new[] { 1, 2, 33 })
        {
            Assert.Equal(rows * 3, RunOnnx(model, new float[rows * Features], rows).Length);
        }
    }

    [Fact]
    public void WriteCreatesTheFileAtomically()
    {
        string dir = Directory.CreateTempSubdirectory("onnx").FullName;
        string path = Path.Combine(dir, "model.onnx");
        var network = NetworkSpec.Input(2).Dense(2, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build<float>(seed: 1);
        OnnxExporter.Write(path, network, null);
        using (var session = new InferenceSession(path))
        {
            Assert.Single(session.OutputMetadata);
        }
        Assert.Single(Directory.GetFiles(dir));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ScalerWithTheWrongWidthIsRefused()
    {
        var network = NetworkSpec.Input(3).Dense(1, Activation.Identity).Build<float>();
        var scaler = new StandardScaler([0.0, 0.0], [1.0, 1.0]);
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(network, scaler, Stream.Null));
        Assert.Contains("2 columns", error.Message);
        Assert.Contains("3 inputs", error.Message);
    }

    private void AssertMatches(NetworkSpec spec, bool scaled, string label)
    {
        var network = Randomize(spec.Build<float>(seed: 11), 11);
        var scaler = scaled ? MakeScaler(12) : null;
        double[] raw = MakeFeatures(13, Rows, scaler);
        double[] input = (double[])raw.Clone();
        scaler?.Transform(input, Rows);
        float[] expected = network.Forward(input.Select(v => (float)v).ToArray(), Rows).ToArray();
        float[] actual = RunOnnx(Export(network, scaler), raw.Select(v => (float)v).ToArray(), Rows);
        double difference = MaxAbsDifference(expected.Select(v => (double)v).ToArray(), actual);
        output.WriteLine($"{label}: outputs in [{expected.Min():F3}, {expected.Max():F3}], max |ONNX - Backprop| = {difference:E2}");
        Assert.True(expected.Max() - expected.Min() > 0.01, $"{label}: the outputs hardly vary, so the comparison says little");
        Assert.True(difference < 1e-5, $"{label}: max difference {difference}");
    }

    /// <summary>Non-zero biases and widths other than 1, so that every parameter's place in the graph is checked.</summary>
    private static Network<T> Randomize<T>(Network<T> network, int seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        foreach (var layer in network.Layers)
        {
            var values = layer switch
            {
                Dense<T> dense => dense.Biases,
                Rbf<T> rbf => rbf.Widths,
                _ => [],
            };
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = T.CreateChecked(layer is Rbf<T> ? 0.05 + 0.45 * random.NextDouble() : random.NextDouble() - 0.5);
            }
        }
        return network;
    }

    private static StandardScaler MakeScaler(int seed)
    {
        var random = new Random(seed);
        return new StandardScaler(
            Enumerable.Range(0, Features).Select(_ => random.NextDouble() * 20 - 10).ToArray(),
            Enumerable.Range(0, Features).Select(_ => 0.5 + random.NextDouble() * 4).ToArray());
    }

    /// <summary>
    /// Raw features: standardised values in [-2, 2] mapped back through the scaler when there is one, so that the
    /// network sees the values it would see in use (a sigmoid neither all saturated nor all linear, RBF units not all 0).
    /// </summary>
    private static double[] MakeFeatures(int seed, int rows, StandardScaler? scaler)
    {
        var random = new Random(seed);
        var x = new double[rows * Features];
        for (int i = 0; i < x.Length; i++)
        {
            double u = random.NextDouble() * 4 - 2;
            x[i] = scaler is null ? u : scaler.Mean[i % Features] + scaler.Scale[i % Features] * u;
        }
        return x;
    }

    private static byte[] Export<T>(Network<T> network, StandardScaler? scaler, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        OnnxExporter.Export(network, scaler, stream, metadata);
        return stream.ToArray();
    }

    private static string[] FeatureNames() => [.. Enumerable.Range(0, Features).Select(i => $"f{i}")];

    /// <summary>Saves and loads the model, so that what is exported is what a model file holds.</summary>
    private static Model RoundTrip(Model model) => ModelFile.FromBytes(ModelFile.ToBytes(model));

    private static byte[] ExportModel(Model model, bool foldScaler = true)
    {
        using var stream = new MemoryStream();
        OnnxExporter.Export(model, stream, foldScaler);
        return stream.ToArray();
    }

    private static bool ContainsAscii(byte[] bytes, string text) => bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(text)) >= 0;

    private static double MaxRatio(StandardScaler scaler)
    {
        double max = 0;
        for (int j = 0; j < scaler.Columns; j++)
            max = Math.Max(max, Math.Abs(scaler.Mean[j] / scaler.Scale[j]));
        return max;
    }

    private static (float[] Output, long[]? Classes) RunOnnxModel(byte[] model, float[] x, int rows)
    {
        using var session = new InferenceSession(model);
        var input = new DenseTensor<float>(x, [rows, x.Length / rows]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)]);
        float[] values = results.Single(r => r.Name == OnnxExporter.OutputName).AsTensor<float>().ToArray();
        long[]? classes = results.SingleOrDefault(r => r.Name == OnnxExporter.ClassOutputName)?.AsTensor<long>().ToArray();
        return (values, classes);
    }

    private static float[] RunOnnx(byte[] model, float[] x, int rows)
    {
        using var session = new InferenceSession(model);
        var input = new DenseTensor<float>(x, [rows, x.Length / rows]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)]);
        return results.Single(r => r.Name == OnnxExporter.OutputName).AsTensor<float>().ToArray();
    }

    private static double MaxAbsDifference(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }
        return max;
    }
}
