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
    }

    [Fact]
    public void TrajectoryDrawsTheFourPaths()
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), "trajectory.png");
        var (code, output, error) = SeeingCli.Run("trajectory", png, "--epochs", "10");

        Assert.True(code == 0, error);
        Assert.Contains("stochastic gradient descent", output);
        Assert.Contains("momentum", output);
        SeeingCli.AssertPicture(png);
    }

    [Fact]
    public void TrajectoryRejectsABadStart()
    {
        var (code, _, error) = SeeingCli.Run("trajectory", "x.png", "--start", "1");
        Assert.Equal(2, code);
        Assert.Contains("--start takes two numbers", error);
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
