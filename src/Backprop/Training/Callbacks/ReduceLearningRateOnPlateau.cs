namespace Backprop.Training.Callbacks;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when the monitored loss has not improved by more than <c>minDelta</c>
/// for <c>patience</c> epochs, then waits <c>patience</c> epochs again; never below <c>minRate</c>.
/// </summary>
public sealed class ReduceLearningRateOnPlateau : ITrainingCallback
{
    private readonly PlateauTracker tracker;
    private readonly int patience;
    private readonly double factor;
    private readonly double minRate;

    /// <summary>Creates the rule.</summary>
    /// <param name="factor">What the rate is multiplied by on a plateau, in (0, 1).</param>
    /// <param name="patience">Epochs without improvement before a cut (at least 1).</param>
    /// <param name="minDelta">How much lower than the best a loss must be to count as an improvement.</param>
    /// <param name="minRate">The rate is not cut below this.</param>
    /// <param name="monitor">Which loss to watch.</param>
    public ReduceLearningRateOnPlateau(double factor = 0.5, int patience = 5, double minDelta = 0, double minRate = 0, MonitoredLoss monitor = MonitoredLoss.Auto)
    {
        if (!(factor > 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the factor must lie in (0, 1)");
        if (!(minRate >= 0) || double.IsInfinity(minRate))
            throw new ArgumentOutOfRangeException(nameof(minRate), minRate, "the smallest rate must be zero or positive and finite");
        PlateauTracker.Check(patience, minDelta);
        this.factor = factor;
        this.patience = patience;
        this.minRate = minRate;
        tracker = new PlateauTracker(monitor, minDelta);
    }

    /// <summary>Learning-rate cuts so far.</summary>
    public int Reductions { get; private set; }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context)
    {
        if (!tracker.Observe(context.Report) || tracker.SinceBest < patience)
            return;
        double rate = context.Report.LearningRate;
        if (rate * factor >= minRate)
        {
            context.LearningRateFactor *= factor;
            Reductions++;
        }
        tracker.ResetWait();
    }
}
