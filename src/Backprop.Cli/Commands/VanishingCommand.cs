using System.CommandLine;
using System.Globalization;
using Backprop.Activations;
using Backprop.Cli.Plots;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Losses;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop vanishing</c>: 003's vanishing gradient: per-layer gradient norms of one backward pass through a deep
/// sigmoid network beside the same depth of ReLU units, as a table and a PNG.
/// </summary>
public static class VanishingCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var depth = CommonOptions.Positive("--depth", 10, "Hidden layers.");
        var width = CommonOptions.Positive("--width", 32, "Units per hidden layer.");
        var points = CommonOptions.Positive("--points", 200, "Spirals points in the batch.");
        var seed = CommonOptions.Seed("Seed of the points and the initial weights.");
        var png = CommonOptions.OutputFileOption("--png", "Also draw log10 of the norms against the layer.", "FILE.png");
        var json = CommonOptions.Json();
        var command = new Command("vanishing",
            "Per-layer gradient norms |dLoss/dW| of a deep sigmoid network beside a ReLU one: the sigmoid's vanish towards the input.")
        {
            depth, width, points, seed, png, json,
        };
        command.SetAction(parse =>
        {
            int d = parse.GetValue(depth), w = parse.GetValue(width), s = parse.GetValue(seed);
            if (d > 100 || w > 1024)
                throw CliException.Usage("--depth takes at most 100 layers and --width at most 1024 units");
            var set = Synthetic.Spirals(parse.GetValue(points), s);
            var target = OneHot.Encode(set.Labels, set.Classes);
            Activation[] kinds = [Activation.Sigmoid, Activation.Relu];
            var norms = kinds.Select(a => GradientFlow.LayerNorms(GradientFlow.Deep(2, d, w, a, set.Classes, s), set.Features, target,
                set.Rows, Loss.CrossEntropy)).ToArray();
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(writer =>
                {
                    for (int k = 0; k < kinds.Length; k++)
                    {
                        writer.WriteStartArray(kinds[k].Name);
                        foreach (double n in norms[k])
                            writer.WriteNumberValue(n);
                        writer.WriteEndArray();
                    }
                });
            }
            else
            {
                output.Table($"|dLoss/dW| per layer after one backward pass ({set.Rows} spirals points, cross-entropy, {d} hidden layers of {w})",
                    ["layer", "sigmoid", "relu"],
                    Enumerable.Range(0, d + 1).Select(k => (IReadOnlyList<string>)[k == d ? $"{k + 1} (output)" : Int(k + 1),
                        Output.Number(norms[0][k], 3), Output.Number(norms[1][k], 3)]));
                output.Out.WriteLine($"first layer / last hidden layer: sigmoid {Output.Number(norms[0][0] / norms[0][d - 1], 3)}, " +
                    $"relu {Output.Number(norms[1][0] / norms[1][d - 1], 3)} (sigma' <= 1/4 shrinks the signal at every sigmoid layer)");
            }
            if (parse.GetValue(png) is { } path)
            {
                double[] layers = [.. Enumerable.Range(1, d + 1).Select(k => (double)k)];
                ConstructionPlot.Curves(path, $"gradient norms, {d} hidden layers of {w}", "layer (1 = next to the input)", layers,
                    [.. kinds.Select((a, k) => (a.Name, norms[k].Select(n => Math.Log10(Math.Max(n, 1e-300))).ToArray()))], "log10 |dLoss/dW|");
                output.Error.WriteLine($"wrote {path}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
