using Backprop.Cli.Tests.Seeing;

namespace Backprop.Cli.Tests.Notes;

// `backprop construct`: 001's constructions from the command, with their checks and pictures.
public class ConstructCommandTests
{
    [Fact]
    public void PolygonPrintsItsUnitsAndMatchesThePolygon()
    {
        var text = Cli.Run("construct", "polygon", "--sides", "4", "--resolution", "100");
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("h1 = step(- 1 x1 + 0 x2 + 1)", text.Out);
        Assert.Contains("fires when Sum >= 4", text.Out);

        var json = Cli.Run("construct", "polygon", "--sides", "7", "--resolution", "100", "--json").Json;
        Assert.Equal(1.0, json.GetProperty("agreement").GetDouble());
    }

    [Fact]
    public void CircleTableShowsTheAreaOutsideShrinkingWithTheSides()
    {
        var result = Cli.Run("construct", "circle", "--sides", "4,16,256", "--resolution", "150", "--json");
        Assert.True(result.Code == 0, result.ToString());
        var rows = result.Json.GetProperty("polygons").EnumerateArray().ToList();
        Assert.Equal(4 - Math.PI, rows[0].GetProperty("area_outside_exact").GetDouble(), 12);
        double square = rows[0].GetProperty("agreement").GetDouble(), many = rows[2].GetProperty("agreement").GetDouble();
        Assert.True(square < 0.95 && many > 0.999, $"{square} {many}");
    }

    [Fact]
    public void OrOfTwoPolygonsNeedsTheThirdLayer()
    {
        var json = Cli.Run("construct", "or", "--resolution", "120", "--json").Json;
        Assert.Equal(1.0, json.GetProperty("three_layers").GetProperty("agreement").GetDouble());
        Assert.True(json.GetProperty("two_layers").GetProperty("agreement").GetDouble() < 0.95);
    }

    [Fact]
    public void CirclesDrawsTheUnionWithTheUnitsLines()
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), "circles.png");
        var result = Cli.Run("construct", "circles", "--circle", "-1,0,0.6", "--circle", "1,0,0.6", "--sides", "16",
            "--resolution", "80", "--png", png);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("three layers", result.Out);
        SeeingCli.AssertPicture(png);
    }

    [Fact]
    public void PulseAndApproximationErrorsFallAsPulsesNarrow()
    {
        var pulse = Cli.Run("construct", "pulse", "--from", "-1", "--to", "1", "--json");
        Assert.True(pulse.Code == 0, pulse.ToString());
        var ys = pulse.Json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("y").GetDouble()).ToArray();
        Assert.Equal([0.0, 0, 1, 1, 1, 0, 0], ys);

        var rows = Cli.Run("construct", "approximate", "--pulses", "4,8,16", "--json").Json.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("rms_error").GetDouble()).ToArray();
        Assert.True(rows[0] > rows[1] && rows[1] > rows[2], string.Join(", ", rows));
    }

    [Fact]
    public void ApproximatesSamplesFromACsvFile()
    {
        string dir = SeeingCli.TempDirectory();
        string csv = Path.Combine(dir, "samples.csv");
        File.WriteAllText(csv, "x,y\n0,0\n1,2\n3,0\n");
        string png = Path.Combine(dir, "approx.png");
        var result = Cli.Run("construct", "approximate", "--csv", csv, "--pulses", "3,30", "--png", png);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("samples.csv on [0, 3]", result.Out);
        SeeingCli.AssertPicture(png);

        File.WriteAllText(csv, "x,y\n1,0\n0,2\n");
        Assert.Equal(3, Cli.Run("construct", "approximate", "--csv", csv).Code);
    }

    [Fact]
    public void CylindersCompareThresholdUnitsWithOneRbfUnitPerCylinder()
    {
        var json = Cli.Run("construct", "cylinders", "--cells", "2,4", "--json").Json;
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(16 * 5, rows[1].GetProperty("threshold_units").GetInt32());
        Assert.Equal(16, rows[1].GetProperty("rbf_units").GetInt32());
        Assert.True(rows[1].GetProperty("rbf_rms_error").GetDouble() < rows[1].GetProperty("threshold_rms_error").GetDouble());
    }

    [Theory]
    [InlineData("pulse", "--from", "2", "--to", "1")]
    [InlineData("circles", "--circle", "1,2")]
    [InlineData("or", "--first", "2,0,0,1")]
    [InlineData("polygon", "--sides", "2")]
    [InlineData("circle", "--sides", "4,x")]
    public void BadShapesAreUsageErrors(params string[] args)
    {
        var result = Cli.Run(["construct", .. args]);
        Assert.Equal(2, result.Code);
        Assert.StartsWith("error: ", result.Err);
    }
}
