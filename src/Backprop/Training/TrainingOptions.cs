namespace Backprop.Training;

/// <summary>
/// How a <see cref="Trainer{T}"/> runs. Immutable; every property is checked when set, naming the bad value.
/// </summary>
public sealed record TrainingOptions
{
    private readonly int epochs = 100;
    private readonly int batchSize = 32;
    private readonly LearningRateSchedule schedule = LearningRateSchedule.Constant;
    private readonly double weightDecay;
    private readonly double? lossChangeTolerance;
    private readonly double? gradientNormTolerance;
    private readonly double? maxGradientNorm = 1e8;
    private readonly int? patience;

    /// <summary>Most epochs in total (passes over the training set). Default 100, at least 1.</summary>
    public int Epochs
    {
        get => epochs;
        init => epochs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, $"Epochs must be at least 1, got {value}.");
    }

    /// <summary>
    /// Patterns per update: 0 = full batch (all T patterns, one update per epoch), 1 = stochastic (T updates per
    /// epoch), m = mini-batch (ceil(T / m) updates, the last batch may be smaller). Default 32.
    /// </summary>
    public int BatchSize
    {
        get => batchSize;
        init => batchSize = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, $"BatchSize must be 0 (full batch) or more, got {value}.");
    }

    /// <summary>Present the patterns in a new random order every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffling random number generator. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The learning rate per epoch, from the optimizer's rate when the trainer was made. Default constant.</summary>
    public LearningRateSchedule Schedule
    {
        get => schedule;
        init => schedule = value ?? throw new ArgumentNullException(nameof(Schedule));
    }

    /// <summary>
    /// L2 weight decay lambda: the trainer adds lambda w to every gradient before the optimizer's step (the gradient of
    /// lambda/2 ||w||^2, applied to weights and biases alike). The reported loss leaves the penalty out. Default 0.
    /// </summary>
    public double WeightDecay
    {
        get => weightDecay;
        init => weightDecay = Optimizers.Check.NonNegative(value, nameof(WeightDecay));
    }

    /// <summary>Stop (<see cref="StopReason.LossConverged"/>) when the training loss changes by less than this between epochs. Default off.</summary>
    public double? LossChangeTolerance
    {
        get => lossChangeTolerance;
        init => lossChangeTolerance = value is null ? null : Optimizers.Check.Positive(value.Value, nameof(LossChangeTolerance));
    }

    /// <summary>
    /// Stop (<see cref="StopReason.GradientConverged"/>) when the epoch's gradient norm (<see cref="EpochReport.GradientNorm"/>)
    /// falls below this. Default off.
    /// </summary>
    public double? GradientNormTolerance
    {
        get => gradientNormTolerance;
        init => gradientNormTolerance = value is null ? null : Optimizers.Check.Positive(value.Value, nameof(GradientNormTolerance));
    }

    /// <summary>
    /// Exploding gradients count as divergence: stop (<see cref="StopReason.Diverged"/>) when an epoch's gradient norm
    /// exceeds this and its mean loss rose (above the previous epoch's; in the first epoch, above the loss of its first
    /// batch, that of the starting weights), so a converging run, however large its gradients (unscaled data), is never
    /// stopped. Default 1e8, far above any norm of a network that is learning (single digits on the bundled data
    /// sets) and far below what a learning rate of 1e6 gives even an optimizer whose steps stay finite (Adam: ~1e13).
    /// Null turns the rule off.
    /// </summary>
    public double? MaxGradientNorm
    {
        get => maxGradientNorm;
        init => maxGradientNorm = value is null ? null : Optimizers.Check.Positive(value.Value, nameof(MaxGradientNorm));
    }

    /// <summary>
    /// Early stopping: stop (<see cref="StopReason.EarlyStopped"/>) after this many epochs without a lower validation
    /// loss, and put back the weights of the best epoch. Needs a validation set. Default off.
    /// </summary>
    public int? Patience
    {
        get => patience;
        init => patience = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Patience), value, $"Patience must be at least 1, got {value}.");
    }
}
