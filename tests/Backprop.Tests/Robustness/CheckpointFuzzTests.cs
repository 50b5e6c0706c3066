using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;
using Xunit.Abstractions;

namespace Backprop.Tests.Robustness;

/// <summary>
/// Mutated training checkpoints, raw (<see cref="TrainingCheckpoint.ReadFrom"/>: <see cref="InvalidDataException"/>)
/// and as files (<see cref="CheckpointFile.FromBytes"/>: <see cref="ModelFileException"/>); an accepted one must restore.
/// </summary>
public class CheckpointFuzzTests(ITestOutputHelper output)
{
    private static readonly TrainingCheckpoint[] Checkpoints = [Trained(new Adam(0.01), patience: 3), Trained(new Sgd(0.1), patience: null)];

    private static TrainingCheckpoint Trained(Optimizer optimizer, int? patience)
    {
        var trainer = Trainer(optimizer, patience);
        var xor = Dataset<float>.FromDoubles([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);
        trainer.Fit(xor, patience is null ? null : xor);
        return trainer.Checkpoint();
    }

    private static Trainer<float> Trainer(Optimizer optimizer, int? patience) =>
        new(NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(1, Activation.Sigmoid).Build<float>(seed: 1),
            Loss.BinaryCrossEntropy, optimizer, new TrainingOptions { Epochs = 4, BatchSize = 2, Patience = patience });

    private static byte[] Raw(TrainingCheckpoint checkpoint)
    {
        using var stream = new MemoryStream();
        checkpoint.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public void MutatedCheckpointsReadOrFailWithInvalidDataException()
    {
        byte[][] corpus = [.. Checkpoints.Select(Raw)];
        Fuzz.Run<InvalidDataException>(output, "checkpoint", Fuzz.Cases(2_000), random =>
        {
            int which = random.Next(corpus.Length);
            var checkpoint = TrainingCheckpoint.ReadFrom(new MemoryStream(Fuzz.Mutate(corpus[which], random)));
            Restore(checkpoint, which);
        });
    }

    [Fact]
    public void MutatedCheckpointFilesLoadOrFailWithAModelFileException()
    {
        byte[][] corpus = [.. Checkpoints.Select(c => CheckpointFile.ToBytes(c, "data-sha256=0\nseed=1"))];
        Fuzz.Run<ModelFileException>(output, "checkpoint file", Fuzz.Cases(2_000), random =>
        {
            int which = random.Next(corpus.Length);
            byte[] file = Fuzz.Mutate(corpus[which], random);
            if (random.Next(2) == 0)
                Fuzz.Reseal(file);
            Restore(CheckpointFile.FromBytes(file, "fuzz.bpcheck").Checkpoint, which);
        });
    }

    // A checkpoint that reads back must restore into the trainer it came from, or say why it does not fit.
    private static void Restore(TrainingCheckpoint checkpoint, int which)
    {
        var trainer = which == 0 ? Trainer(new Adam(0.01), 3) : Trainer(new Sgd(0.1), null);
        try
        {
            trainer.Restore(checkpoint);
        }
        catch (ArgumentException)
        {
            // Documented: another precision, size or optimizer than this trainer's.
        }
    }
}
