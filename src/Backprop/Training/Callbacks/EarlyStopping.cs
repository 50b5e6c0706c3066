using System.Globalization;

namespace Backprop.Training.Callbacks;

/// <summary>
/// Stops training when the monitored loss has not improved by more than <c>minDelta</c> for <c>patience</c> epochs.
/// Unlike <see cref="TrainingOptions.Patience"/> it may watch the training loss and keeps the last weights; use the
/// option where the best validation weights should be restored.
/// </summary>
public sealed class EarlyStopping : ITrainingCallback
{
    private readonly PlateauTracker tracker;
    private readonly int patience;

    /// <summary>Creates the rule.</summary>
    /// <param name="patience">Epochs without improvement before stopping (at least 1).</param>
    /// <param name="minDelta">How much lower than the best a loss must be to count as an improvement.</param>
    /// <param name="monitor">Which loss to watch.</param>
    public EarlyStopping(int patience, double minDelta = 0, MonitoredLoss monitor = MonitoredLoss.Auto)
    {
        PlateauTracker.Check(patience, minDelta);
        this.patience = patience;
        tracker = new PlateauTracker(monitor, minDelta);
    }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context)
    {
        if (tracker.Observe(context.Report) && tracker.SinceBest >= patience)
        {
            context.Stop(string.Create(CultureInfo.InvariantCulture,
                $"Early stopping: the loss has not improved for {patience} epochs since epoch {tracker.BestEpoch} ({NumberText.Format(tracker.Best, 6)})."));
        }
    }
}
