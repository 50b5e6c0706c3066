using Backprop.Persistence;

namespace Backprop.Training.Callbacks;

/// <summary>Saves the complete training state to a checkpoint file (atomically) every <c>epochs</c> epochs.</summary>
public sealed class CheckpointEvery : ITrainingCallback
{
    private readonly string path;
    private readonly int epochs;
    private readonly string tag;

    /// <summary>Creates the rule.</summary>
    /// <param name="path">The checkpoint file, rewritten each time.</param>
    /// <param name="epochs">Epochs between saves (at least 1).</param>
    /// <param name="tag">A fingerprint of the run stored with the checkpoint (see <see cref="CheckpointFile.Save"/>).</param>
    public CheckpointEvery(string path, int epochs = 1, string tag = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentNullException.ThrowIfNull(tag);
        this.path = path;
        this.epochs = epochs;
        this.tag = tag;
    }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context)
    {
        if (context.Report.Epoch % epochs == 0)
            CheckpointFile.Save(path, context.Checkpoint(), tag);
    }
}
