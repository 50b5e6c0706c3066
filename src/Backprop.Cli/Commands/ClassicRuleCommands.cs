using System.CommandLine;
using System.Globalization;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Rules;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop classic hebb|perceptron|adaline|delta</c>: the single-unit rules of the notes, each trained on a gate
/// (and, or, nand, nor, xor) or a two-class CSV file, printing what the notes say the rule shows.
/// </summary>
public static class ClassicRuleCommands
{
    // Epochs printed without --trace: the first few and then powers of two.
    private static bool Shown(int epoch, int last) => epoch <= 3 || (epoch & (epoch - 1)) == 0 || epoch == last;

    /// <summary>Hebb's rule: the weight norm grows without bound.</summary>
    public static Command Hebb()
    {
        var s = new Settings("and", 20, 0.1);
        var command = s.Command("hebb", "Hebb's rule w_i += eta x_i y (y = w . x + b) on the inputs: the weight norm grows without bound.");
        command.SetAction(parse =>
        {
            var (inputs, _, name) = s.Data(parse);
            var unit = HebbianUnit.Random(inputs[0].Length, parse.GetValue(s.Seed));
            var start = unit.ToString();
            var norms = unit.Train(inputs, s.Options(parse));
            var output = Output.From(parse);
            double growth = norms[^1] / norms[^2];
            if (parse.GetValue(s.Json))
            {
                output.Json(w =>
                {
                    w.WriteString("data", name);
                    w.WriteString("start", start);
                    w.WriteString("end", unit.ToString());
                    w.WriteArray("weight_norms", norms);
                    w.WriteNumber("last_epoch_growth", growth);
                });
                return ExitCodes.Success;
            }
            output.Out.WriteLine($"Hebb's rule on {name} ({inputs.Count} rows; Hebb uses the inputs only): {start}");
            output.Table("|[w, b]| after each epoch", ["epoch", "weight norm"],
                Enumerable.Range(0, norms.Count).Where(e => parse.GetValue(s.Trace) || Shown(e, norms.Count - 1))
                    .Select(e => (IReadOnlyList<string>)[Int(e), Output.Number(norms[e])]));
            output.Out.WriteLine($"end: {unit}");
            output.Out.WriteLine($"The norm grew from {Output.Number(norms[0])} to {Output.Number(norms[^1])}, by a factor of " +
                $"{Output.Number(growth)} in the last epoch alone: nothing in the rule ever shrinks a weight, so learning is unbounded.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Rosenblatt's perceptron: converges on separable data, not on XOR.</summary>
    public static Command Perceptron()
    {
        var s = new Settings("and", 100, 0.1);
        var command = s.Command("perceptron",
            "Rosenblatt's rule W = W + eta (d - y) x with y = 1 if w . x + b >= 0: converges on separable data (and, or), never on xor.");
        command.SetAction(parse =>
        {
            var (inputs, labels, name) = s.Data(parse);
            var unit = Backprop.Rules.Perceptron.Random(inputs[0].Length, parse.GetValue(s.Seed));
            var result = unit.Train(inputs, labels, s.Options(parse));
            double accuracy = unit.Accuracy(inputs, labels);
            var output = Output.From(parse);
            if (parse.GetValue(s.Json))
            {
                output.Json(w =>
                {
                    w.WriteString("data", name);
                    w.WriteBoolean("converged", result.Converged);
                    w.WriteNumber("epochs", result.Epochs);
                    w.WriteNumber("updates", result.Updates);
                    w.WriteArray("weights", unit.Weights);
                    w.WriteNumber("bias", unit.Bias);
                    w.WriteNumber("threshold", -unit.Bias);
                    w.WriteNumber("accuracy", accuracy);
                    w.WriteArray("errors_per_epoch", result.ErrorsPerEpoch.Select(e => (double)e));
                });
                return ExitCodes.Success;
            }
            output.Out.WriteLine($"perceptron on {name} ({inputs.Count} rows): {result}");
            if (parse.GetValue(s.Trace))
            {
                output.Table("misclassified rows per epoch", ["epoch", "errors"],
                    result.ErrorsPerEpoch.Select((e, i) => (IReadOnlyList<string>)[Int(i + 1), Int(e)]));
            }
            output.Out.WriteLine($"end: {unit}: fires when sum w_i x_i - T >= 0 with the notes' threshold T = -b = {Output.Number(-unit.Bias)} " +
                "(the notes write > 0; the two differ only on the line itself)");
            output.Out.WriteLine($"accuracy {Output.Percent(accuracy)}" + (result.Converged
                ? ": the classes are linearly separable and the rule found a separating line."
                : ": no line separates these classes, so some row is always wrong and the rule never stops (no solution for XOR)."));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Widrow-Hoff's LMS rule (ADALINE): the squared error falls and settles.</summary>
    public static Command Adaline()
    {
        var s = new Settings("and", 50, 0.05);
        var command = s.Command("adaline",
            "ADALINE's LMS rule w_i += eta (d - z) x_i on the linear output z (targets -1/+1): the mean squared error converges.");
        command.SetAction(parse =>
        {
            var (inputs, labels, name) = s.Data(parse);
            double[] targets = [.. labels.Select(l => l == 1 ? 1.0 : -1.0)];
            var unit = Backprop.Rules.Adaline.Random(inputs[0].Length, parse.GetValue(s.Seed));
            double before = unit.MeanSquaredError(inputs, targets);
            var mse = unit.Train(inputs, targets, s.Options(parse));
            WriteErrors(parse, s, $"ADALINE (LMS) on {name} ({inputs.Count} rows, targets -1/+1)", name, before, mse, unit.ToString(),
                Accuracy(inputs, labels, x => unit.Output(x)), "mean (d - z)^2");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The generalized delta rule on one unit with a differentiable activation.</summary>
    public static Command Delta()
    {
        var s = new Settings("and", 200, 0.5);
        var activation = new Option<string>("--activation")
        {
            Description = "The unit's activation f (differentiable).", DefaultValueFactory = _ => "sigmoid", HelpName = "NAME",
        };
        activation.AcceptOnlyFromAmong([.. Activation.All.Where(a => a.IsDifferentiable && a != Activation.Softmax).Select(a => a.Name)]);
        var command = s.Command("delta",
            "The generalized delta rule w_i += eta (d - f(z)) f'(z) x_i on one unit (targets 0/1): the squared error falls.");
        command.Options.Add(activation);
        command.SetAction(parse =>
        {
            var (inputs, labels, name) = s.Data(parse);
            double[] targets = [.. labels.Select(l => (double)l)];
            var f = Activation.Parse(parse.GetRequiredValue(activation));
            var unit = GeneralizedDeltaUnit.Random(f, inputs[0].Length, parse.GetValue(s.Seed));
            double before = 0;
            for (int r = 0; r < inputs.Count; r++)
                before += (targets[r] - unit.Output(inputs[r])) * (targets[r] - unit.Output(inputs[r])) / inputs.Count;
            var mse = unit.Train(inputs, targets, s.Options(parse));
            WriteErrors(parse, s, $"generalized delta rule, {f} unit, on {name} ({inputs.Count} rows, targets 0/1)", name, before, mse,
                unit.ToString(), Accuracy(inputs, labels, x => unit.Output(x) >= 0.5 ? 1 : 0), "mean (d - f(z))^2");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteErrors(ParseResult parse, Settings s, string title, string name, double before, IReadOnlyList<double> mse,
        string end, double accuracy, string what)
    {
        var output = Output.From(parse);
        double change = mse.Count > 1 ? Math.Abs(mse[^1] - mse[^2]) : double.NaN;
        if (parse.GetValue(s.Json))
        {
            output.Json(w =>
            {
                w.WriteString("data", name);
                w.WriteNumber("mse_before", before);
                w.WriteArray("mse", mse);
                w.WriteNumberOrNull("last_change", change);
                w.WriteString("end", end);
                w.WriteNumber("accuracy", accuracy);
            });
            return;
        }
        output.Out.WriteLine(title);
        var rows = new List<IReadOnlyList<string>> { (IReadOnlyList<string>)["0", Output.Number(before)] };
        rows.AddRange(Enumerable.Range(1, mse.Count).Where(e => parse.GetValue(s.Trace) || Shown(e, mse.Count))
            .Select(e => (IReadOnlyList<string>)[Int(e), Output.Number(mse[e - 1])]));
        output.Table($"{what} after each epoch", ["epoch", "MSE"], rows);
        output.Out.WriteLine($"end: {end}; thresholded accuracy {Output.Percent(accuracy)}");
        output.Out.WriteLine($"The error fell from {Output.Number(before)} to {Output.Number(mse[^1])}; the last epoch changed it by " +
            $"{Output.Number(change, 3)}.");
    }

    private static double Accuracy(IReadOnlyList<double[]> inputs, int[] labels, Func<double[], int> predict)
    {
        int correct = 0;
        for (int i = 0; i < inputs.Count; i++)
            correct += predict(inputs[i]) == labels[i] ? 1 : 0;
        return (double)correct / inputs.Count;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    // The options every rule command takes.
    private sealed class Settings
    {
        public Settings(string defaultData, int defaultEpochs, double defaultRate)
        {
            DataArgument = new("DATA")
            {
                Description = $"A gate ({string.Join(", ", Gates.Names)}) or a CSV file with two classes (or a bundled data set name).",
                DefaultValueFactory = _ => defaultData,
            };
            // A value starting with '-' is a mistyped option, not a file name (as CommonOptions.File has it).
            DataArgument.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0 && result.Tokens[0].Value is ['-', _, ..] value)
                    result.AddError($"Unrecognized option '{value}'.");
            });
            Epochs = CommonOptions.Positive("--epochs", defaultEpochs, "Epochs (passes over the rows, in order).");
            Rate = CommonOptions.Real("--lr", defaultRate, v => v > 0 && double.IsFinite(v), "a positive number", "The learning rate eta.");
        }

        public Argument<string> DataArgument { get; }

        public Option<int> Epochs { get; }

        public Option<double?> Rate { get; }

        public Option<int> Seed { get; } = CommonOptions.Seed("Seed of the initial weights (uniform in [-0.5, 0.5]).");

        public Option<string?> Label { get; } = new("--label") { Description = "A CSV file's label column (default: its last).", HelpName = "COLUMN" };

        public Option<bool> Trace { get; } = new("--trace") { Description = "Print every epoch, not only the first few and powers of two." };

        public Option<bool> Json { get; } = CommonOptions.Json();

        public Command Command(string name, string description) => new(name, description) { DataArgument, Epochs, Rate, Seed, Label, Trace, Json };

        public RuleOptions Options(ParseResult parse) => new(parse.GetValue(Rate)!.Value, parse.GetValue(Epochs));

        public (IReadOnlyList<double[]> Inputs, int[] Labels, string Name) Data(ParseResult parse)
        {
            string source = parse.GetRequiredValue(DataArgument);
            if (Gates.Names.Contains(source.ToLowerInvariant()) && !File.Exists(source))
                return (Gates.Inputs(), Gates.Labels(source), source.ToLowerInvariant());
            var table = DataFiles.Read(source, ',');
            string column = parse.GetValue(Label) ?? DataFiles.Resolve(source).DefaultLabel ?? table.Header[^1];
            var tabular = TabularData.FromTable(table, column, TaskKind.Classification);
            if (tabular.Classes!.Length != 2)
                throw new DataException(table.FileName, null, null,
                    $"a single unit separates two classes, but column {DataException.Quote(column)} has {tabular.Classes.Length}");
            return (ClassicCommand.Rows(tabular), tabular.ClassIndex!, table.FileName);
        }
    }
}
