using System.Text.Json;
using Backprop.Diagnostics;

namespace Backprop.Cli.Tests.Seeing;

public class ExplainCommandTests
{
    [Fact]
    public void UnitExampleShowsTheNotesNumbers()
    {
        var (code, output, error) = SeeingCli.Run("explain", "--example", "unit");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("= 0.2*0.5 + 0.3*0.6 + 0.9*0.1 + 0.5 = 0.87", output);
        Assert.Contains("a_1 = sigmoid(z_1) = 0.705", output);
        Assert.Contains("delta_1 = dC/da_1 f'(z_1) = (-0.295)*0.208 = -0.0614", output);
        Assert.Contains("Delta b_1 = 0.00614", output);
    }

    [Theory]
    [InlineData("toy")]
    [InlineData("xor")]
    public void JsonCarriesTheTraceNumbersInFull(string name)
    {
        var (code, output, _) = SeeingCli.Run("explain", "--example", name, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var trace = WorkedExample.Create(name).Trace();

        var layers = json.RootElement.GetProperty("layers");
        Assert.Equal(trace.Layers.Count, layers.GetArrayLength());
        for (int l = 0; l < trace.Layers.Count; l++)
        {
            var units = layers[l].GetProperty("units");
            for (int j = 0; j < trace.Layers[l].Units.Count; j++)
            {
                var unit = trace.Layers[l].Units[j];
                Assert.Equal(unit.Z, units[j].GetProperty("z").GetDouble());
                Assert.Equal(unit.Delta, units[j].GetProperty("delta").GetDouble());
                Assert.Equal(unit.WeightGradients, units[j].GetProperty("dC_dw").EnumerateArray().Select(e => e.GetDouble()));
                Assert.Equal(unit.WeightUpdates, units[j].GetProperty("weight_updates").EnumerateArray().Select(e => e.GetDouble()));
            }
        }
    }

    [Fact]
    public void InputTargetAndLearningRateOverrideTheExample()
    {
        var (code, output, _) = SeeingCli.Run("explain", "--example", "unit", "--input", "1,0,0", "--target", "0", "--learning-rate", "1", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var unit = json.RootElement.GetProperty("layers")[0].GetProperty("units")[0];
        Assert.Equal(0.7, unit.GetProperty("z").GetDouble(), 12);
        Assert.Equal(-unit.GetProperty("delta").GetDouble(), unit.GetProperty("bias_update").GetDouble(), 15);
    }

    [Fact]
    public void ExplainsASavedModel()
    {
        string dir = SeeingCli.TempDirectory();
        string model = Path.Combine(dir, "xor.bpmodel");
        Assert.Equal(0, SeeingCli.Run("train", "xor", "--epochs", "5", "--layers", "3", "--activation", "sigmoid", "--precision", "double",
            "--model", model, "--quiet").Code);

        var (code, output, error) = SeeingCli.Run("explain", model, "--input", "1,0", "--target", "1");

        Assert.True(code == 0, error);
        Assert.Contains("Layer 1 (hidden, sigmoid): units j, inputs x_k", output);
        Assert.Contains("Backward pass", output);
        Assert.Contains("dC/dw_23 = delta_2 a_3", output);
    }

    [Theory]
    [InlineData(new[] { "explain" }, "give a MODEL file or --example")]
    [InlineData(new[] { "explain", "--example", "nope" }, "nope")]
    [InlineData(new[] { "explain", "--example", "unit", "--input", "1,2" }, "--input needs 3")]
    [InlineData(new[] { "explain", "--example", "unit", "--target", "x" }, "not a finite number")]
    [InlineData(new[] { "explain", "--example", "unit", "--learning-rate", "-1" }, "--learning-rate takes a positive number, not '-1'")]
    [InlineData(new[] { "explain", "model.bpmodel" }, "needs --input")]
    public void UsageErrorsExitWith2(string[] args, string message)
    {
        var (code, _, error) = SeeingCli.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
