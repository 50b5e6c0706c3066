using Backprop.Training;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Learning curves: loss per epoch on the left axis, accuracy on the right, training and test.</summary>
public static class TrainingPlot
{
    /// <summary>
    /// Draws the losses of <paramref name="history"/> (training, and test where it was measured) and, when given,
    /// the accuracies per epoch (one value per epoch of <paramref name="history"/>), and writes a PNG.
    /// </summary>
    public static void Save(string path, IReadOnlyList<EpochReport> history, IReadOnlyList<double>? trainAccuracy = null,
        IReadOnlyList<double>? testAccuracy = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = new Plot();
        double[] epochs = [.. history.Select(r => (double)r.Epoch)];
        double[] trainLoss = [.. history.Select(r => r.TrainLoss)];
        var train = plot.Add.Scatter(epochs, trainLoss, PlotFile.ClassColor(0));
        train.LegendText = "training loss";
        train.MarkerSize = history.Count > 50 ? 0 : 4;
        var tested = history.Where(r => r.ValidationLoss is not null).ToList();
        if (tested.Count > 0)
        {
            double[] testEpochs = [.. tested.Select(r => (double)r.Epoch)];
            double[] testLoss = [.. tested.Select(r => r.ValidationLoss!.Value)];
            var test = plot.Add.Scatter(testEpochs, testLoss, PlotFile.ClassColor(1));
            test.LegendText = "test loss";
            test.MarkerSize = train.MarkerSize;
        }
        AddAccuracy(plot, epochs, trainAccuracy, "training accuracy", PlotFile.ClassColor(0));
        AddAccuracy(plot, epochs, testAccuracy, "test accuracy", PlotFile.ClassColor(1));
        plot.Title("Loss and accuracy per epoch");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.MiddleRight);
        PlotFile.SavePng(plot, path);
    }

    // Accuracy on the right axis, dashed, in the colour of the matching loss.
    private static void AddAccuracy(Plot plot, double[] epochs, IReadOnlyList<double>? accuracy, string label, Color color)
    {
        if (accuracy is null)
            return;
        if (accuracy.Count != epochs.Length)
            throw new ArgumentException($"{accuracy.Count} accuracies for {epochs.Length} epochs.", nameof(accuracy));
        double[] values = [.. accuracy];
        var line = plot.Add.Scatter(epochs, values, color);
        line.LegendText = label;
        line.LinePattern = LinePattern.Dashed;
        line.MarkerSize = 0;
        line.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Right);
    }
}
