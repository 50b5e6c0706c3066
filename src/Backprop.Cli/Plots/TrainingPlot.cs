using Backprop.Training;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Learning curves: loss per epoch on the left axis, accuracy on the right, training and validation.</summary>
public static class TrainingPlot
{
    // A loss that falls by this factor or more is drawn on a log scale, so that its later epochs do not lie flat on 0.
    private const double LogScaleSpan = 100;

    /// <summary>
    /// Draws the losses of <paramref name="history"/> (training, and validation where it was measured) and, when given,
    /// the accuracies per epoch (one value per epoch of <paramref name="history"/>), and writes a PNG.
    /// <paramref name="title"/> says what is shown; <paramref name="lossLabel"/> names the loss axis with its units. A loss
    /// axis starts at 0, or is a log scale where the loss falls by a factor of 100 or more.
    /// </summary>
    public static void Save(string path, IReadOnlyList<EpochReport> history, IReadOnlyList<double>? trainAccuracy = null,
        IReadOnlyList<double>? validationAccuracy = null, string title = "Loss and accuracy per epoch", string lossLabel = "loss") =>
        PlotFile.SavePng(Build(history, trainAccuracy, validationAccuracy, title, lossLabel), path);

    /// <summary>The plot <see cref="Save"/> writes.</summary>
    public static Plot Build(IReadOnlyList<EpochReport> history, IReadOnlyList<double>? trainAccuracy = null,
        IReadOnlyList<double>? validationAccuracy = null, string title = "Loss and accuracy per epoch", string lossLabel = "loss")
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = new Plot();
        double[] epochs = [.. history.Select(r => (double)r.Epoch)];
        double[] trainLoss = [.. history.Select(r => r.TrainLoss)];
        var tested = history.Where(r => r.ValidationLoss is not null).ToList();
        double[] validationEpochs = [.. tested.Select(r => (double)r.Epoch)];
        double[] validationLoss = [.. tested.Select(r => r.ValidationLoss!.Value)];
        double[] all = [.. trainLoss.Concat(validationLoss).Where(double.IsFinite)];
        bool log = all.Length > 0 && all.Min() > 0 && all.Max() / all.Min() >= LogScaleSpan;

        var train = plot.Add.Scatter(epochs, log ? Log10(trainLoss) : trainLoss, PlotFile.ClassColor(0));
        train.LegendText = "training loss";
        train.MarkerSize = history.Count > 50 ? 0 : 4;
        if (tested.Count > 0)
        {
            var validation = plot.Add.Scatter(validationEpochs, log ? Log10(validationLoss) : validationLoss, PlotFile.ClassColor(1));
            validation.LegendText = "validation loss";
            validation.MarkerSize = train.MarkerSize;
        }
        AddAccuracy(plot, epochs, trainAccuracy, "training accuracy", PlotFile.ClassColor(0));
        AddAccuracy(plot, epochs, validationAccuracy, "validation accuracy", PlotFile.ClassColor(1));
        plot.Title(title);
        plot.XLabel("epoch");
        // Epochs are whole: no tick at 2.5.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (log)
        {
            plot.Axes.Left.TickGenerator = LogTicks(all.Min(), all.Max());
            plot.YLabel(lossLabel + ", log scale");
            plot.ShowLegend(Alignment.LowerLeft);
        }
        else if (all.Length > 0)
        {
            // A loss is never negative: the axis starts at 0.
            plot.YLabel(lossLabel);
            plot.Axes.SetLimitsY(0, Math.Max(all.Max(), 1e-12) * 1.05, plot.Axes.Left);
            plot.ShowLegend(Alignment.MiddleRight);
        }
        return plot;
    }

    private static double[] Log10(double[] values) => [.. values.Select(Math.Log10)];

    // On a log10 axis: ticks labelled with the loss at 1, 2 and 5 times each power of ten, minor ticks between.
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double low, double high)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(Math.Log10(low)); decade <= (int)Math.Ceiling(Math.Log10(high)); decade++)
        {
            for (int step = 1; step <= 9; step++)
            {
                double value = step * Math.Pow(10, decade);
                if (step is 1 or 2 or 5)
                    ticks.AddMajor(Math.Log10(value), Output.Number(value));
                else
                    ticks.AddMinor(Math.Log10(value));
            }
        }
        return ticks;
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
