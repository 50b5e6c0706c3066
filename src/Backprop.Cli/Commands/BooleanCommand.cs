using System.CommandLine;
using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Logic;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop boolean</c>: the notes' one-hidden-layer threshold network for a Boolean function given as a sum of
/// products or a truth-table file, printed and checked against the function on every row, beside the network of its
/// exact minimal form (Quine-McCluskey); with <c>--equals</c>, whether two forms are the same function.
/// </summary>
public static class BooleanCommand
{
    // Truth tables up to this many rows are printed in full; larger ones only checked.
    private const int MaxPrintedRows = 64;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var function = new Argument<string>("FUNCTION")
        {
            Description = "A sum of products such as \"X1 X2' + X3\" or \"Y'Z' + W'XY'\" (a variable is a letter with optional " +
                "digits; ' = NOT, juxtaposition or * = AND, + = OR), or a CSV truth table (0/1 columns, the last the output; rows left out are 0).",
        };
        var equals = new Option<string?>("--equals")
        {
            HelpName = "FUNCTION",
            Description = "Another sum of products or truth table: print whether both are the same function (exit 1 if not, with the first row where they differ).",
        };
        var variables = new Option<int?>("--variables")
        {
            HelpName = "N",
            Description = "Number of inputs n (default: the highest X_n used; a table file fixes it).",
        };
        variables.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int n && (n < 1 || n > TruthTable.MaxVariables))
                result.AddError($"--variables must be from 1 to {TruthTable.MaxVariables}.");
        });
        var json = CommonOptions.Json();
        var command = new Command("boolean",
            "Build the threshold network for a Boolean function (one hidden unit per term, output = OR) and check its truth table.")
        {
            function, variables, equals, json,
        };
        command.SetAction(parse =>
        {
            string text = parse.GetRequiredValue(function);
            var output = Output.From(parse);
            if (parse.GetValue(equals) is { } other)
                return Compare(output, text, other, parse.GetValue(json));
            var (dnf, table) = Read(text, parse.GetValue(variables));
            if (parse.GetValue(variables) is int n && n != table.Variables)
                throw CliException.Usage($"the table in {text} has {table.Variables} variables, not {n}");
            var network = BooleanNetwork.Build(dnf, table.Variables);
            var computed = TruthTable.Of(network);
            var differences = computed.Differences(table);
            var reduced = Reduce(dnf, table);
            if (parse.GetValue(json))
                WriteJson(output, dnf, network, table, differences, reduced);
            else
                Print(output, dnf, network, table, computed, differences, reduced);
            return differences.Count == 0 && (reduced is null || reduced.Differences.Count == 0) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    // The minimal form, its network and its check; null above the minimiser's limit.
    private sealed record Reduction(SumOfProducts Function, Network<double> Network, bool Exact, IReadOnlyList<int> Differences);

    private static Reduction? Reduce(SumOfProducts dnf, TruthTable table)
    {
        if (table.Variables > Minimizer.MaxVariables)
            return null;
        var minimal = Minimizer.Minimize(table, out bool exact, dnf.Names.Count == table.Variables ? dnf.Names : null);
        var network = BooleanNetwork.Build(minimal, table.Variables);
        return new Reduction(minimal, network, exact, TruthTable.Of(network).Differences(table));
    }

    private static int Compare(Output output, string first, string second, bool json)
    {
        var (a, _) = Read(first, null);
        var (b, _) = Read(second, null);
        // One list of variables for both, so that row r means the same assignment in each.
        var names = SumOfProducts.VariableNames(a.Names.Concat(b.Names));
        if (names.Count > TruthTable.MaxVariables)
            throw CliException.Usage($"the two functions use {names.Count} variables together; at most {TruthTable.MaxVariables}");
        var left = TruthTable.Of(a.Over(names), names.Count);
        var right = TruthTable.Of(b.Over(names), names.Count);
        var differences = left.Differences(right);
        int? row = differences.Count > 0 ? differences[0] : null;
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("first", a.ToString());
                w.WriteString("second", b.ToString());
                w.WriteArray("variables", names);
                w.WriteNumber("rows", left.Rows);
                w.WriteBoolean("equivalent", row is null);
                w.WriteNumber("differing_rows", differences.Count);
                if (row is int r)
                {
                    w.WriteStartObject("first_difference");
                    var assignment = left.Assignment(r);
                    for (int v = 0; v < names.Count; v++)
                        w.WriteNumber(names[v], assignment[v] ? 1 : 0);
                    w.WriteNumber("first", left[r] ? 1 : 0);
                    w.WriteNumber("second", right[r] ? 1 : 0);
                    w.WriteEndObject();
                }
            });
        }
        else
        {
            output.Out.WriteLine($"first   {a}");
            output.Out.WriteLine($"second  {b}");
            if (row is int r)
            {
                var assignment = left.Assignment(r);
                string at = string.Join(' ', names.Select((name, v) => $"{name}={Bit(assignment[v])}"));
                output.Out.WriteLine($"Different functions: they differ on {differences.Count} of {left.Rows} rows; first at {at}: " +
                    $"the first gives {Bit(left[r])}, the second {Bit(right[r])}.");
            }
            else
            {
                output.Out.WriteLine($"The same function: they agree on all {left.Rows} rows of {string.Join(", ", names)}.");
            }
        }
        return row is null ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static (SumOfProducts, TruthTable) Read(string text, int? variables) =>
        File.Exists(text) ? FromFile(text) : FromExpression(text, variables);

    private static (SumOfProducts, TruthTable) FromFile(string path)
    {
        var csv = CsvReader.Read(path);
        var table = TruthTable.FromCsv(csv);
        // The header names the variables; a name like x1 or w is read as the expressions read it (X1, W).
        var names = csv.Header.Take(table.Variables).Select(h => h.Length > 0 && char.IsAsciiLetter(h[0]) && h.Skip(1).All(char.IsAsciiDigit)
            ? char.ToUpperInvariant(h[0]) + h[1..] : h).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            names = [.. SumOfProducts.DefaultNames(table.Variables)];
        return (SumOfProducts.FromTruthTable(table, names), table);
    }

    private static (SumOfProducts, TruthTable) FromExpression(string text, int? variables)
    {
        if (text.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new DataException(text, null, null, "file not found");
        SumOfProducts dnf;
        try
        {
            dnf = SumOfProducts.Parse(text);
        }
        catch (ExpressionException e)
        {
            throw CliException.Usage($"in \"{text}\" at {e.Message}");
        }
        int n = variables ?? dnf.Variables;
        if (n < dnf.Variables)
            throw CliException.Usage($"the function uses {dnf.Variables} variables ({string.Join(", ", dnf.Names)}), so --variables must be at least {dnf.Variables}");
        if (n > dnf.Variables)
            dnf = dnf.Over([.. dnf.Names, .. Enumerable.Range(dnf.Variables + 1, n - dnf.Variables).Select(v => $"X{v}").Except(dnf.Names)]);
        return (dnf, TruthTable.Of(dnf, n));
    }

    private static void Print(Output output, SumOfProducts dnf, Network<double> network, TruthTable table, TruthTable computed,
        IReadOnlyList<int> differences, Reduction? reduced)
    {
        var writer = output.Out;
        var hidden = (Dense<double>)network.Layers[0];
        var outputUnit = (Dense<double>)network.Layers[1];
        writer.WriteLine($"function  Y = {dnf}");
        writer.WriteLine($"network   {network.Spec}   (step units: 1 when z >= 0)");
        writer.WriteLine();
        for (int j = 0; j < hidden.Outputs; j++)
        {
            string term = j < dnf.Terms.Count ? dnf.Term(j) : "none: the function is never 1";
            writer.WriteLine($"hidden unit {j + 1}  term {term}");
            writer.WriteLine($"  w = ({Weights(hidden, j)}), b = {Number(hidden.Biases[j])}");
        }
        writer.WriteLine("output unit (OR of the hidden units)");
        writer.WriteLine($"  w = ({Weights(outputUnit, 0)}), b = {Number(outputUnit.Biases[0])}");
        writer.WriteLine();

        if (table.Rows <= MaxPrintedRows)
        {
            var header = dnf.Names.Append("Y").Append("network").ToList();
            if (reduced is not null)
                header.Add("reduced");
            var reducedTable = reduced is null ? null : TruthTable.Of(reduced.Network);
            var rows = Enumerable.Range(0, table.Rows).Select(r => (IReadOnlyList<string>)
                [.. table.Assignment(r).Select(Bit), Bit(table[r]), Bit(computed[r]), .. reducedTable is null ? Array.Empty<string>() : [Bit(reducedTable[r])]]);
            output.Table("Truth table", header, rows);
        }
        writer.WriteLine(differences.Count == 0
            ? $"The network agrees with the function on all {table.Rows} rows."
            : $"The network disagrees with the function on {differences.Count} of {table.Rows} rows, first row {differences[0]}.");
        if (reduced is null)
        {
            writer.WriteLine($"(No reduction: exact minimisation takes up to {Minimizer.MaxVariables} variables.)");
            return;
        }
        writer.WriteLine();
        writer.WriteLine($"reduced   Y = {reduced.Function}   ({(reduced.Exact ? "minimal" : "prime cover, search stopped before proving it minimal")}, Quine-McCluskey)");
        var reducedHidden = (Dense<double>)reduced.Network.Layers[0];
        int trueRows = Enumerable.Range(0, table.Rows).Count(r => table[r]);
        writer.WriteLine($"network   {reduced.Network.Spec}: {reducedHidden.Outputs} hidden units (the form given: {hidden.Outputs}; " +
            $"one per true row: {trueRows})");
        for (int j = 0; j < reduced.Function.Terms.Count; j++)
            writer.WriteLine($"hidden unit {j + 1}  term {reduced.Function.Term(j)}  w = ({Weights(reducedHidden, j)}), b = {Number(reducedHidden.Biases[j])}");
        writer.WriteLine(reduced.Differences.Count == 0
            ? $"The reduced network agrees with the function on all {table.Rows} rows."
            : $"The reduced network disagrees with the function on {reduced.Differences.Count} of {table.Rows} rows, first row {reduced.Differences[0]}.");
    }

    private static void WriteJson(Output output, SumOfProducts dnf, Network<double> network, TruthTable table, IReadOnlyList<int> differences,
        Reduction? reduced)
    {
        var hidden = (Dense<double>)network.Layers[0];
        var outputUnit = (Dense<double>)network.Layers[1];
        output.Json(w =>
        {
            w.WriteString("function", dnf.ToString());
            w.WriteNumber("variables", table.Variables);
            w.WriteArray("names", dnf.Names);
            w.WriteString("architecture", network.Spec.ToString());
            w.WriteStartArray("hidden_units");
            for (int j = 0; j < hidden.Outputs; j++)
            {
                w.WriteStartObject();
                w.WriteString("term", j < dnf.Terms.Count ? dnf.Term(j) : null);
                w.WriteStartArray("weights");
                for (int k = 0; k < hidden.Inputs; k++)
                    w.WriteNumberValue(hidden.Weights[k * hidden.Outputs + j]);
                w.WriteEndArray();
                w.WriteNumber("bias", hidden.Biases[j]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("output_unit");
            w.WriteArray("weights", outputUnit.Weights.ToArray());
            w.WriteNumber("bias", outputUnit.Biases[0]);
            w.WriteEndObject();
            w.WriteNumber("rows", table.Rows);
            w.WriteStartArray("true_rows");
            for (int r = 0; r < table.Rows; r++)
            {
                if (table[r])
                    w.WriteStringValue(string.Concat(table.Assignment(r).Select(Bit)));
            }
            w.WriteEndArray();
            w.WriteNumber("disagreements", differences.Count);
            if (reduced is not null)
            {
                w.WriteStartObject("reduced");
                w.WriteString("function", reduced.Function.ToString());
                w.WriteNumber("hidden_units", reduced.Network.Layers[0].Outputs);
                w.WriteBoolean("minimal", reduced.Exact);
                w.WriteNumber("disagreements", reduced.Differences.Count);
                w.WriteEndObject();
            }
        });
    }

    // Unit j's weights, w_jk at [k * units + j].
    private static string Weights(Dense<double> layer, int j) =>
        string.Join(", ", Enumerable.Range(0, layer.Inputs).Select(k => Number(layer.Weights[k * layer.Outputs + j])));

    private static string Number(double value) => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    private static string Bit(bool value) => value ? "1" : "0";
}
