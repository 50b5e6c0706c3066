using Backprop.Diagnostics;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>The notes' weight-space trajectory picture: loss contours over two weights and the paths descent takes.</summary>
public static class TrajectoryPlot
{
    // Contour levels drawn over the surface.
    private const int Levels = 14;

    // Added before the logarithm, so that a loss of exactly 0 stays finite.
    private const double FloorLoss = 1e-4;

    /// <summary>
    /// Draws <paramref name="surface"/> as contour lines of log10(loss), so that the flat floor of the valley shows, each
    /// path as a line with a marker per update, and the <paramref name="minimum"/> if given; writes a PNG.
    /// </summary>
    public static void Save(string path, LossSurface surface, IReadOnlyList<DescentPath> paths, string title, Coordinates? minimum = null)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(paths);
        var plot = new Plot();
        int columns = surface.W1.Length, rows = surface.W2.Length;
        var points = new Coordinates3d[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                points[r, c] = new Coordinates3d(surface.W1[c], surface.W2[r], Math.Log10(surface.Loss[r * columns + c] + FloorLoss));
        }
        var contours = plot.Add.ContourLines(points, Levels);
        contours.LineColor = Colors.Gray;
        contours.LabelStyle.IsVisible = false;

        for (int i = 0; i < paths.Count; i++)
        {
            var line = plot.Add.Scatter(paths[i].W1, paths[i].W2, PlotFile.ClassColor(i));
            line.LegendText = paths[i].Description;
            line.LineWidth = 1.5f;
            line.MarkerSize = paths[i].W1.Length > 200 ? 0 : 3;
        }
        if (paths.Count > 0)
        {
            var start = plot.Add.Markers(new[] { new Coordinates(paths[0].W1[0], paths[0].W2[0]) }, MarkerShape.FilledSquare, 9, Colors.Black);
            start.LegendText = "start";
        }
        if (minimum is Coordinates best)
        {
            var marker = plot.Add.Markers(new[] { best }, MarkerShape.Cross, 12, Colors.Black);
            marker.LegendText = $"minimum ({best.X:G3}, {best.Y:G3})";
        }
        plot.Axes.SetLimits(surface.W1[0], surface.W1[^1], surface.W2[0], surface.W2[^1]);
        plot.Title(title);
        plot.XLabel("w1");
        plot.YLabel("w2");
        plot.ShowLegend(Alignment.LowerLeft);
        PlotFile.SavePng(plot, path);
    }
}
