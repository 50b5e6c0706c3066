using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Cli.Tests;

/// <summary><c>train</c>'s training controls: momentum's alpha, learning-rate schedules, stopping tolerances.</summary>
public partial class TrainingOptionsTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [GeneratedRegex(@"^epoch (\d+)/\d+ .* lr ([0-9.eE+-]+) ", RegexOptions.Multiline)]
    private static partial Regex EpochLine();

    // The learning rate of each epoch, from the progress lines (stdout is not a terminal here; 4 significant digits).
    private static double[] Rates(CliResult result)
    {
        Assert.True(result.Code == 0, result.ToString());
        return [.. EpochLine().Matches(result.Out).Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))];
    }

    private CliResult Train(params string[] options) =>
        Cli.Run(["train", "iris", "--model", dir["m.bpmodel"], .. options]);

    [Fact]
    public void Step_exponential_and_inverse_time_schedules_set_each_epochs_rate()
    {
        Assert.Equal([0.05, 0.05, 0.025, 0.025, 0.0125],
            Rates(Train("--optimizer", "momentum", "--momentum", "0.5", "--lr-schedule", "step:2:0.5", "--epochs", "5", "--validation-fraction", "0")));
        double[] exponential = Rates(Train("--lr", "0.01", "--lr-schedule", "exponential:0.5", "--epochs", "3", "--validation-fraction", "0"));
        Assert.Equal([0.01, 0.005, 0.0025], exponential);
        double[] inverse = Rates(Train("--lr", "0.01", "--lr-schedule", "Inverse-Time:1", "--epochs", "3", "--validation-fraction", "0"));
        Assert.Equal([0.01, 0.005, 0.01 / 3], inverse, (a, b) => Math.Abs(a - b) < 1e-4);
    }

    [Fact]
    public void Plateau_cuts_the_rate_after_epochs_without_a_lower_validation_loss()
    {
        double[] rates = Rates(Train("--lr-schedule", "plateau:1:0.5", "--epochs", "60", "--patience", "60"));
        Assert.Equal(0.005, rates[0]);
        Assert.Contains(rates, r => r < 0.005);
        for (int i = 1; i < rates.Length; i++)
            Assert.True(rates[i] == rates[i - 1] || Math.Abs(rates[i] / (rates[i - 1] / 2) - 1) < 1e-3, $"epoch {i + 1}: {rates[i - 1]} then {rates[i]}");
    }

    [Fact]
    public void Momentum_alpha_changes_the_model_and_is_refused_for_other_optimizers()
    {
        var half = Train("--optimizer", "nesterov", "--momentum", "0.5", "--epochs", "3", "--json");
        var most = Train("--optimizer", "nesterov", "--momentum", "0.99", "--epochs", "3", "--json");
        Assert.True(half.Code == 0, half.ToString());
        Assert.NotEqual(half.Json.GetProperty("train_loss").GetDouble(), most.Json.GetProperty("train_loss").GetDouble());
        var refused = Train("--momentum", "0.5");
        Assert.Equal(2, refused.Code);
        Assert.Contains("--momentum applies to --optimizer momentum or nesterov, not adam", refused.Err);
    }

    [Fact]
    public void Tolerances_stop_training()
    {
        var loss = Train("--loss-tolerance", "1000", "--epochs", "50", "--validation-fraction", "0", "--json");
        Assert.True(loss.Code == 0, loss.ToString());
        Assert.Equal(2, loss.Json.GetProperty("epochs").GetInt32());
        Assert.Contains("training loss changed by", loss.Json.GetProperty("stop_reason").GetString());
        var gradient = Train("--gradient-tolerance", "1000", "--epochs", "50", "--validation-fraction", "0", "--json");
        Assert.Equal(1, gradient.Json.GetProperty("epochs").GetInt32());
    }

    [Theory]
    [InlineData("--lr-schedule", "cosine")]
    [InlineData("--lr-schedule", "step:2")]
    [InlineData("--lr-schedule", "step:0:0.5")]
    [InlineData("--lr-schedule", "plateau:3:1.5")]
    [InlineData("--lr-schedule", "exponential:-1")]
    [InlineData("--momentum", "1")]
    [InlineData("--loss-tolerance", "0")]
    [InlineData("--gradient-tolerance", "-1")]
    public void Bad_values_are_usage_errors(string option, string value)
    {
        var result = Train(option, value, "--optimizer", "momentum");
        Assert.Equal(2, result.Code);
        Assert.Contains(option, result.Err);
    }
}
