namespace Backprop.Training.Callbacks;

/// <summary>Which loss a callback watches.</summary>
public enum MonitoredLoss
{
    /// <summary>The validation loss when there is a validation set, else the training loss.</summary>
    Auto,

    /// <summary>The epoch's mean training loss.</summary>
    TrainLoss,

    /// <summary>The validation loss (an epoch without one is skipped).</summary>
    ValidationLoss,
}

/// <summary>Tracks the best value of a monitored loss and the epochs since it improved by more than a margin.</summary>
internal sealed class PlateauTracker(MonitoredLoss monitor, double minDelta)
{
    public double Best { get; private set; } = double.PositiveInfinity;

    public int BestEpoch { get; private set; }

    public int SinceBest { get; private set; }

    /// <summary>Records the epoch; false when the monitored loss is not available for it.</summary>
    public bool Observe(EpochReport report)
    {
        double? value = monitor switch
        {
            MonitoredLoss.TrainLoss => report.TrainLoss,
            MonitoredLoss.ValidationLoss => report.ValidationLoss,
            _ => report.ValidationLoss ?? report.TrainLoss,
        };
        if (value is not double current)
            return false;
        if (current < Best - minDelta)
        {
            Best = current;
            BestEpoch = report.Epoch;
            SinceBest = 0;
        }
        else
        {
            SinceBest++;
        }
        return true;
    }

    /// <summary>Starts counting again from the current best (after a learning-rate cut).</summary>
    public void ResetWait() => SinceBest = 0;

    public static void Check(int patience, double minDelta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patience);
        if (!(minDelta >= 0) || double.IsInfinity(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "the improvement margin must be zero or positive and finite");
    }
}
