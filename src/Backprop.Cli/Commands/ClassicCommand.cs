using System.CommandLine;
using Backprop.Data;
using Backprop.Rules;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop classic</c>: the machines that came before backpropagation. <c>mcp</c> steps a McCulloch-Pitts network
/// through time and prints every state; <c>madaline</c> trains a MADALINE on a two-class CSV file and, for comparison,
/// a single perceptron on the same data.
/// </summary>
public static class ClassicCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create() =>
        new("classic", "The classic machines of the notes: McCulloch-Pitts networks, Hebb, the perceptron, ADALINE, the delta rule and MADALINE.")
        {
            Mcp(), ClassicRuleCommands.Hebb(), ClassicRuleCommands.Perceptron(), ClassicRuleCommands.Adaline(), ClassicRuleCommands.Delta(),
            Madaline(),
        };

    private static Command Mcp()
    {
        var names = McCullochPittsExamples.All().Select(d => d.Name).ToArray();
        var example = new Option<string>("--example")
        {
            Description = $"Which network: {string.Join(", ", names)} (memory = a loop holding one bit, with set and reset inputs).",
            DefaultValueFactory = _ => "memory",
            HelpName = "NAME",
        }.OneOf(names);
        var json = CommonOptions.Json();
        var command = new Command("mcp", "Step a McCulloch-Pitts network in discrete time (N(t) from the states at t-1) and print each state.")
        {
            example, json,
        };
        command.SetAction(parse =>
        {
            var demo = McCullochPittsExamples.All().Single(d => d.Name == parse.GetRequiredValue(example));
            var trace = demo.Run();
            var output = Output.From(parse);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("example", demo.Name);
                    w.WriteString("formula", demo.Formula);
                    w.WriteArray("names", trace.Names);
                    w.WriteStartArray("states");
                    foreach (var state in trace.States)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("t", state.Time);
                        foreach (var name in trace.Names)
                            w.WriteNumber(name, state[name] ? 1 : 0);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }
            output.Out.WriteLine(demo.Formula);
            output.Out.WriteLine("Each row is one time step; units read the inputs and units of the row before.");
            output.Out.WriteLine();
            output.Out.Write(trace.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Madaline()
    {
        var data = CommonOptions.File("DATA", "A CSV file with exactly two classes, or a bundled data set name (e.g. xor).");
        var label = new Option<string?>("--label") { Description = "The label column (default: the data set's, else the last column).", HelpName = "COLUMN" };
        var units = CommonOptions.Positive("--units", 3, "ADALINE units in the hidden layer (odd for a majority vote).", maximum: 100_000);
        var vote = new Option<string>("--vote")
        {
            Description = $"How the units' +-1 outputs combine: {string.Join(", ", MadalineVote.All.Select(v => v.Name.ToLowerInvariant()))}.",
            DefaultValueFactory = _ => "majority",
            HelpName = "RULE",
        }.OneOf(MadalineVote.All.Select(v => v.Name.ToLowerInvariant()));
        var epochs = CommonOptions.Positive("--epochs", 200, "Most epochs; training stops at the first epoch without errors.");
        var rate = CommonOptions.LearningRate(0.1, "ADALINE learning rate eta.");
        var seed = CommonOptions.Seed("Seed of the initial weights and of the per-epoch shuffle.");
        var separator = CommonOptions.Separator();
        var trace = new Option<bool>("--trace")
        {
            Description = "Also print every correction: the epoch and pattern, the units flipped (closest to 0 first) and every unit's |z|.",
        };
        var json = CommonOptions.Json();
        var command = new Command("madaline",
            "Train a MADALINE (ADALINE units with a fixed vote, the MADALINE rule) on two-class data; a perceptron is trained beside it.")
        {
            data, label, units, vote, epochs, rate, seed, separator, trace, json,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetRequiredValue(data);
            var table = DataFiles.Read(source, parse.GetValue(separator));
            string column = parse.GetValue(label) ?? DataFiles.Resolve(source).DefaultLabel ?? table.Header[^1];
            var tabular = TabularData.FromTable(table, column, TaskKind.Classification);
            if (tabular.Classes!.Length != 2)
                throw new DataException(table.FileName, null, null,
                    $"MADALINE separates two classes, but column {DataException.Quote(column)} has {tabular.Classes.Length}");
            var machineVote = MadalineVote.All.Single(v => v.Name.Equals(parse.GetValue(vote), StringComparison.OrdinalIgnoreCase));
            int n = parse.GetValue(units);
            if (machineVote == MadalineVote.Majority && n % 2 == 0)
                throw CliException.Usage($"--units {n}: a majority vote needs an odd number of units");

            var inputs = Rows(tabular);
            var labels = tabular.ClassIndex!;
            int s = parse.GetValue(seed);
            var options = new RuleOptions(parse.GetValue(rate)!.Value, parse.GetValue(epochs), s);
            var machine = new Madaline(tabular.FeatureCount, n, machineVote, s);
            var result = machine.Train(inputs, labels, options);
            var perceptron = Perceptron.Random(tabular.FeatureCount, s);
            var perceptronResult = perceptron.Train(inputs, labels, options);
            double perceptronAccuracy = Accuracy(inputs, labels, x => perceptron.Output(x));

            var output = Output.From(parse);
            double accuracy = machine.Accuracy(inputs, labels);
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    w.WriteString("data", table.FileName);
                    w.WriteNumber("units", n);
                    w.WriteString("vote", machineVote.Name.ToLowerInvariant());
                    w.WriteBoolean("converged", result.Convergence.Converged);
                    w.WriteNumber("epochs", result.Convergence.Epochs);
                    w.WriteNumber("corrections", result.Corrections.Count);
                    w.WriteNumber("accuracy", accuracy);
                    w.WriteBoolean("perceptron_converged", perceptronResult.Converged);
                    w.WriteNumber("perceptron_accuracy", perceptronAccuracy);
                    if (parse.GetValue(trace))
                    {
                        w.WriteStartArray("trace");
                        foreach (var c in result.Corrections)
                        {
                            w.WriteStartObject();
                            w.WriteNumber("epoch", c.Epoch);
                            w.WriteNumber("pattern", c.Pattern);
                            w.WriteArray("disagreeing", c.Candidates.Select(v => (double)v));
                            w.WriteArray("flipped", c.Flipped.Select(v => (double)v));
                            w.WriteArray("abs_z", c.AbsNetInputs);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }
                });
                return ExitCodes.Success;
            }
            output.Out.WriteLine(Output.Safe($"{machine} on {table.FileName} ({tabular.Rows} rows; class 1 = '{tabular.Classes[1]}')"));
            if (parse.GetValue(trace))
            {
                foreach (var c in result.Corrections)
                    output.Out.WriteLine($"  {c}");
            }
            output.Out.WriteLine($"MADALINE:   {result.Convergence}; accuracy {Output.Percent(accuracy)} ({result.Corrections.Count} corrections)");
            output.Out.WriteLine($"perceptron: {perceptronResult}; accuracy {Output.Percent(perceptronAccuracy)}");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static double[][] Rows(TabularData data)
    {
        var rows = new double[data.Rows][];
        for (int r = 0; r < data.Rows; r++)
            rows[r] = data.Features.AsSpan(r * data.FeatureCount, data.FeatureCount).ToArray();
        return rows;
    }

    private static double Accuracy(double[][] inputs, int[] labels, Func<double[], int> predict)
    {
        int correct = 0;
        for (int i = 0; i < inputs.Length; i++)
            correct += predict(inputs[i]) == labels[i] ? 1 : 0;
        return (double)correct / inputs.Length;
    }
}
