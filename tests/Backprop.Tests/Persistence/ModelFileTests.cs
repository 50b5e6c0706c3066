using System.Buffers.Binary;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Tests.Persistence;

public class ModelFileTests
{
    private static Model<float> Classifier(TrainingSummary? training = null)
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(3, Activation.Softmax).Build<float>(seed: 7);
        var schema = new Schema(TaskKind.Classification, "species", ["a", "b"], new StandardScaler([1.0, 2.0], [0.5, 4.0]),
            ["setosa", "versicolor", "virginica"], null);
        return new Model<float>(network, schema, Loss.CrossEntropy, training);
    }

    private static Model<double> Regressor()
    {
        var network = NetworkSpec.Input(1).Rbf(4).Dense(1, Activation.Identity, bias: false).Build<double>(seed: 3);
        var schema = new Schema(TaskKind.Regression, "y", ["x"], new StandardScaler([0.0], [2.0]), [], new StandardScaler([10.0], [3.0]));
        return new Model<double>(network, schema, Loss.MeanSquaredError);
    }

    // Parameters are the last thing before the training flag (0 here) and the CRC: [u64 count][count floats][u8 0][u32 crc].
    private static int ParameterCountOffset(byte[] file, int parameters) => file.Length - 4 - 1 - parameters * 4 - 8;

    private static void Reseal(byte[] file)
    {
        int end = file.Length - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(end), Crc32.Compute(file.AsSpan(0, end)));
    }

    [Fact]
    public void AClassifierRoundTripsWithEverythingPredictNeeds()
    {
        var training = new TrainingSummary("adam", 0.01, 32, 40, 1234, "completed 40 epochs", 5, 112, 38,
            [new Metric("test_accuracy", 0.97), new Metric("test_loss", 0.08)]);
        var model = Classifier(training);
        var loaded = Assert.IsType<Model<float>>(ModelFile.FromBytes(ModelFile.ToBytes(model)));

        Assert.Equal(model.Network.Parameters, loaded.Network.Parameters);
        Assert.Equal(model.Spec, loaded.Spec);
        Assert.Equal(["a", "b"], loaded.Schema.FeatureNames);
        Assert.Equal(["setosa", "versicolor", "virginica"], loaded.Schema.Classes);
        Assert.Equal("species", loaded.Schema.LabelName);
        Assert.Equal([1.0, 2.0], loaded.Schema.Scaler.Mean.ToArray());
        Assert.Equal([0.5, 4.0], loaded.Schema.Scaler.Scale.ToArray());
        Assert.Same(Loss.CrossEntropy, loaded.Loss);
        Assert.Equal(training with { Metrics = [] }, loaded.Training! with { Metrics = [] });
        Assert.Equal(training.Metrics, loaded.Training!.Metrics);
        double[] x = [1, 2, 3, -4];
        Assert.Equal(model.Predict(x, 2), loaded.Predict(x, 2));
    }

    [Fact]
    public void TheTrainingDataHashRoundTripsAndIsCheckedWhenBuilt()
    {
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("a,b\n1,2\n"u8));
        var training = new TrainingSummary("sgd", 0.1, 0, 2, 2, "done", 1, 10, 0, [], hash);
        Assert.Equal(hash, ModelFile.FromBytes(ModelFile.ToBytes(Classifier(training))).Training!.DataSha256);
        Assert.Null(ModelFile.FromBytes(ModelFile.ToBytes(Classifier(training with { DataSha256 = null }))).Training!.DataSha256);
        // The file holds 32 raw bytes, so only a real SHA-256 in hex can be kept.
        Assert.Throws<ArgumentException>(() => training with { DataSha256 = hash.ToUpperInvariant() });
        Assert.Throws<ArgumentException>(() => training with { DataSha256 = hash[1..] });
        Assert.Throws<ArgumentException>(() => new TrainingSummary("sgd", 0.1, 0, 2, 2, "done", 1, 10, 0, [], "xyz"));

        // A flag that is neither 0 nor 1 in front of the hash is corruption.
        byte[] file = ModelFile.ToBytes(Classifier(training));
        int flag = file.Length - 4 - 32 - 1;
        Assert.Equal(1, file[flag]);
        file[flag] = 2;
        Reseal(file);
        Assert.Contains("data hash flag 2", Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file)).Message);
    }

    [Fact]
    public void AVersion3ModelFileStillLoadsWithoutADataHash()
    {
        // Written by the version-3 build (backprop train iris --epochs 3) before the hash was added.
        Model model = ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Persistence", "Files", "iris-v3.bpmodel"));
        Assert.Null(model.Training!.DataSha256);
        Assert.Equal(111, model.Training.TrainRows);
        Assert.Equal(0.8205, model.Training.Metrics.Single(m => m.Name == "test_accuracy").Value, 4);
        IReadOnlyList<Prediction> predictions = model.Predict(CsvReader.Read(BundledData.ResolvePath("iris")));
        // The first row as the version-3 build's predict printed it.
        Assert.Equal("setosa", predictions[0].Class);
        Assert.Equal(0.99846, predictions[0].Probabilities["setosa"], 5);
    }

    [Fact]
    public void ARegressorRoundTripsInDoubleAndPredictsInTargetUnits()
    {
        var model = Regressor();
        string path = Path.Combine(Directory.CreateTempSubdirectory("model").FullName, "r.bpmodel");
        ModelFile.Save(model, path);
        var loaded = Assert.IsType<Model<double>>(ModelFile.Load(path));
        Assert.Equal(model.Network.Parameters, loaded.Network.Parameters);
        Assert.Null(loaded.Training);
        Assert.Equal(10.0, loaded.Schema.TargetScaler!.Mean[0]);
        double[] x = [0.5, 3];
        double[] expected = model.Predict(x, 2);
        Assert.Equal(expected, loaded.Predict(x, 2));
        // Predict undoes the target scaling: network output * 3 + 10.
        double raw = model.Network.Forward([0.25], 1)[0];
        Assert.Equal(raw * 3 + 10, expected[0], 12);
    }

    [Fact]
    public void MissingFileIsAModelFileError()
    {
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load("/nonexistent/model.bpmodel"));
        Assert.Contains("file not found", e.Message);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { (byte)'h', (byte)'i', (byte)',', (byte)'x', 10, 49, 44, 50, 10 }, "not a Backprop model file")]
    [InlineData(new byte[] { (byte)'B', (byte)'P', (byte)'M' }, "truncated")]
    public void NotAModelIsRejected(byte[] content, string expected)
    {
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(content, "m.bin"));
        Assert.StartsWith("m.bin: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        byte[] file = ModelFile.ToBytes(Classifier());
        for (int length = 1; length < file.Length; length++)
        {
            var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file.AsSpan(0, length)));
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void AFlippedByteIsCaughtByTheChecksum()
    {
        byte[] file = ModelFile.ToBytes(Classifier());
        file[file.Length / 2] ^= 0x40;
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void AnotherVersionIsRejected()
    {
        byte[] file = ModelFile.ToBytes(Classifier());
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 99);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.Contains("version 99 is not supported", e.Message);
    }

    [Fact]
    public void AHugeParameterCountIsRejectedBeforeAllocating()
    {
        var model = Classifier();
        byte[] file = ModelFile.ToBytes(model);
        int at = ParameterCountOffset(file, model.ParameterCount);
        Assert.Equal((ulong)model.ParameterCount, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at)));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at), 1_000_000_000_000);
        Reseal(file);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains("parameter count 1000000000000 exceeds the limit", e.Message);
    }

    [Fact]
    public void AnArchitectureClaiming10To12WeightsIsRejectedBeforeAllocating()
    {
        byte[] file = ModelFile.ToBytes(Classifier());
        // Body: precision, task, label "species", 2 numeric columns ("a", "b": name, kind, flags), the input count, their
        // means and scales, 3 class names, the loss name, the input count, the layer count, then layer 1: kind (1 byte),
        // units, "tanh", bias; layer 2 likewise.
        int firstUnits = 20 + 1 + 1 + (4 + 7) + 4 + (4 + 1 + 1 + 1) * 2 + 4 + 16 + 16 + 4 + (4 + 6) + (4 + 10) + (4 + 9)
            + (4 + "cross-entropy".Length) + 4 + 4 + 1;
        int secondUnits = firstUnits + 4 + (4 + 4) + 1 + 1;
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(firstUnits)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(secondUnits)));
        // 2 -> 10^6 -> 10^6: the second layer alone would hold 10^12 weights.
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(firstUnits), 1_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(secondUnits), 1_000_000);
        Reseal(file);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains("layer 2 (1000000 -> 1000000) would have more than", e.Message);
    }

    [Fact]
    public void AHugeFeatureCountIsRejected()
    {
        byte[] file = ModelFile.ToBytes(Classifier());
        // Body: precision (1), task (1), label "species" (4 + 7), then the column count.
        int at = 20 + 1 + 1 + 4 + 7;
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), 50_000);
        Reseal(file);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.Contains("column count 50000 needs at least", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteWeightsAreRejected(float bad)
    {
        var model = Classifier();
        byte[] file = ModelFile.ToBytes(model);
        int at = ParameterCountOffset(file, model.ParameterCount) + 8 + 4 * 5;
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(at), bad);
        Reseal(file);
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.Contains("parameter 5 is", e.Message);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        byte[] file = [.. ModelFile.ToBytes(Classifier()), 0];
        var e = Assert.Throws<ModelFileException>(() => ModelFile.FromBytes(file));
        Assert.Contains("corrupted", e.Message);
    }

    [Fact]
    public void TheSchemaRejectsMismatchedParts()
    {
        var scaler = new StandardScaler([0.0], [1.0]);
        Assert.Throws<ArgumentException>(() => new Schema(TaskKind.Classification, "y", ["x"], scaler, ["only"], null));
        Assert.Throws<ArgumentException>(() => new Schema(TaskKind.Classification, "y", ["x", "z"], scaler, ["a", "b"], null));
        Assert.Throws<ArgumentException>(() => new Schema(TaskKind.Classification, "y", ["x"], scaler, ["a", "a"], null));
        Assert.Throws<ArgumentException>(() => new Schema(TaskKind.Regression, "y", ["x"], scaler, [], null));
        var network = NetworkSpec.Input(1).Dense(3, Activation.Softmax).Build<float>();
        var schema = new Schema(TaskKind.Classification, "y", ["x"], scaler, ["a", "b"], null);
        Assert.Throws<ArgumentException>(() => new Model<float>(network, schema, Loss.CrossEntropy));
    }
}
