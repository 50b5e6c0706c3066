namespace Backprop.Cli.Tests.Seeing;

public class PlotCommandTests
{
    [Theory]
    [InlineData("xor")]
    [InlineData("circles")]
    [InlineData("spirals")]
    [InlineData("blobs")]
    public void BoundaryTrainsOnGeneratedDataAndDrawsThePicture(string data)
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), data + ".png");
        var (code, output, error) = SeeingCli.Run("boundary", data, png, "--points", "80", "--epochs", "60", "--resolution", "60");

        Assert.True(code == 0, error);
        Assert.Contains("training accuracy", output);
        SeeingCli.AssertPicture(png);
    }

    [Fact]
    public void BoundaryOfASavedModelWithItsData()
    {
        string dir = SeeingCli.TempDirectory();
        string model = Path.Combine(dir, "xor.bpmodel");
        Assert.Equal(0, SeeingCli.Run("train", "xor", "--epochs", "20", "--model", model, "--quiet").Code);
        string png = Path.Combine(dir, "regions.png");

        var (code, _, error) = SeeingCli.Run("boundary", model, png, "--data", "xor", "--resolution", "50");

        Assert.True(code == 0, error);
        SeeingCli.AssertPicture(png);
    }

    [Fact]
    public void BoundaryRefusesUnknownSourcesAndWideModels()
    {
        string dir = SeeingCli.TempDirectory();
        Assert.Equal(2, SeeingCli.Run("boundary", "moons", Path.Combine(dir, "x.png")).Code);
        string model = Path.Combine(dir, "iris.bpmodel");
        Assert.Equal(0, SeeingCli.Run("train", "iris", "--epochs", "2", "--model", model, "--quiet").Code);
        var (code, _, error) = SeeingCli.Run("boundary", model, Path.Combine(dir, "x.png"));
        Assert.Equal(2, code);
        Assert.Contains("two inputs", error);
        Assert.Contains("has 4 inputs and 3 outputs", error);   // counted words, not "4 input(s)"
    }

    [Fact]
    public void TrajectoryDrawsTheFourPaths()
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), "trajectory.png");
        var (code, output, error) = SeeingCli.Run("trajectory", png, "--epochs", "10");

        Assert.True(code == 0, error);
        Assert.Contains("stochastic gradient descent", output);
        Assert.Contains("momentum", output);
        SeeingCli.AssertPicture(png, width: Plots.PlotFile.Width + Plots.TrajectoryPlot.LegendWidth);
    }

    [Fact]
    public void TrajectoryRejectsABadStart()
    {
        var (code, _, error) = SeeingCli.Run("trajectory", "x.png", "--start", "1");
        Assert.Equal(2, code);
        Assert.Contains("--start takes two numbers", error);
    }

    [Theory]
    [InlineData("--momentum", "1.5", "--momentum takes a number from 0 to 1, not '1.5'")]
    [InlineData("--momentum", "-0.1", "--momentum takes a number from 0 to 1")]
    [InlineData("--learning-rate", "0", "--learning-rate takes a positive number, not '0'")]
    [InlineData("--learning-rate", "nan", "--learning-rate takes a positive number")]
    public void TrajectoryRejectsBadRatesBeforeDrawingAnything(string option, string value, string message)
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), "never.png");
        var (code, _, error) = SeeingCli.Run("trajectory", png, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public void TrajectoryStartsAtTheDocumentedDefaultStart()
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), "default-start.png");
        var (code, output, error) = SeeingCli.Run("trajectory", png, "--epochs", "1", "--json");
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var explicitStart = SeeingCli.Run("trajectory", png, "--epochs", "1", "--json", "--start", "-2,2.5");
        Assert.Equal(output, explicitStart.Out);
        Assert.Equal(4, json.RootElement.GetProperty("paths").GetArrayLength());
    }

    [Fact]
    public void TrainPlotDrawsLearningCurves()
    {
        string dir = SeeingCli.TempDirectory();
        string png = Path.Combine(dir, "curves.png");
        var (code, _, error) = SeeingCli.Run("train", "iris", "--epochs", "8", "--model", Path.Combine(dir, "iris.bpmodel"), "--plot", png, "--quiet");

        Assert.True(code == 0, error);
        SeeingCli.AssertPicture(png);
    }
}
