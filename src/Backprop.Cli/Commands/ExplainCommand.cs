using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Persistence;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop explain</c>: one pattern's forward and backward pass, unit by unit, in the notes' notation, for a saved
/// model or a built-in worked example. The numbers come from <see cref="BackpropTrace"/>; this file only prints them.
/// </summary>
public static class ExplainCommand
{
    // Index letters from the output layer back, as in the notes (output i, hidden j, inputs k).
    private const string Letters = "ijklmnpqrstuvw";

    // A weighted sum with more terms than this is printed as a sum sign, not term by term.
    private const int MaxTerms = 8;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string?>("MODEL")
        {
            Description = "A model file written by 'backprop train' (or use --example).",
            Arity = ArgumentArity.ZeroOrOne,
        }.NotAnOption();
        var example = new Option<string>("--example")
        {
            Description = $"A built-in worked example instead of a model: {string.Join(", ", WorkedExample.Names)}.",
        }.OneOf(WorkedExample.Names);
        var input = new Option<string?>("--input") { HelpName = "X1,X2,...", Description = "The pattern's features, comma-separated (raw, before scaling)." };
        var target = new Option<string?>("--target") { HelpName = "Y", Description = "The target: a class name, or the regression value." };
        var learningRate = CommonOptions.LearningRate(null,
            "eta of the updates shown (default: the example's, or the model's training rate, else 0.1).");
        var digits = CommonOptions.Positive("--digits", 3, "Significant digits of the numbers printed (--json prints them all).");
        var json = CommonOptions.Json();
        var command = new Command("explain",
            "Print one pattern's forward pass (z, a) and backward pass (delta, dC/dw, dC/db, updates) unit by unit.")
        {
            model, example, input, target, learningRate, digits, json,
        };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(model);
            string? name = parse.GetValue(example);
            var (title, trace, architecture) = (path, name) switch
            {
                (null, null) => throw CliException.Usage("give a MODEL file or --example (" + string.Join(", ", WorkedExample.Names) + ")"),
                (not null, not null) => throw CliException.Usage("give either a MODEL file or --example, not both"),
                (null, not null) => FromExample(name, parse.GetValue(input), parse.GetValue(target), parse.GetValue(learningRate)),
                (not null, null) => FromModel(path, parse.GetValue(input), parse.GetValue(target), parse.GetValue(learningRate)),
            };
            var output = Output.From(parse);
            if (parse.GetValue(json))
                WriteJson(output, title, architecture, trace);
            else
                new Printer(output.Out, parse.GetValue(digits)).Print(title, architecture, trace);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (string Title, BackpropTrace Trace, string Architecture) FromExample(string name, string? input, string? target, double? eta)
    {
        var example = WorkedExample.Create(name);
        double[] x = input is null ? example.Input : Numbers(input, "--input", example.Network.Inputs);
        double[] y = target is null ? example.Target : Numbers(target, "--target", example.Network.Outputs);
        var trace = BackpropTrace.Trace<double>(example.Network, example.Loss, x, y, eta ?? example.LearningRate);
        return (example.Title, trace, example.Network.Spec.ToString());
    }

    private static (string Title, BackpropTrace Trace, string Architecture) FromModel(string path, string? input, string? target, double? eta)
    {
        if (input is null || target is null)
            throw CliException.Usage("explain MODEL needs --input (the features) and --target (the class or value)");
        var model = ModelFile.Load(path);
        Schema schema = model.Schema;
        double[] x = Numbers(input, "--input", schema.Inputs);
        // The network sees standardised features and an encoded target, so the trace shows those.
        schema.Scaler.Transform(x, 1);
        double[] y = EncodeTarget(schema, target);
        double rate = eta ?? model.Training?.LearningRate ?? 0.1;
        var trace = model switch
        {
            Model<double> m => BackpropTrace.Trace<double>(m.Network, m.Loss, x, y, rate),
            Model<float> m => BackpropTrace.Trace<float>(m.Network, m.Loss, Convert<float>(x), Convert<float>(y), rate),
            _ => throw new NotSupportedException($"a {model.Precision} model"),
        };
        return ($"model {path} (inputs standardised by its scaler)", trace, model.Spec.ToString());
    }

    private static double[] EncodeTarget(Schema schema, string target)
    {
        if (schema.Task == TaskKind.Classification)
        {
            int index = schema.Classes.ToList().IndexOf(target);
            if (index < 0)
                throw CliException.Usage($"--target '{target}' is not a class of this model ({string.Join(", ", schema.Classes)})");
            return OneHot.Encode([index], schema.Classes.Count);
        }
        double[] y = Numbers(target, "--target", 1);
        schema.TargetScaler!.Transform(y, 1);
        return y;
    }

