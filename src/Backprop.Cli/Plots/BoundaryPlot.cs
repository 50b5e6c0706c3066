using Backprop.Diagnostics;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Decision regions of a two-input classifier, shaded by class, with the data points on top.</summary>
public static class BoundaryPlot
{
    /// <summary>
    /// Draws <paramref name="grid"/> (pale class colours) and the points (row-major <c>n x 2</c>
    /// <paramref name="features"/>, their classes in <paramref name="labels"/>) and writes a PNG.
    /// </summary>
    public static void Save(string path, DecisionGrid grid, ReadOnlySpan<double> features, ReadOnlySpan<int> labels,
        IReadOnlyList<string> classNames, string title, string xLabel = "x1", string yLabel = "x2") =>
        PlotFile.SavePng(Build(grid, features, labels, classNames, title, xLabel, yLabel), path);

    /// <summary>
    /// The plot <see cref="Save"/> writes. The legend lists each class's points with their count, or, without points,
    /// the class regions in their pale colours.
    /// </summary>
    public static Plot Build(DecisionGrid grid, ReadOnlySpan<double> features, ReadOnlySpan<int> labels,
        IReadOnlyList<string> classNames, string title, string xLabel = "x1", string yLabel = "x2")
    {
        ArgumentNullException.ThrowIfNull(grid);
        var plot = new Plot();
        var regions = plot.Add.Heatmap(Cells(grid));
        regions.Extent = new CoordinateRect(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        regions.Colormap = new ClassColormap(classNames.Count);
        regions.ManualRange = new ScottPlot.Range(0, Math.Max(classNames.Count - 1, 1));

        for (int k = 0; k < classNames.Count; k++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] != k)
                    continue;
                xs.Add(features[2 * i]);
                ys.Add(features[2 * i + 1]);
            }
            if (xs.Count == 0)
                continue;
            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), PlotFile.ClassColor(k));
            points.MarkerSize = 6;
            points.MarkerLineColor = Colors.Black;
            points.MarkerLineWidth = 0.5f;
            points.LegendText = $"{classNames[k]} ({Output.Count(xs.Count, "point")})";
        }
        // Without points the legend names the regions, in their pale colours.
        if (labels.Length == 0)
        {
            for (int k = 0; k < classNames.Count; k++)
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{classNames[k]} region",
                    MarkerShape = MarkerShape.FilledSquare,
                    MarkerSize = 12,
                    MarkerFillColor = PlotFile.ClassColor(k).Lighten(0.6),
                    MarkerLineColor = Colors.Gray,
                    MarkerLineWidth = 0.5f,
                });
            }
        }
        plot.Axes.SetLimits(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        return plot;
    }

    /// <summary>The grid's classes as heatmap cells: heatmap rows run top to bottom, the grid's bottom to top.</summary>
    internal static double[,] Cells(DecisionGrid grid)
    {
        var classes = new double[grid.Rows, grid.Columns];
        for (int r = 0; r < grid.Rows; r++)
        {
            for (int c = 0; c < grid.Columns; c++)
                classes[grid.Rows - 1 - r, c] = grid.Classes[r * grid.Columns + c];
        }
        return classes;
    }

    /// <summary>Class k (intensity k / (classes - 1)) drawn in a pale version of its point colour.</summary>
    private sealed class ClassColormap(int classes) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double position)
        {
            int k = (int)Math.Round(Math.Clamp(position, 0, 1) * Math.Max(classes - 1, 1));
            return PlotFile.ClassColor(k).Lighten(0.6);
        }
    }
}
