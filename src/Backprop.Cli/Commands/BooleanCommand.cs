using System.CommandLine;
using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Logic;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop boolean</c>: the notes' one-hidden-layer threshold network for a Boolean function given as a sum of
/// products or a truth-table file, printed and checked against the function on every row.
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
            Description = "A sum of products such as \"X1 X2' + X3\" (' = NOT, juxtaposition or * = AND, + = OR), " +
                "or a CSV truth table (0/1 columns, the last the output; rows left out are 0).",
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
            function, variables, json,
        };
        command.SetAction(parse =>
        {
            string text = parse.GetRequiredValue(function);
            var (dnf, table) = File.Exists(text) ? FromFile(text) : FromExpression(text, parse.GetValue(variables));
            if (parse.GetValue(variables) is int n && n != table.Variables)
                throw CliException.Usage($"the table in {text} has {table.Variables} variables, not {n}");
            var network = BooleanNetwork.Build(dnf, table.Variables);
            var computed = TruthTable.Of(network);
            var differences = computed.Differences(table);
            var output = Output.From(parse);
            if (parse.GetValue(json))
                WriteJson(output, dnf, network, table, differences);
            else
                Print(output, dnf, network, table, computed, differences);
            return differences.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static (SumOfProducts, TruthTable) FromFile(string path)
    {
        var table = TruthTable.FromCsv(CsvReader.Read(path));
        return (SumOfProducts.FromTruthTable(table), table);
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
            throw CliException.Usage($"the function uses X{dnf.Variables}, so --variables must be at least {dnf.Variables}");
        return (dnf, TruthTable.Of(dnf, n));
    }

    private static void Print(Output output, SumOfProducts dnf, Network<double> network, TruthTable table, TruthTable computed,
        IReadOnlyList<int> differences)
    {
        var writer = output.Out;
        var hidden = (Dense<double>)network.Layers[0];
        var outputUnit = (Dense<double>)network.Layers[1];
        writer.WriteLine($"function  Y = {dnf}");
        writer.WriteLine($"network   {network.Spec}   (step units: 1 when z >= 0)");
        writer.WriteLine();
        for (int j = 0; j < hidden.Outputs; j++)
        {
            string term = j < dnf.Terms.Count ? string.Join(' ', dnf.Terms[j]) : "none: the function is never 1";
            writer.WriteLine($"hidden unit {j + 1}  term {term}");
            writer.WriteLine($"  w = ({Weights(hidden, j)}), b = {Number(hidden.Biases[j])}");
        }
        writer.WriteLine("output unit (OR of the hidden units)");
        writer.WriteLine($"  w = ({Weights(outputUnit, 0)}), b = {Number(outputUnit.Biases[0])}");
        writer.WriteLine();

        if (table.Rows <= MaxPrintedRows)
        {
            var header = Enumerable.Range(1, table.Variables).Select(v => $"X{v}").Append("Y").Append("network").ToList();
            var rows = Enumerable.Range(0, table.Rows).Select(r => (IReadOnlyList<string>)
                [.. table.Assignment(r).Select(Bit), Bit(table[r]), Bit(computed[r])]);
            output.Table("Truth table", header, rows);
        }
        writer.WriteLine(differences.Count == 0
            ? $"The network agrees with the function on all {table.Rows} rows."
            : $"The network disagrees with the function on {differences.Count} of {table.Rows} rows, first row {differences[0]}.");
    }

    private static void WriteJson(Output output, SumOfProducts dnf, Network<double> network, TruthTable table, IReadOnlyList<int> differences)
    {
        var hidden = (Dense<double>)network.Layers[0];
        var outputUnit = (Dense<double>)network.Layers[1];
        output.Json(w =>
        {
            w.WriteString("function", dnf.ToString());
            w.WriteNumber("variables", table.Variables);
            w.WriteString("architecture", network.Spec.ToString());
            w.WriteStartArray("hidden_units");
            for (int j = 0; j < hidden.Outputs; j++)
            {
                w.WriteStartObject();
                w.WriteString("term", j < dnf.Terms.Count ? string.Join(' ', dnf.Terms[j]) : null);
                w.WriteStartArray("weights");
                for (int k = 0; k < hidden.Inputs; k++)
                    w.WriteNumberValue(hidden.Weights[k * hidden.Outputs + j]);
                w.WriteEndArray();
                w.WriteNumber("bias", hidden.Biases[j]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("output_unit");
            w.WriteStartArray("weights");
            foreach (double weight in outputUnit.Weights)
                w.WriteNumberValue(weight);
            w.WriteEndArray();
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
        });
    }

    // Unit j's weights, w_jk at [k * units + j].
    private static string Weights(Dense<double> layer, int j) =>
        string.Join(", ", Enumerable.Range(0, layer.Inputs).Select(k => Number(layer.Weights[k * layer.Outputs + j])));

    private static string Number(double value) => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    private static string Bit(bool value) => value ? "1" : "0";
}
