using System.Numerics;
using Backprop.Training;

namespace Backprop.Cli.Plots;

/// <summary>
/// Collects what <c>train --plot</c> draws beyond the trainer's own history: for classification, the accuracy on the
/// training and validation parts after every epoch, kept for the same epochs as the trainer's bounded history
/// (<see cref="EpochSeries"/>), so the two stay paired however long the run.
/// </summary>
public sealed class LearningCurves<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Network<T> network;
    private readonly Dataset<T> train;
    private readonly Dataset<T>? validation;
    private readonly bool classification;
    private readonly EpochSeries<double> trainAccuracy = new();
    private readonly EpochSeries<double> validationAccuracy = new();

    /// <summary>Watches <paramref name="network"/>; accuracies only when <paramref name="classification"/> (one-hot targets).</summary>
    public LearningCurves(Network<T> network, Dataset<T> train, Dataset<T>? validation, bool classification)
    {
        this.network = network;
        this.train = train;
        this.validation = validation;
        this.classification = classification;
    }

    /// <summary><paramref name="onEpoch"/>, then the accuracies of the epoch's weights.</summary>
    public Action<EpochReport> After(Action<EpochReport> onEpoch) => report =>
    {
        onEpoch(report);
        if (!classification)
            return;
        trainAccuracy.Add(Accuracy(train));
        if (validation is not null)
            validationAccuracy.Add(Accuracy(validation));
    };

    /// <summary>
    /// Writes the learning curves of <paramref name="history"/> with the collected accuracies to a PNG, titled for what it
    /// shows. A regression's loss is that of the standardised target (what the network fits), and the axis says so.
    /// </summary>
    public void Save(string path, IReadOnlyList<EpochReport> history)
    {
        if (classification)
            TrainingPlot.Save(path, history, trainAccuracy, validation is not null ? validationAccuracy : null, "Classification: loss and accuracy per epoch");
        else
            TrainingPlot.Save(path, history, title: "Regression: loss per epoch", lossLabel: "loss on the standardised target");
    }

    private double Accuracy(Dataset<T> data)
    {
        int[] predicted = Metrics.ArgMax(network.Forward(data.Inputs, data.Rows), data.Rows, data.OutputCount);
        int[] actual = Metrics.ArgMax<T>(data.Targets, data.Rows, data.OutputCount);
        return Metrics.Accuracy(predicted, actual);
    }
}
