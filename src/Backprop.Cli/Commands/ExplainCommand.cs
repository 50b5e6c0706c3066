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
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string?>("MODEL")
        {
            Description = "A model file written by 'backprop train', or a weights file (docs/weights-file.md); or use --example.",
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
        var notation = new Option<string>("--notation")
        {
            Description = "units: unit by unit (default); matrix: 002's form, S = dF/dn per layer, A = da/dn, S-hat = A-hat W S, dF/dW = a-hat S^T.",
            DefaultValueFactory = _ => "units",
            HelpName = "units|matrix",
        };
        notation.AcceptOnlyFromAmong("units", "matrix");
        var json = CommonOptions.Json();
        var command = new Command("explain",
            "Print one pattern's forward pass (z, a) and backward pass (delta, dC/dw, dC/db, updates) unit by unit.")
        {
            model, example, input, target, learningRate, digits, notation, json,
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
            bool matrix = parse.GetValue(notation) == "matrix";
            if (matrix && parse.GetValue(json))
                ExplainMatrix.Json(output, title, architecture, trace);
            else if (matrix)
                ExplainMatrix.Print(output, title, architecture, trace, parse.GetValue(digits));
            else if (parse.GetValue(json))
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
        if (WeightsFile.IsWeightsFile(path))
            return FromWeights(path, input, target, eta);
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

    // A weights file's network sees its inputs as they are; its example pattern is the default.
    private static (string Title, BackpropTrace Trace, string Architecture) FromWeights(string path, string? input, string? target, double? eta)
    {
        HandSetNetwork hand = WeightsFile.Load(path);
        var network = hand.Network;
        double[] x = input is not null ? Numbers(input, "--input", network.Inputs)
            : hand.ExampleInput ?? throw CliException.Usage($"{path} has no example: give --input (the features)");
        int cls = target is null ? -1 : hand.Classes.ToList().IndexOf(target);
        double[] y = cls >= 0 ? OneHot.Encode([cls], hand.Classes.Count)
            : target is not null ? Numbers(target, "--target", network.Outputs)
            : hand.ExampleTarget ?? throw CliException.Usage($"{path} has no example: give --target (one number per output, or a class)");
        var trace = BackpropTrace.Trace<double>(network, hand.Loss, x, y, eta ?? hand.LearningRate ?? 0.1);
        return (hand.Title ?? $"weights file {path}", trace, network.Spec.ToString());
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

    internal static void Array(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
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

    // The text form: the notes' formulas, then the same formulas with the numbers put in.
    private sealed class Printer(TextWriter writer, int digits)
    {
        public void Print(string title, string architecture, BackpropTrace trace)
        {
            if (trace.Layers.Count >= TraceNotation.Letters.Length)
                throw CliException.Usage($"explain prints networks of up to {TraceNotation.Letters.Length - 1} layers; use --json for this one");
            new TraceNotation(trace, digits).Write(writer, title, architecture);
        }
    }
}
