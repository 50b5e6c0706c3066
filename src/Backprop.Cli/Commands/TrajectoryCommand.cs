using System.CommandLine;
using System.Globalization;
using Backprop.Cli.Plots;
using Backprop.Diagnostics;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop trajectory FILE.png</c>: the notes' weight-space pictures for a sigmoid unit with two weights: loss
/// contours and the paths of gradient descent, SGD, mini-batch descent and momentum from one start.
/// </summary>
public static class TrajectoryCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var image = CommonOptions.File("FILE.png", "The PNG to write.");
        // No default value on the option (absent, it reads as an empty array): help would print one as "-2|2.5", so the
        // description names it as typed.
        double[] defaultStart = [-2, 2.5];
        var start = new Option<double[]>("--start")
        {
            Description = "The starting weights w1,w2. [default: -2,2.5]",
            HelpName = "W1,W2",
            CustomParser = result => Pair(result.Tokens[0].Value, result.AddError),
        };
        var learningRate = CommonOptions.LearningRate(2, "Learning rate eta of every method.");
        var momentum = CommonOptions.Real("--momentum", 0.7, v => v >= 0 && v <= 1, "a number from 0 to 1", "Momentum alpha (0 to 1).");
        momentum.HelpName = "ALPHA";
        var epochs = CommonOptions.Positive("--epochs", 30, "Passes over the data for each method.");
        var batch = CommonOptions.BatchSize(8, minimum: 1, "Patterns per mini-batch.");
        var points = CommonOptions.Positive("--points", 40, "Patterns in the generated data set.");
        var seed = CommonOptions.Seed("Seed of the data set and the shuffles.");
        var json = CommonOptions.Json();
        var command = new Command("trajectory",
            "Draw the loss surface of a two-weight sigmoid unit with the paths of GD, SGD, mini-batch and momentum (PNG).")
        {
            image, start, learningRate, momentum, epochs, batch, points, seed, json,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(image);
            OutputFiles.Check([new("FILE.png", path)], []);
            double[] w = parse.GetValue(start) is { Length: 2 } given ? given : defaultStart;
            var space = WeightSpace.SigmoidUnit(parse.GetValue(seed), parse.GetValue(points));
            var paths = space.NotesPaths(w[0], w[1], parse.GetValue(learningRate)!.Value, parse.GetValue(epochs), parse.GetValue(batch),
                parse.GetValue(momentum)!.Value,
                parse.GetValue(seed));
            // The picture covers the minimum at (2, -1), the start and wherever the paths went.
            double[] w1 = [.. paths.SelectMany(p => p.W1), 2];
            double[] w2 = [.. paths.SelectMany(p => p.W2), -1];
            double pad1 = 0.1 * (w1.Max() - w1.Min()) + 0.5, pad2 = 0.1 * (w2.Max() - w2.Min()) + 0.5;
            var surface = space.Surface(w1.Min() - pad1, w1.Max() + pad1, w2.Min() - pad2, w2.Max() + pad2);
            TrajectoryPlot.Save(path, surface, paths,
                $"Sigmoid unit y = f(w1 x1 + w2 x2), {space.Data.Rows} patterns, loss 1/2 (y - d)^2", new ScottPlot.Coordinates(2, -1));
            Report(Output.From(parse), parse.GetValue(json), path, paths);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Report(Output output, bool json, string path, IReadOnlyList<DescentPath> paths)
    {
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("image", path);
                w.WriteStartArray("paths");
                foreach (var p in paths)
                {
                    w.WriteStartObject();
                    w.WriteString("name", p.Name);
                    w.WriteString("description", p.Description);
                    w.WriteNumber("updates", p.W1.Length - 1);
                    w.WriteNumberOrNull("start_loss", p.Loss[0]);
                    w.WriteNumberOrNull("end_loss", p.Loss[^1]);
                    w.WriteNumberOrNull("end_w1", p.W1[^1]);
                    w.WriteNumberOrNull("end_w2", p.W2[^1]);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return;
        }
        output.Table("Paths from the same start (the loss is 0 at w = (2, -1))",
            ["method", "updates", "loss at start", "loss at end", "w1", "w2"],
            paths.Select(p => (IReadOnlyList<string>)[p.Description, (p.W1.Length - 1).ToString(CultureInfo.InvariantCulture),
                Output.Number(p.Loss[0]), Output.Number(p.Loss[^1]), Output.Number(p.W1[^1]), Output.Number(p.W2[^1])]));
        output.Out.WriteLine($"wrote {path}");
    }

    private static double[] Pair(string text, Action<string> error)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double w1) && double.IsFinite(w1)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double w2) && double.IsFinite(w2))
            return [w1, w2];
        error($"--start takes two numbers w1,w2 (e.g. -2,2.5), not '{text}'.");
        return [0, 0];
    }
}
