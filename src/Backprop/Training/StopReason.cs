namespace Backprop.Training;

/// <summary>Why training stopped.</summary>
public enum StopReason
{
    /// <summary>All <see cref="TrainingOptions.Epochs"/> ran.</summary>
    MaxEpochs,

    /// <summary>The training loss changed by less than <see cref="TrainingOptions.LossChangeTolerance"/>.</summary>
    LossConverged,

    /// <summary>The gradient norm fell below <see cref="TrainingOptions.GradientNormTolerance"/>.</summary>
    GradientConverged,

    /// <summary>The validation loss did not improve for <see cref="TrainingOptions.Patience"/> epochs; the best weights were restored.</summary>
    EarlyStopped,

    /// <summary>The cancellation token fired; the parameters are those after the last finished batch.</summary>
    Cancelled,

    /// <summary>The loss or a parameter became NaN or infinite; the parameters were put back to the last finished epoch's.</summary>
    Diverged,

    /// <summary>A training callback asked to stop (<see cref="Callbacks.TrainingContext.Stop"/>), e.g. <see cref="Callbacks.EarlyStopping"/>.</summary>
    Callback,
}

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">Its number, from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches, weighted by batch size, each taken before its update (without the weight-decay penalty).</param>
/// <param name="ValidationLoss">The mean loss on the validation set after the epoch, if there is one.</param>
/// <param name="LearningRate">The learning rate used in the epoch.</param>
/// <param name="GradientNorm">The L2 norm of the epoch's gradients averaged over its batches, weighted by batch size (for full batch: the gradient of the epoch's one update).</param>
/// <param name="Updates">Optimizer steps in the epoch.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double? ValidationLoss, double LearningRate, double GradientNorm, int Updates);

/// <summary>The outcome of <see cref="Trainer{T}.Fit"/>.</summary>
/// <param name="Reason">Which rule stopped training.</param>
/// <param name="Epochs">Epochs finished in total (including those before a restored checkpoint).</param>
/// <param name="Updates">Optimizer steps in total.</param>
/// <param name="History">The finished epochs' reports, first to last, bounded as <see cref="Trainer{T}.History"/> is (the last 1,000 epochs all, at most 1,000 evenly spaced before them).</param>
/// <param name="Message">A sentence saying which rule stopped training and why.</param>
public sealed record TrainingResult(StopReason Reason, int Epochs, long Updates, IReadOnlyList<EpochReport> History, string Message);
