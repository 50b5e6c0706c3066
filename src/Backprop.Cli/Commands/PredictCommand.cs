using System.CommandLine;
using System.Globalization;
using System.Text;
using Backprop.Data;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop predict MODEL DATA</c>: one CSV row of predictions per data row. Classification: the predicted class, then
/// one probability column per class; regression: the predicted value. The data's label column may be absent.
/// </summary>
public static class PredictCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = CommonOptions.File("MODEL", "A model file written by 'backprop train'.");
        var data = CommonOptions.File("DATA", "CSV file (or bundled data set) with the model's feature columns; other columns are ignored.");
        var outPath = CommonOptions.OutputFileOption("--out", "Write the predictions to this file (atomically) instead of stdout.");
        outPath.Aliases.Add("-o");
        var separator = CommonOptions.Separator();
        var threads = CommonOptions.Threads();
        var command = new Command("predict",
            "Predict every row of a CSV file: the class and its probabilities, or the value, as CSV.")
        {
            model, data, outPath, separator, threads,
        };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(outPath);
            OutputFiles.Check([new("--out", path)], [new("MODEL", parse.GetRequiredValue(model)), new("DATA", parse.GetRequiredValue(data))]);
            Model loaded = ModelFile.Load(parse.GetRequiredValue(model));
            loaded.Threads = parse.GetValue(threads);
            CsvTable table = DataFiles.Read(parse.GetRequiredValue(data), parse.GetValue(separator));
            double[] features = TabularData.ReadFeatures(table, loaded.Schema.FeatureNames);
            double[] outputs = loaded.Predict(features, table.RowCount);
            if (path is null)
            {
                Write(Output.From(parse).Out, loaded.Schema, outputs, table.RowCount);
                return ExitCodes.Success;
            }
            try
            {
                AtomicFile.Write(path, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                    Write(writer, loaded.Schema, outputs, table.RowCount);
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"cannot write '{path}': {e.Message}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter writer, Schema schema, double[] outputs, int rows)
    {
        if (schema.Task == TaskKind.Regression)
        {
            writer.WriteLine(Csv.Field(schema.LabelName));
            foreach (double value in outputs)
                writer.WriteLine(value.ToString("R", CultureInfo.InvariantCulture));
            return;
        }
        int classes = schema.Classes.Count;
        writer.WriteLine(string.Join(',', schema.Classes.Select(c => "p_" + c).Prepend(schema.LabelName).Select(Csv.Field)));
        int[] predicted = Metrics.ArgMax<double>(outputs, rows, classes);
        var line = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            line.Clear().Append(Csv.Field(schema.Classes[predicted[r]]));
            for (int k = 0; k < classes; k++)
                line.Append(',').Append(outputs[r * classes + k].ToString("G6", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }
}
