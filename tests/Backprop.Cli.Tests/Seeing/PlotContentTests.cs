using Backprop.Cli.Plots;
using Backprop.Diagnostics;
using Backprop.Training;
using ScottPlot;

namespace Backprop.Cli.Tests.Seeing;

/// <summary>What each plot says: titles for what it shows, loss axes that never dip below 0, labels and legends that show.</summary>
public class PlotContentTests
{
    private static List<EpochReport> History(params double[] losses) =>
        [.. losses.Select((loss, i) => new EpochReport(i + 1, loss, loss * 1.1, 0.01, 1, 1))];

    [Fact]
    public void ARegressionsCurvesSayWhatTheyShowAndStartAtZero()
    {
        var plot = TrainingPlot.Build(History(0.9, 0.5, 0.3, 0.2), title: "Regression: loss per epoch", lossLabel: "loss on the standardised target");
        Assert.Equal("Regression: loss per epoch", plot.Axes.Title.Label.Text);
        Assert.Equal("loss on the standardised target", plot.Axes.Left.Label.Text);
        plot.GetImageBytes(400, 300, ImageFormat.Png);
        Assert.Equal(0, plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Left).Bottom);
    }

    [Fact]
    public void ALossThatFallsByDecadesIsOnALogScaleLabelledWithTheLoss()
    {
        var plot = TrainingPlot.Build(History(2, 0.5, 0.05, 0.004, 0.001));
        Assert.EndsWith("log scale", plot.Axes.Left.Label.Text);
        plot.GetImageBytes(400, 300, ImageFormat.Png);
        var labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.Contains("0.001", labels);
        Assert.Contains("0.01", labels);
        Assert.Contains("1", labels);
        Assert.DoesNotContain(labels, l => l.StartsWith('-'));
    }

    [Fact]
    public void TheSecondCurveIsNamedForTheValidationPartAndEpochsAreWhole()
    {
        // train --plot draws the validation part's loss and accuracy (the test part stays unseen until the end).
        var plot = TrainingPlot.Build(History(0.9, 0.5, 0.3, 0.2, 0.15), [0.5, 0.6, 0.7, 0.8, 0.9], [0.4, 0.5, 0.6, 0.7, 0.8]);
        var legend = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToList();
        Assert.Equal(["training loss", "validation loss", "training accuracy", "validation accuracy"], legend);
        plot.GetImageBytes(400, 300, ImageFormat.Png);
        var epochs = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToList();
        Assert.NotEmpty(epochs);
        Assert.All(epochs, e => Assert.Equal(Math.Round(e), e));
    }

    [Fact]
    public void TrainLabelsItsPlotsByTask()
    {
        using var dir = new TempDir();
        string data = dir.File("line.csv", "x,y\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i * 0.1:0.0},{i * 0.3 + 1:0.0}")) + "\n");
        var result = Cli.Run("train", data, "--epochs", "3", "-q", "--model", dir["m.bpmodel"], "--plot", dir["r.png"]);
        Assert.True(result.Code == 0, result.ToString());
        SeeingCli.AssertPicture(dir["r.png"]);
    }

    [Fact]
    public void ABoundaryWithoutPointsListsItsRegionsAndOneWithPointsCountsThem()
    {
        var grid = DecisionGrid.Compute((x, rows) => [.. Enumerable.Range(0, rows).SelectMany(r => x[2 * r] > 0 ? new[] { 0.0, 1 } : [1.0, 0])],
            2, -1, 1, -1, 1, 10, 10);
        var regions = BoundaryPlot.Build(grid, [], [], ["left", "right"], "title");
        Assert.Equal(["left region", "right region"], regions.Legend.ManualItems.Select(i => i.LabelText));

        var points = BoundaryPlot.Build(grid, [0.5, 0.5, -0.5, 0.5, -0.2, 0.1], [1, 0, 0], ["left", "right"], "title");
        Assert.Empty(points.Legend.ManualItems);
        Assert.Equal(["left (2 points)", "right (1 point)"],
            points.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText));
    }

    [Fact]
    public void ABoundaryOfAModelPutsTheArchitectureOnASecondLine()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("train", "xor", "--epochs", "2", "-q", "--model", dir["x.bpmodel"]).Code);
        var result = Cli.Run("boundary", dir["x.bpmodel"], dir["b.png"], "--data", "xor", "--resolution", "20");
        Assert.True(result.Code == 0, result.ToString());
        SeeingCli.AssertPicture(dir["b.png"]);
    }

    [Fact]
    public void TrajectoryContoursAreLabelledAndGradientDescentIsDrawnOnTop()
    {
        var space = WeightSpace.SigmoidUnit(0, 40);
        var paths = space.NotesPaths(-2, 2.5, 2, 10, 8, 0.7, 0);
        var plot = TrajectoryPlot.Build(space.Surface(-3, 4, -2, 3.5, 41), paths, "t", new Coordinates(2, -1));

        var labels = plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Select(t => t.LabelText).ToList();
        Assert.True(labels.Count >= 5, string.Join(", ", labels));
        Assert.All(labels, l => Assert.True(double.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out double v) && v > 0, l));
        // Round values: 1, 2 or 5 times a power of ten.
        Assert.Contains("0.1", labels);

        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(paths.Count, lines.Count);
        Assert.Equal(paths[0].W1, lines[^1].Data.GetScatterPoints().Select(p => p.X));
        Assert.True(lines[^1].LineWidth > lines[0].LineWidth);
        // The legend, beside the picture, lists the paths in order, then the start and the minimum.
        Assert.Equal([.. paths.Select(p => p.Description), "start", "minimum (2, -1), where the loss is 0"],
            plot.Legend.ManualItems.Select(i => i.LabelText));
    }
}
