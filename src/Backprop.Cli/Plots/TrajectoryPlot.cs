using Backprop.Diagnostics;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>The notes' weight-space trajectory picture: loss contours over two weights and the paths descent takes.</summary>
public static class TrajectoryPlot
{
    // The most contour levels drawn: 1, 2 and 5 per decade while they fit, else fewer per decade.
    private const int MaxLevels = 16;

    /// <summary>Pixels added beside the picture for the legend, which then covers no contour or path.</summary>
    public const int LegendWidth = 400;

    // Added before the logarithm, so that a loss of exactly 0 stays finite.
    private const double FloorLoss = 1e-4;

    /// <summary>
    /// Draws <paramref name="surface"/> as contour lines of log10(loss) at round loss values (0.01, 0.02, 0.05, ...), each
    /// labelled with its loss, so that the flat floor of the valley shows; each path as a line with a marker per update
    /// (the first path, full-batch gradient descent, on top and thickest, so that the paths that follow it closely do
    /// not hide it); the start and the <paramref name="minimum"/> if given; the legend to the right of the picture.
    /// Writes a PNG <see cref="LegendWidth"/> wider than the others.
    /// </summary>
    public static void Save(string path, LossSurface surface, IReadOnlyList<DescentPath> paths, string title, Coordinates? minimum = null) =>
        PlotFile.SavePng(Build(surface, paths, title, minimum), path, PlotFile.Width + LegendWidth, PlotFile.Height);

    /// <summary>The plot <see cref="Save"/> writes.</summary>
    public static Plot Build(LossSurface surface, IReadOnlyList<DescentPath> paths, string title, Coordinates? minimum = null)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(paths);
        var plot = new Plot();
        int columns = surface.W1.Length, rows = surface.W2.Length;
        var points = new Coordinates3d[rows, columns];
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double loss = surface.Loss[r * columns + c];
                low = Math.Min(low, loss);
                high = Math.Max(high, loss);
                points[r, c] = new Coordinates3d(surface.W1[c], surface.W2[r], Math.Log10(loss + FloorLoss));
            }
        }
        var contours = plot.Add.ContourLines(points);
        contours.ContourLineLevels = [.. Levels(Math.Max(low, FloorLoss), high).Select(level => Math.Log10(level + FloorLoss))];
        contours.Update(points);
        contours.LineColor = Colors.Gray;
        contours.LabelStyle.IsVisible = false;
        LabelContours(plot, contours, surface);

        // Drawn last to first, so that gradient descent lies on top; the legend lists them first to last.
        var legend = new List<LegendItem>();
        for (int i = paths.Count - 1; i >= 0; i--)
        {
            var line = plot.Add.Scatter(paths[i].W1, paths[i].W2, PlotFile.ClassColor(i));
            line.LineWidth = i == 0 ? 3 : 1.5f;
            line.MarkerSize = paths[i].W1.Length > 200 ? 0 : i == 0 ? 6 : 3;
            legend.Insert(0, new LegendItem
            {
                LabelText = paths[i].Description,
                LineColor = line.LineColor,
                LineWidth = line.LineWidth,
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = line.MarkerSize,
                MarkerFillColor = line.LineColor,
            });
        }
        if (paths.Count > 0)
        {
            plot.Add.Markers(new[] { new Coordinates(paths[0].W1[0], paths[0].W2[0]) }, MarkerShape.FilledSquare, 9, Colors.Black);
            legend.Add(new LegendItem { LabelText = "start", MarkerShape = MarkerShape.FilledSquare, MarkerSize = 9, MarkerFillColor = Colors.Black });
        }
        if (minimum is Coordinates best)
        {
            plot.Add.Markers(new[] { best }, MarkerShape.Cross, 12, Colors.Black);
            legend.Add(new LegendItem
            {
                LabelText = $"minimum ({Output.Number(best.X, 3)}, {Output.Number(best.Y, 3)}), where the loss is 0",
                MarkerShape = MarkerShape.Cross,
                MarkerSize = 12,
                MarkerLineColor = Colors.Black,
            });
        }
        plot.Axes.SetLimits(surface.W1[0], surface.W1[^1], surface.W2[0], surface.W2[^1]);
        plot.Title(title);
        plot.XLabel("w1");
        plot.YLabel("w2");
        // Beside the picture, where it covers no contour label (ScottPlot cuts off a legend below it).
        plot.Legend.ManualItems.AddRange(legend);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    // Round loss values between low and high: 1, 2 and 5 per decade, thinned to 1 and 3, then 1, to stay under MaxLevels.
    private static List<double> Levels(double low, double high)
    {
        foreach (double[] steps in new[] { new double[] { 1, 2, 5 }, [1, 3], [1] })
        {
            var levels = new List<double>();
            for (int decade = (int)Math.Floor(Math.Log10(low)); decade <= (int)Math.Ceiling(Math.Log10(high)); decade++)
            {
                foreach (double step in steps)
                {
                    double level = step * Math.Pow(10, decade);
                    if (level > low && level < high)
                        levels.Add(level);
                }
            }
            if (levels.Count <= MaxLevels)
                return levels;
        }
        return [];
    }

    // Each contour's loss, written on the line at the point farthest along it that keeps clear of the labels placed before.
    private static void LabelContours(Plot plot, ScottPlot.Plottables.ContourLines contours, LossSurface surface)
    {
        double clearance = 0.08 * Math.Max(surface.W1[^1] - surface.W1[0], surface.W2[^1] - surface.W2[0]);
        var placed = new List<Coordinates>();
        foreach (var line in contours.Lines.OrderByDescending(l => l.Z))
        {
            Coordinates[] along = line.Path.Points;
            if (along.Length < 4)
                continue;
            Coordinates? spot = null;
            // Try the middle of the line first, then points on either side of it.
            for (int offset = 0; offset < along.Length / 2 && spot is null; offset += Math.Max(1, along.Length / 20))
            {
                foreach (int index in new[] { along.Length / 2 + offset, along.Length / 2 - offset })
                {
                    var candidate = along[Math.Clamp(index, 0, along.Length - 1)];
                    if (placed.All(p => Math.Abs(p.X - candidate.X) > clearance || Math.Abs(p.Y - candidate.Y) > clearance / 2))
                    {
                        spot = candidate;
                        break;
                    }
                }
            }
            if (spot is not Coordinates at)
                continue;
            placed.Add(at);
            var label = plot.Add.Text(Output.Number(Math.Pow(10, line.Z) - FloorLoss, 2), at.X, at.Y);
            label.LabelFontSize = 10;
            label.LabelFontColor = Colors.DimGray;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
            label.LabelAlignment = Alignment.MiddleCenter;
        }
    }
}
