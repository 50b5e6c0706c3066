using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

public class CheckpointFormatTests
{
    // Offsets in version 1: magic 4, version 4, element size 4, epoch 4, updates 8, base rate 8, shuffle 32,
    // then the parameter count and the parameters.
    private const int VersionOffset = 4;
    private const int ParameterCountOffset = 64;
    private const int FirstParameterOffset = 68;

    private static byte[] Saved(out TrainingCheckpoint checkpoint)
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<float>(seed: 1);
        var trainer = new Trainer<float>(network, Loss.BinaryCrossEntropy, new Nadam(0.01), new TrainingOptions { Epochs = 3, BatchSize = 2, Patience = 5 });
        var xor = Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        trainer.Fit(xor, xor);
        checkpoint = trainer.Checkpoint();
        using var stream = new MemoryStream();
        checkpoint.WriteTo(stream);
        return stream.ToArray();
    }

    private static InvalidDataException Corrupt(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.ReadFrom(new MemoryStream(bytes)));

    [Fact]
    public void RoundTripsEveryField()
    {
        byte[] bytes = Saved(out var original);
        Assert.Equal("BPCK"u8.ToArray(), bytes[..4]);
        var read = TrainingCheckpoint.ReadFrom(new MemoryStream(bytes));
        Assert.Equal(3, read.Epoch);
        Assert.Equal(6, read.Updates);
        Assert.Equal(4, read.ElementBytes);
        Assert.Equal(original.Parameters, read.Parameters);
        Assert.Equal("nadam", read.Optimizer.Optimizer);
        Assert.Equal(6, read.Optimizer.Steps);
        Assert.Equal(original.Optimizer.Vectors, read.Optimizer.Vectors);
        Assert.Equal(original.ShuffleState, read.ShuffleState);
        Assert.Equal(original.BaseLearningRate, read.BaseLearningRate);
        Assert.Equal(original.BestEpoch, read.BestEpoch);
        Assert.Equal(original.BestValidationLoss, read.BestValidationLoss);
        Assert.Equal(original.EpochsSinceBest, read.EpochsSinceBest);
        Assert.Equal(original.BestParameters, read.BestParameters);
        Assert.Equal(original.History, read.History);
        Assert.Equal(FirstParameterOffset + 8 * original.Parameters.Length, ParameterCountOffset + 4 + 8 * read.Parameters.Length);
        Assert.Equal(original.Parameters[0], BitConverter.ToDouble(bytes, FirstParameterOffset));
    }

    [Fact]
    public void RejectsAnotherFile()
    {
        byte[] bytes = Saved(out _);
        bytes[0] = (byte)'X';
        Assert.Contains("not a training checkpoint", Corrupt(bytes).Message);
    }

    [Fact]
    public void RejectsAnotherVersion()
    {
        byte[] bytes = Saved(out _);
        BitConverter.TryWriteBytes(bytes.AsSpan(VersionOffset), 99);
        Assert.Contains("version 99", Corrupt(bytes).Message);
    }

    [Fact]
    public void RejectsATruncatedFile()
    {
        byte[] bytes = Saved(out _);
        Assert.Contains("truncated", Corrupt(bytes[..(bytes.Length - 5)]).Message);
        Assert.Contains("truncated", Corrupt(bytes[..2]).Message);
    }

    [Fact]
    public void RejectsNaN()
    {
        byte[] bytes = Saved(out _);
        BitConverter.TryWriteBytes(bytes.AsSpan(FirstParameterOffset), double.NaN);
        Assert.Contains("parameters: value 0 is NaN", Corrupt(bytes).Message);
    }

    [Fact]
    public void ChecksSizesBeforeAllocating()
    {
        byte[] bytes = Saved(out _);
        BitConverter.TryWriteBytes(bytes.AsSpan(ParameterCountOffset), int.MaxValue);
        Assert.Contains("parameters count", Corrupt(bytes).Message);
        BitConverter.TryWriteBytes(bytes.AsSpan(ParameterCountOffset), 1_000_000);
        Assert.Contains("bytes remain", Corrupt(bytes).Message);
        BitConverter.TryWriteBytes(bytes.AsSpan(ParameterCountOffset), -1);
        Assert.Contains("outside", Corrupt(bytes).Message);
    }
}
