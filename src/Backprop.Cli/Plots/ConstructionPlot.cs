using Backprop.Constructions;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Pictures of the notes' constructions: a threshold network's region with its units' lines, and curves.</summary>
public static class ConstructionPlot
{
    /// <summary>Most unit lines drawn; wider layers are shaded only (a 1000-gon's lines would cover the picture).</summary>
    public const int MostLines = 64;

    /// <summary>
    /// The network's region (shaded, from <paramref name="check"/>'s grid), the first-layer units' lines
    /// (w . x + b = 0), and the exact region's outline: <paramref name="polygons"/> by their vertices and
    /// <paramref name="circles"/> as circles.
    /// </summary>
    public static void Region(string path, RegionCheck check, IReadOnlyList<HalfPlane> lines, IEnumerable<ConvexPolygon> polygons,
        IEnumerable<Circle> circles, string title)
    {
        ArgumentNullException.ThrowIfNull(check);
        var grid = check.Grid;
        var plot = new Plot();
        var shade = plot.Add.Heatmap(BoundaryPlot.Cells(grid));
        shade.Extent = new CoordinateRect(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        shade.Colormap = new ScottPlot.Colormaps.Custom([Colors.White, PlotFile.ClassColor(1).Lighten(0.5)]);
        shade.ManualRange = new ScottPlot.Range(0, 1);

        if (lines.Count <= MostLines)
        {
            foreach (var line in lines)
            {
                var (x1, y1, x2, y2) = Across(line, grid.XMin, grid.XMax, grid.YMin, grid.YMax);
                var drawn = plot.Add.Line(x1, y1, x2, y2);
                drawn.LineColor = Colors.Gray.WithAlpha(0.6);
                drawn.LineWidth = 1;
            }
        }
        foreach (var polygon in polygons)
        {
            var xs = new double[polygon.Sides + 1];
            var ys = new double[polygon.Sides + 1];
            for (int k = 0; k <= polygon.Sides; k++)
            {
                xs[k] = polygon.Vertices[2 * (k % polygon.Sides)];
                ys[k] = polygon.Vertices[2 * (k % polygon.Sides) + 1];
            }
            var outline = plot.Add.ScatterLine(xs, ys, Colors.Black);
            outline.LineWidth = 2;
        }
        foreach (var circle in circles)
        {
            var outline = plot.Add.Circle(circle.Cx, circle.Cy, circle.Radius);
            outline.LineColor = Colors.Black;
            outline.LineWidth = 2;
            outline.FillColor = Colors.Transparent;
        }
        plot.Axes.SetLimits(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        plot.Axes.SquareUnits();
        plot.Title(title);
        plot.XLabel("x1");
        plot.YLabel("x2");
        PlotFile.SavePng(plot, path);
    }

    /// <summary>Curves over one axis: each series is drawn as a line through (xs, ys).</summary>
    public static void Curves(string path, string title, string xLabel, IReadOnlyList<double> xs,
        IReadOnlyList<(string Name, double[] Ys)> series, string yLabel = "y")
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        double[] x = [.. xs];
        for (int k = 0; k < series.Count; k++)
        {
            var line = plot.Add.ScatterLine(x, series[k].Ys, PlotFile.ClassColor(k));
            line.LineWidth = k == 0 ? 3 : 1.5f;
            line.LegendText = series[k].Name;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        PlotFile.SavePng(plot, path);
    }

    // The segment of the line n . x = offset inside the view.
    private static (double, double, double, double) Across(HalfPlane line, double xMin, double xMax, double yMin, double yMax) =>
        Math.Abs(line.Ny) > Math.Abs(line.Nx)
            ? (xMin, (line.Offset - line.Nx * xMin) / line.Ny, xMax, (line.Offset - line.Nx * xMax) / line.Ny)
            : ((line.Offset - line.Ny * yMin) / line.Nx, yMin, (line.Offset - line.Ny * yMax) / line.Nx, yMax);
}
