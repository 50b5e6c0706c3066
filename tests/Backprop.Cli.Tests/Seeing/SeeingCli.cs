using SkiaSharp;

namespace Backprop.Cli.Tests.Seeing;

/// <summary>Runs <c>backprop</c> in-process and checks the images it writes.</summary>
internal static class SeeingCli
{
    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A fresh, empty directory under the system temp folder.</summary>
    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "backprop-seeing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Decodes the PNG and checks its size and that it is not one flat colour; returns the distinct colours.</summary>
    public static int AssertPicture(string path, int width = 800, int height = 600)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        var colours = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add(bitmap.GetPixel(x, y));
        }
        Assert.True(colours.Count > 10, $"only {colours.Count} colours: the picture is blank");
        return colours.Count;
    }
}
