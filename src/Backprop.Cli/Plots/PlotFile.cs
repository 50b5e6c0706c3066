using Backprop.Persistence;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Writes plots as PNG files, atomically (a crash never leaves half an image).</summary>
public static class PlotFile
{
    /// <summary>Default image width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Default image height in pixels.</summary>
    public const int Height = 600;

    /// <summary>Renders <paramref name="plot"/> to a PNG of the given size at <paramref name="path"/>.</summary>
    public static void SavePng(Plot plot, string path, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        try
        {
            AtomicFile.WriteAllBytes(path, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot write {path}: {e.Message}");
        }
    }

    /// <summary>The colour of class <paramref name="index"/> (a fixed palette, so pictures compare).</summary>
    public static Color ClassColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
