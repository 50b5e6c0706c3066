using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;
using Xunit.Abstractions;

namespace Backprop.Tests.Robustness;

/// <summary>
/// Mutated checkpoint files (<see cref="CheckpointFile.FromBytes"/>: <see cref="ModelFileException"/>), resealed half the
/// time so that the body reader, not only the checksum, meets the damage; an accepted one must restore.
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
