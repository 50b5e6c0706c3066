using System.CommandLine;
using System.Globalization;
using Backprop.Activations;
using Backprop.Diagnostics;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop activation NAME Z1,Z2,...</c>: an activation and its Jacobian at given numbers, the Jacobian from the
/// backward pass beside finite differences (003's softmax example: [2, -1.99, -0.01] -> [0.868, 0.016, 0.116]).
/// </summary>
public static class ActivationCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = $"The activation: {string.Join(", ", Activation.All.Select(a => a.Name))}." };
        name.AcceptOnlyFromAmong([.. Activation.All.Select(a => a.Name)]);
        var values = new Argument<string>("Z")
        {
            Description = "The pre-activations z, comma-separated (e.g. 2,-1.99,-0.01); start with a comma or use -- for a leading minus sign.",
        };
        var digits = CommonOptions.Positive("--digits", 3, "Digits after the point (3, as the notes print them).");
        var json = CommonOptions.Json();
        var command = new Command("activation",
            "Evaluate an activation and its derivative at given numbers: y = f(z) and the Jacobian dy/dz (diagonal for element-wise ones).")
        {
            name, values, digits, json,
        };
        command.SetAction(parse =>
        {
            var activation = Activation.Parse(parse.GetRequiredValue(name));
            var z = Parse(parse.GetRequiredValue(values));
            var probe = ActivationProbe.At(activation, z);
            var output = Output.From(parse);
            int n = z.Length;
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("activation", activation.Name);
                    Array(w, "z", probe.Z);
                    Array(w, "y", probe.Y);
                    w.WriteBoolean("diagonal", probe.IsDiagonal);
                    if (probe.IsDiagonal)
                        Array(w, "derivative", [.. Enumerable.Range(0, n).Select(i => probe.Jacobian[i * n + i])]);
                    w.WriteStartArray("jacobian");
                    for (int i = 0; i < n; i++)
                        Array(w, null, probe.Jacobian[(i * n)..((i + 1) * n)]);
                    w.WriteEndArray();
                    w.WriteNumber("max_finite_difference_gap", probe.MaxDifference);
                });
                return ExitCodes.Success;
            }
            string format = "F" + parse.GetValue(digits).ToString(CultureInfo.InvariantCulture);
            string Row(IEnumerable<double> v) => "[" + string.Join(", ", v.Select(x => x.ToString(format, CultureInfo.InvariantCulture))) + "]";
            output.Out.WriteLine($"{activation}");
            output.Out.WriteLine($"  z  = {Row(probe.Z)}");
            output.Out.WriteLine($"  y  = {Row(probe.Y)}");
            if (probe.IsDiagonal)
            {
                output.Out.WriteLine($"  f'(z) = {Row(Enumerable.Range(0, n).Select(i => probe.Jacobian[i * n + i]))}   (element-wise: the Jacobian is diag(f'(z)))");
            }
            else
            {
                output.Out.WriteLine("  Jacobian dy_i/dz_j (row i):");
                for (int i = 0; i < n; i++)
                    output.Out.WriteLine($"    {Row(probe.Jacobian[(i * n)..((i + 1) * n)])}");
            }
            output.Out.WriteLine($"  backward pass vs central differences (h = {Output.Number(ActivationProbe.Step)}): largest gap {Output.Number(probe.MaxDifference, 3)}" +
                (probe.MaxDifference > 1e-4 ? " (a kink: f has no derivative at some z here, e.g. ReLU at 0, where the notes and Backprop take 1)" : ""));
            return ExitCodes.Success;
        });
        return command;
    }

    private static double[] Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw CliException.Usage($"Z takes comma-separated numbers, not '{text}'");
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw CliException.Usage($"Z takes comma-separated numbers, not '{text}' ('{parts[i]}' is not one)");
        }
        return values;
    }

    private static void Array(System.Text.Json.Utf8JsonWriter w, string? name, double[] values)
    {
        if (name is null)
            w.WriteStartArray();
        else
            w.WriteStartArray(name);
        foreach (double v in values)
            w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}
