using Backprop.Persistence;

namespace Backprop.Training.Callbacks;

/// <summary>
/// Runs after every finished epoch of <see cref="Trainer{T}.Fit"/>, in the order given, and may read the epoch's
/// report, stop training or scale the learning rate through the <see cref="TrainingContext"/>. Callbacks compose:
/// pass any number, the built-in ones (<see cref="EarlyStopping"/>, <see cref="ReduceLearningRateOnPlateau"/>,
/// <see cref="EpochLog"/>, <see cref="CheckpointEvery"/>) and your own (<see cref="EpochCallback"/> wraps a lambda).
/// </summary>
public interface ITrainingCallback
{
    /// <summary>Called after epoch <c>context.Report.Epoch</c> finished and was recorded.</summary>
    void OnEpochEnd(TrainingContext context);
}

/// <summary>What a callback sees and may change after an epoch. One instance lives for a whole <see cref="Trainer{T}.Fit"/>.</summary>
public sealed class TrainingContext
{
    private readonly Func<TrainingCheckpoint> checkpoint;
    private double learningRateFactor = 1;

    internal TrainingContext(IReadOnlyList<EpochReport> history, Func<TrainingCheckpoint> checkpoint, double learningRateFactor)
    {
        History = history;
        this.checkpoint = checkpoint;
        this.learningRateFactor = learningRateFactor;
    }

    /// <summary>The epoch that just finished.</summary>
    public EpochReport Report { get; internal set; } = new(0, 0, null, 0, 0, 0);

    /// <summary>The finished epochs' reports, first to last (the current one included), bounded as <see cref="Trainer{T}.History"/> is.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>
    /// Multiplies the schedule's learning rate from the next epoch on (1 at the start; 0.5 halves it). Kept by the
    /// trainer across <see cref="Trainer{T}.Fit"/> calls; not part of a <see cref="TrainingCheckpoint"/>.
    /// </summary>
    public double LearningRateFactor
    {
        get => learningRateFactor;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "the learning-rate factor must be positive and finite");
            learningRateFactor = value;
        }
    }

    /// <summary>The sentence of the first callback that asked to stop, or null.</summary>
    public string? StopMessage { get; private set; }

    /// <summary>Asks the trainer to stop after this epoch (<see cref="StopReason.Callback"/>); the first request's message is kept.</summary>
    public void Stop(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        StopMessage ??= message;
    }

    /// <summary>The complete training state at the end of this epoch, for saving (<see cref="CheckpointFile"/>).</summary>
    public TrainingCheckpoint Checkpoint() => checkpoint();
}

/// <summary>A user callback from a delegate: <c>new EpochCallback(c => Console.WriteLine(c.Report))</c>.</summary>
public sealed class EpochCallback(Action<TrainingContext> onEpochEnd) : ITrainingCallback
{
    private readonly Action<TrainingContext> onEpochEnd = onEpochEnd ?? throw new ArgumentNullException(nameof(onEpochEnd));

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context) => onEpochEnd(context);
}
