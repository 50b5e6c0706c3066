using System.CommandLine;
using System.Globalization;
using Backprop.Diagnostics;
using Backprop.Layers;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop collapse</c>: 003's argument that non-linear activations are necessary: linear layers multiply into one,
/// W' = W2 W1, b' = W2 b1 + b2, with the same outputs.
/// </summary>
public static class CollapseCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var sizes = new Option<string>("--sizes")
        {
            Description = "Inputs, then each linear layer's units, comma-separated.", DefaultValueFactory = _ => "3,4,2", HelpName = "N,N,N",
        };
        var seed = CommonOptions.Seed("Seed of the weights, the biases and the test inputs.");
        var json = CommonOptions.Json();
        var command = new Command("collapse", "Show that linear layers collapse into one: W' = W2 W1, b' = W2 b1 + b2, and the outputs agree.")
        {
            sizes, seed, json,
        };
        command.SetAction(parse =>
        {
            var counts = ParseSizes(parse.GetRequiredValue(sizes));
            int s = parse.GetValue(seed);
            var network = LinearCollapse.Example(counts, s);
            var single = LinearCollapse.Collapse(network);
            var random = new Random(s + 2);
            const int Rows = 5;
            var x = new double[Rows * counts[0]];
            for (int i = 0; i < x.Length; i++)
                x[i] = 4 * random.NextDouble() - 2;
            var deep = network.Forward(x, Rows).ToArray();
            var flat = single.Forward(x, Rows).ToArray();
            double gap = 0;
            for (int i = 0; i < deep.Length; i++)
                gap = Math.Max(gap, Math.Abs(deep[i] - flat[i]));
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("network", network.ToString());
                    w.WriteString("collapsed", single.ToString());
                    Matrix(w, "w_prime", (Dense<double>)single.Layers[0]);
                    w.WriteArray("b_prime", ((Dense<double>)single.Layers[0]).Biases.ToArray());
                    w.WriteNumber("inputs_compared", Rows);
                    w.WriteNumber("max_output_gap", gap);
                });
                return ExitCodes.Success;
            }
            output.Out.WriteLine($"{network}  (identity activations: y = W_k y_(k-1) + b_k)");
            for (int k = 0; k < network.Layers.Count; k++)
                Print(output, $"W{k + 1}", (Dense<double>)network.Layers[k]);
            var collapsed = (Dense<double>)single.Layers[0];
            string product = string.Join(" ", Enumerable.Range(1, network.Layers.Count).Reverse().Select(k => $"W{k}"));
            output.Out.WriteLine($"collapsed: {single}, W' = {product}");
            Print(output, "W'", collapsed);
            output.Out.WriteLine($"On {Rows} random inputs the two networks' outputs differ by at most {Output.Number(gap, 3)}: " +
                "without a non-linear activation, depth adds nothing.");
            return ExitCodes.Success;
        });
        return command;
    }

    // In the notes' orientation: W_k is units x inputs (the transpose of the stored in x out), then b as a last column.
    private static void Print(Output output, string name, Dense<double> layer)
    {
        output.Out.WriteLine($"  {name} ({layer.Outputs} x {layer.Inputs}) | b:");
        for (int j = 0; j < layer.Outputs; j++)
        {
            var row = Enumerable.Range(0, layer.Inputs).Select(k => Cell(layer.Weights[k * layer.Outputs + j]));
            output.Out.WriteLine($"    [{string.Join(" ", row)} ] | {Cell(layer.Biases[j])}");
        }
    }

    private static void Matrix(System.Text.Json.Utf8JsonWriter w, string name, Dense<double> layer)
    {
        w.WriteStartArray(name);
        for (int j = 0; j < layer.Outputs; j++)
        {
            w.WriteStartArray();
            for (int k = 0; k < layer.Inputs; k++)
                w.WriteNumberValue(layer.Weights[k * layer.Outputs + j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static string Cell(double v) => v.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture).PadLeft(8);

    private static int[] ParseSizes(string text)
    {
        var parts = text.Split(',');
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1 || sizes[i] > 64)
                throw CliException.Usage($"--sizes takes comma-separated sizes from 1 to 64, not '{text}'");
        }
        if (sizes.Length < 3)
            throw CliException.Usage($"--sizes needs the inputs and at least two layers, not '{text}'");
        return sizes;
    }
}
