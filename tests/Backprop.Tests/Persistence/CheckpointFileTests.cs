using System.Buffers.Binary;
using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tests.Persistence;

public class CheckpointFileTests
{
    // With the tag "tag": frame header 20 bytes, then the tag (length 4 + 3 bytes), element size 4, epoch 4, updates 8,
    // base rate 8, shuffle 32, then the parameter count and the parameters.
    private const int ParameterCountOffset = 20 + 7 + 4 + 4 + 8 + 8 + 32;
    private const int FirstParameterOffset = ParameterCountOffset + 4;

    private static TrainingCheckpoint Checkpoint(Optimizer? optimizer = null, int? patience = null)
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<float>(seed: 1);
        var trainer = new Trainer<float>(network, Loss.BinaryCrossEntropy, optimizer ?? new Adam(0.01),
            new TrainingOptions { Epochs = 3, BatchSize = 2, Patience = patience });
        var xor = Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        trainer.Fit(xor, patience is null ? null : xor);
        return trainer.Checkpoint();
    }

    private static ModelFileException Rejected(byte[] file) =>
        Assert.Throws<ModelFileException>(() => CheckpointFile.FromBytes(file, "c.bpcheck"));

    private static void Reseal(byte[] file)
    {
        int end = file.Length - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(end), Crc32.Compute(file.AsSpan(0, end)));
    }

    [Fact]
    public void RoundTripsEveryFieldAndTheTag()
    {
        var original = Checkpoint(new Nadam(0.01), patience: 5);
        byte[] file = CheckpointFile.ToBytes(original, "seed=1\nlr=0.01 ü");
        Assert.Equal("BPCHECK\x1A"u8.ToArray(), file[..8]);
        var content = CheckpointFile.FromBytes(file);
        var read = content.Checkpoint;
        Assert.Equal("seed=1\nlr=0.01 ü", content.Tag);
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
    }

    [Fact]
    public void TheStateSitsInTheBodyWithNoInnerHeader()
    {
        var original = Checkpoint();
        byte[] file = CheckpointFile.ToBytes(original, "tag");
        Assert.Equal(original.Parameters.Length, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(ParameterCountOffset)));
        Assert.Equal(original.Parameters[0], BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(FirstParameterOffset)));
        Assert.Equal(-1, file.AsSpan().IndexOf("BPCK\u0001"u8));
    }

    [Fact]
    public void SavesAtomicallyAndLoads()
    {
        string folder = Directory.CreateTempSubdirectory("bpcheck").FullName;
        string path = Path.Combine(folder, "run.bpcheck");
        CheckpointFile.Save(path, Checkpoint(), "tag");
        Assert.Equal("tag", CheckpointFile.Load(path).Tag);
        Assert.Single(Directory.GetFiles(folder));
        Directory.Delete(folder, recursive: true);
        Assert.Contains("checkpoint file not found", Assert.Throws<ModelFileException>(() => CheckpointFile.Load(path)).Message);
    }

    [Fact]
    public void RejectsDamage()
    {
        byte[] good = CheckpointFile.ToBytes(Checkpoint(), "tag");

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 1;
        Assert.Contains("checksum mismatch", Rejected(flipped).Message);

        Assert.Contains("truncated", Rejected(good[..^10]).Message);
        Assert.Contains("truncated", Rejected(good[..5]).Message);
        Assert.Contains("not a Backprop checkpoint file", Rejected("BPCK...."u8.ToArray()).Message);

        byte[] version = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 1);
        Assert.Contains("checkpoint format version 1 is not supported", Rejected(version).Message);
        // Version 2 had no architecture to key on: refused by name, not misread.
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 2);
        Assert.Contains("checkpoint format version 2 is not supported; this build reads version 3", Rejected(version).Message);
    }

    [Fact]
    public void SavingIsStreamedNotBuiltInMemory()
    {
        // 1,001,000 parameters with Adam's two moment vectors and the best weights: a 32 MB file.
        var spec = NetworkSpec.Input(1000).Dense(1000, Activation.Tanh);
        int n = spec.ParameterCount;
        var checkpoint = new TrainingCheckpoint(1, 10, 4, new double[n], new OptimizerState("adam", 10, [new double[n], new double[n]]),
            0.01, [1UL, 2, 3, 4], 1, 0.5, 0, new double[n], [new EpochReport(1, 0.5, 0.5, 0.01, 1, 10)], spec, "mse");
        checkpoint.Parameters[123] = 4.5;
        string folder = Directory.CreateTempSubdirectory("bpcheck").FullName;
        string path = Path.Combine(folder, "big.bpcheck");
        CheckpointFile.Save(path, checkpoint, "tag");
        long before = GC.GetAllocatedBytesForCurrentThread();
        CheckpointFile.Save(path, checkpoint, "tag");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long size = new FileInfo(path).Length;
        Assert.True(size > 32_000_000, $"{size} bytes");
        // The file is never held in memory: a buffer and small objects, not ~8x the file as when it was built first.
        Assert.True(allocated < 1_000_000, $"saving a {size}-byte checkpoint allocated {allocated} bytes");

        var read = CheckpointFile.Load(path);
        Assert.Equal(4.5, read.Checkpoint.Parameters[123]);
        Assert.Equal(spec, read.Checkpoint.Network);
        Assert.Equal(File.ReadAllBytes(path), CheckpointFile.ToBytes(checkpoint, "tag"));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void TheArchitectureIsCheckedAgainstTheParameters()
    {
        // The architecture sits at the end of the body; one that does not have the stored parameter count is corruption.
        var original = Checkpoint();
        var other = original with { Network = NetworkSpec.Input(2).Dense(4, Activation.Tanh).Dense(1, Activation.Sigmoid) };
        Assert.Contains("parameters, the checkpoint holds 13", Rejected(CheckpointFile.ToBytes(other, "tag")).Message);
        var unknown = original with { Loss = "no-such-loss" };
        Assert.Contains("loss", Rejected(CheckpointFile.ToBytes(unknown, "tag")).Message);
    }

    [Fact]
    public void RejectsNaNWithTheChecksumIntact()
    {
        byte[] file = CheckpointFile.ToBytes(Checkpoint(), "tag");
        BinaryPrimitives.WriteDoubleLittleEndian(file.AsSpan(FirstParameterOffset), double.NaN);
        Reseal(file);
        Assert.Contains("parameters: value 0 is NaN", Rejected(file).Message);
    }

    [Fact]
    public void ChecksCountsBeforeAllocating()
    {
        byte[] file = CheckpointFile.ToBytes(Checkpoint(), "tag");
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(ParameterCountOffset), int.MaxValue);
        Reseal(file);
        Assert.Contains("parameters count 2147483647 exceeds the limit", Rejected(file).Message);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(ParameterCountOffset), 1_000_000);
        Reseal(file);
        Assert.Contains("only", Rejected(file).Message);
    }

    [Fact]
    public void RejectsAnOverlongTag() =>
        Assert.Throws<ArgumentException>(() => CheckpointFile.ToBytes(Checkpoint(), new string('x', CheckpointFile.MaxTagBytes + 1)));
}
