using System.Buffers.Binary;
using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tests.Persistence;

public class CheckpointFileTests
{
    private static TrainingCheckpoint Checkpoint()
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<float>(seed: 1);
        var trainer = new Trainer<float>(network, Loss.BinaryCrossEntropy, new Adam(0.01), new TrainingOptions { Epochs = 2, BatchSize = 2 });
        trainer.Fit(Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1));
        return trainer.Checkpoint();
    }

    private static ModelFileException Rejected(byte[] file) =>
        Assert.Throws<ModelFileException>(() => CheckpointFile.FromBytes(file, "c.bpcheck"));

    [Fact]
    public void RoundTripsTheStateAndTheTag()
    {
        var original = Checkpoint();
        byte[] file = CheckpointFile.ToBytes(original, "seed=1\nlr=0.01 ü");
        Assert.Equal("BPCHECK\x1A"u8.ToArray(), file[..8]);
        var read = CheckpointFile.FromBytes(file);
        Assert.Equal("seed=1\nlr=0.01 ü", read.Tag);
        Assert.Equal(original.Parameters, read.Checkpoint.Parameters);
        Assert.Equal(original.Optimizer.Vectors, read.Checkpoint.Optimizer.Vectors);
        Assert.Equal(original.ShuffleState, read.Checkpoint.ShuffleState);
        Assert.Equal(original.History, read.Checkpoint.History);
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
        BinaryPrimitives.WriteUInt32LittleEndian(version.AsSpan(8), 7);
        Assert.Contains("checkpoint format version 7 is not supported", Rejected(version).Message);
    }

    [Fact]
    public void RejectsAnOverlongTag() =>
        Assert.Throws<ArgumentException>(() => CheckpointFile.ToBytes(Checkpoint(), new string('x', CheckpointFile.MaxTagBytes + 1)));
}
