namespace Backprop.Cli.Tests;

public class ClassicCommandTests
{
    [Fact]
    public void MemoryExampleHoldsTheBitBetweenSetAndReset()
    {
        var result = Cli.Run("classic", "mcp", "--example", "memory", "--json");
        Assert.Equal(0, result.Code);
        var m = result.Json.GetProperty("states").EnumerateArray().Select(s => s.GetProperty("M").GetInt32()).ToArray();
        // Set at t=1, reset at t=6, set again at t=10: M answers one step later.
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1], m);
    }

    [Fact]
    public void GateExamplesPrintTheirStepByStepStates()
    {
        var result = Cli.Run("classic", "mcp", "--example", "andnot");
        Assert.Equal(0, result.Code);
        Assert.Contains("N3(t) = N1(t-1) and ~N2(t-1)", result.Out);
        Assert.Contains("N3", result.Out);
        Assert.Equal(2, Cli.Run("classic", "mcp", "--example", "nand").Code);
    }

    [Fact]
    public void MadalineLearnsXorWhereThePerceptronCannot()
    {
        var result = Cli.Run("classic", "madaline", "xor", "--label", "y", "--units", "3", "--json");
        Assert.Equal(0, result.Code);
        var json = result.Json;
        Assert.True(json.GetProperty("converged").GetBoolean());
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
        Assert.False(json.GetProperty("perceptron_converged").GetBoolean());
        Assert.True(json.GetProperty("perceptron_accuracy").GetDouble() < 1.0);
    }

    [Fact]
    public void MadalineTraceShowsOnlyTheDisagreeingUnitsClosestTo0WereFlipped()
    {
        var result = Cli.Run("classic", "madaline", "xor", "--units", "3", "--trace", "--json");
        Assert.Equal(0, result.Code);
        var trace = result.Json.GetProperty("trace").EnumerateArray().ToList();
        Assert.Equal(result.Json.GetProperty("corrections").GetInt32(), trace.Count);
        Assert.NotEmpty(trace);
        foreach (var correction in trace)
        {
            double[] absZ = [.. correction.GetProperty("abs_z").EnumerateArray().Select(e => e.GetDouble())];
            int[] disagreeing = [.. correction.GetProperty("disagreeing").EnumerateArray().Select(e => e.GetInt32())];
            int[] flipped = [.. correction.GetProperty("flipped").EnumerateArray().Select(e => e.GetInt32())];
            // The disagreeing units by increasing |z|, and the flipped ones the first of them: no unit farther from 0
            // was flipped while a closer disagreeing one was left alone.
            Assert.Equal(disagreeing.OrderBy(j => absZ[j]), disagreeing);
            Assert.NotEmpty(flipped);
            Assert.Equal(disagreeing.Take(flipped.Length), flipped);
        }

        var text = Cli.Run("classic", "madaline", "xor", "--units", "3", "--trace");
        Assert.Contains("epoch 1, pattern ", text.Out);
        Assert.Contains("of the disagreeing units", text.Out);
    }

    [Fact]
    public void MadalineRefusesMoreThanTwoClassesAndAnEvenMajority()
    {
        var classes = Cli.Run("classic", "madaline", "iris", "--label", "species");
        Assert.Equal(3, classes.Code);
        Assert.Contains("two classes", classes.Err);

        var even = Cli.Run("classic", "madaline", "xor", "--units", "2");
        Assert.Equal(2, even.Code);
        Assert.Contains("odd", even.Err);

        Assert.Equal(0, Cli.Run("classic", "madaline", "xor", "--units", "2", "--vote", "or", "--epochs", "500").Code);
    }
}