    private static double[] Numbers(string text, string option, int count)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != count)
            throw CliException.Usage($"{option} needs {count} comma-separated number{(count == 1 ? "" : "s")}, got {parts.Length}: '{text}'");
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                throw CliException.Usage($"{option}: '{parts[i]}' is not a finite number");
        }
        return values;
    }

    private static T[] Convert<T>(double[] values) where T : INumberBase<T> => [.. values.Select(T.CreateChecked)];

    private static void WriteJson(Output output, string title, string architecture, BackpropTrace trace)
    {
        output.Json(w =>
        {
            w.WriteString("source", title);
            w.WriteString("architecture", architecture);
            Array(w, "input", trace.Input);
            Array(w, "target", trace.Target);
            w.WriteString("loss", trace.Loss);
            w.WriteNumberOrNull("loss_value", trace.LossValue);
            w.WriteNumber("learning_rate", trace.LearningRate);
            w.WriteStartArray("layers");
            foreach (var layer in trace.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("layer", layer.Index + 1);
                w.WriteString("activation", layer.Activation);
                Array(w, "inputs", layer.Inputs);
                w.WriteStartArray("units");
                foreach (var unit in layer.Units)
                {
                    w.WriteStartObject();
                    w.WriteNumber("unit", unit.Index + 1);
                    Array(w, "weights", unit.Weights);
                    Optional(w, "bias", unit.Bias);
                    w.WriteNumberOrNull("z", unit.Z);
                    w.WriteNumberOrNull("a", unit.A);
                    w.WriteNumberOrNull("dC_da", unit.ActivationGradient);
                    Optional(w, "f_prime", unit.Derivative);
                    w.WriteNumberOrNull("delta", unit.Delta);
                    Array(w, "dC_dw", unit.WeightGradients);
                    Optional(w, "dC_db", unit.BiasGradient);
                    Array(w, "weight_updates", unit.WeightUpdates);
                    Optional(w, "bias_update", unit.BiasUpdate);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static void Array(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double value in values)
        {
            if (double.IsFinite(value))
                w.WriteNumberValue(value);
            else
                w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
            w.WriteNumberOrNull(name, v);
        else
            w.WriteNull(name);
    }

    /// <summary>The text form: the notes' formulas, then the same formulas with the numbers put in.</summary>
    private sealed class Printer(TextWriter writer, int digits)
    {
        public void Print(string title, string architecture, BackpropTrace trace)
        {
            int count = trace.Layers.Count;
            if (count >= Letters.Length)
                throw CliException.Usage($"explain prints networks of up to {Letters.Length - 1} layers; use --json for this one");
            writer.WriteLine(title);
            writer.WriteLine($"network        {architecture}");
            writer.WriteLine($"input          x = ({List(trace.Input)})");
            writer.WriteLine($"target         y = ({List(trace.Target)})");
            writer.WriteLine($"loss           C = {trace.Loss}");
            writer.WriteLine($"learning rate  eta = {N(trace.LearningRate)}");

            writer.WriteLine();
            writer.WriteLine("Forward pass: z = sum of w * input + b, a = f(z)");
            foreach (var layer in trace.Layers)
                Forward(layer, count);
            writer.WriteLine($"  C = {N(trace.LossValue)}");

            writer.WriteLine();
            writer.WriteLine("Backward pass: delta = dC/dz = dC/da f'(z), dC/dw = delta * input, dC/db = delta;");
            writer.WriteLine("               updates Delta w = -eta dC/dw, Delta b = -eta dC/db (then w = w + Delta w, b = b + Delta b)");
            for (int l = count - 1; l >= 0; l--)
                Backward(trace.Layers[l], l + 1 < count ? trace.Layers[l + 1] : null, count);
        }

        private void Forward(LayerTrace layer, int count)
        {
            char u = UnitLetter(layer, count), k = InputLetter(layer, count);
            string input = layer.Index == 0 ? "x" : "a";
            writer.WriteLine($"  Layer {layer.Index + 1} ({Role(layer, count)}, {layer.Activation}): units {u}, inputs {input}_{k}");
            foreach (var unit in layer.Units)
            {
                string j = Index(unit.Index);
                int ins = layer.Inputs.Count;
                string bias = unit.Bias is null ? "" : $" + b_{j}";
                if (ins <= MaxTerms)
                {
                    var symbols = Enumerable.Range(0, ins).Select(n => $"w_{Pair(unit.Index, n)} {input}_{Index(n)}");
                    var numbers = Enumerable.Range(0, ins).Select(n => $"{P(unit.Weights[n])}*{P(layer.Inputs[n])}");
                    string numericBias = unit.Bias is double b ? $" + {P(b)}" : "";
                    writer.WriteLine($"    z_{j} = {string.Join(" + ", symbols)}{bias}");
                    writer.WriteLine($"        = {string.Join(" + ", numbers)}{numericBias} = {N(unit.Z)}");
                }
                else
                {
                    writer.WriteLine($"    z_{j} = sum_{k} w_{j}{k} {input}_{k}{bias} = {N(unit.Z)}   ({ins} terms)");
                }
                string f = layer.Activation == "softmax" ? $"softmax(z)_{j}" : $"{layer.Activation}(z_{j})";
                writer.WriteLine($"    a_{j} = {f} = {N(unit.A)}");
            }
        }

        private void Backward(LayerTrace layer, LayerTrace? next, int count)
        {
            char u = UnitLetter(layer, count);
            string input = layer.Index == 0 ? "x" : "a";
            string error = next is null ? $"dC/da_{u}" : $"(sum_{UnitLetter(next, count)} w_{UnitLetter(next, count)}{u} delta_{UnitLetter(next, count)})";
            string rule = layer.Activation == "softmax" ? "dC/dz through the softmax Jacobian" : $"{error} f'(z_{u})";
            writer.WriteLine($"  Layer {layer.Index + 1} ({Role(layer, count)}): delta_{u} = {rule}");
            foreach (var unit in layer.Units)
            {
                string j = Index(unit.Index);
                if (unit.Derivative is not double derivative)
                    writer.WriteLine($"    delta_{j} = dC/dz_{j} = {N(unit.Delta)}   ({layer.Activation}: dC/da_{j} = {N(unit.ActivationGradient)})");
                else if (next is null)
                    writer.WriteLine($"    delta_{j} = dC/da_{j} f'(z_{j}) = {P(unit.ActivationGradient)}*{P(derivative)} = {N(unit.Delta)}");
                else
                    writer.WriteLine($"    delta_{j} = ({Backpropagated(unit, next)}) f'(z_{j}) = {P(unit.ActivationGradient)}*{P(derivative)} = {N(unit.Delta)}");
                for (int n = 0; n < unit.WeightGradients.Count; n++)
                {
                    string w = $"w_{Pair(unit.Index, n)}";
                    writer.WriteLine($"    dC/d{w} = delta_{j} {input}_{Index(n)} = {P(unit.Delta)}*{P(layer.Inputs[n])} = {N(unit.WeightGradients[n])}" +
                        $"   Delta {w} = {N(unit.WeightUpdates[n])}");
                }
                if (unit.BiasGradient is double dB)
                    writer.WriteLine($"    dC/db_{j} = delta_{j} = {N(dB)}   Delta b_{j} = {N(unit.BiasUpdate!.Value)}");
            }
        }

        // sum_i w_ij delta_i with the numbers put in, or the sum sign alone when there are many terms.
        private string Backpropagated(UnitTrace unit, LayerTrace next)
        {
            if (next.Units.Count > MaxTerms)
                return $"sum of {next.Units.Count} terms w * delta";
            return string.Join(" + ", next.Units.Select(o => $"{P(o.Weights[unit.Index])}*{P(o.Delta)}"));
        }

        private static char UnitLetter(LayerTrace layer, int count) => Letters[count - 1 - layer.Index];

        private static char InputLetter(LayerTrace layer, int count) => Letters[count - layer.Index];

        private static string Role(LayerTrace layer, int count) => layer.Index == count - 1 ? "output" : "hidden";

        // 1-based, as in the notes.
        private static string Index(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

        // w_12, or w_1,12 once an index has two digits, so that the pair stays readable.
        private static string Pair(int unit, int input) =>
            unit < 9 && input < 9 ? Index(unit) + Index(input) : Index(unit) + "," + Index(input);

        private string List(IReadOnlyList<double> values) => string.Join(", ", values.Select(N));

        // A factor: negative numbers in parentheses.
        private string P(double value) => value < 0 ? $"({N(value)})" : N(value);

        private string N(double value) => Significant(value, digits);
    }

    /// <summary><paramref name="value"/> to <paramref name="digits"/> significant digits, without an exponent in the usual range.</summary>
    private static string Significant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
            return value == 0 ? "0" : value.ToString(CultureInfo.InvariantCulture);
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude < -6 || magnitude > 9)
            return value.ToString("0." + new string('#', digits - 1) + "e+0", CultureInfo.InvariantCulture);
        int decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        double rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        string text = rounded.ToString("F" + decimals, CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
