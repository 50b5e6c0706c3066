using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
        var model = CommonOptions.File("MODEL", "A model file written by 'backprop train', or a weights file (docs/weights-file.md).");
        var data = CommonOptions.File("DATA", "CSV file (or bundled data set) with the model's feature columns; other columns are ignored.");
        var outPath = CommonOptions.OutputFileOption("--out", "Write the predictions to this file (atomically) instead of stdout.");
        outPath.Aliases.Add("-o");
        var separator = CommonOptions.Separator();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("predict",
            "Predict every row of a CSV file: the class and its probabilities, or the value, as CSV.")
        {
            model, data, outPath, separator, threads, json,
        };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(outPath);
            string modelPath = parse.GetRequiredValue(model);
            OutputFiles.Check([new("--out", path)], [new("MODEL", modelPath), new("DATA", parse.GetRequiredValue(data))]);
            Model loaded = ModelFile.Load(modelPath);
            loaded.Threads = parse.GetValue(threads);
            DataFiles.Source source = DataFiles.Resolve(parse.GetRequiredValue(data));
            CsvTable table = DataFiles.Read(source, parse.GetValue(separator), null);
            double[] features = loaded.Schema.Encode(table);
            double[] outputs = DataFiles.InRange(table, loaded.Schema.FeatureNames, () => loaded.Predict(features, table.RowCount));
            var output = Output.From(parse);
            if (path is null && parse.GetValue(json))
            {
                output.Json(w =>
                {
                    Summary(w, modelPath, source.Name, loaded, table.RowCount);
                    Predictions(w, loaded, outputs, table.RowCount);
                });
                return ExitCodes.Success;
            }
            if (path is null)
            {
                Write(output.Out, loaded, outputs, table.RowCount);
                return ExitCodes.Success;
            }
            try
            {
                AtomicFile.Write(path, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                    Write(writer, loaded, outputs, table.RowCount);
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"cannot write '{path}': {e.Message}");
            }
            if (parse.GetValue(json))
            {
                output.Json(w =>
                {
                    Summary(w, modelPath, source.Name, loaded, table.RowCount);
                    w.WriteString("out", path);
                });
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Summary(Utf8JsonWriter w, string modelPath, string dataName, Model model, int rows)
    {
        w.WriteString("model", modelPath);
        w.WriteString("data", dataName);
        w.WriteString("task", DataFiles.TaskName(model.Schema.Task));
        w.WriteString("label", model.Schema.LabelName);
        w.WriteNumber("rows", rows);
    }

    // Classification: the classes, then per row the predicted class and its probabilities in the classes' order;
    // regression: the predicted values. Numbers to the model's precision.
    private static void Predictions(Utf8JsonWriter w, Model model, double[] outputs, int rows)
    {
        Schema schema = model.Schema;
        if (schema.Task == TaskKind.Regression)
        {
            w.WriteStartArray("predictions");
            foreach (double value in outputs)
                w.WriteComputedValue(value, model.Precision);
            w.WriteEndArray();
            return;
        }
        int classes = schema.Classes.Count;
        w.WriteArray("classes", schema.Classes);
        int[] predicted = Metrics.ArgMax<double>(outputs, rows, classes);
        w.WriteStartArray("predictions");
        for (int r = 0; r < rows; r++)
        {
            w.WriteStartObject();
            w.WriteString("class", schema.Classes[predicted[r]]);
            w.WriteStartArray("probabilities");
            for (int k = 0; k < classes; k++)
                w.WriteComputedValue(outputs[r * classes + k], model.Precision);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Write(TextWriter writer, Model model, double[] outputs, int rows)
    {
        Schema schema = model.Schema;
        if (schema.Task == TaskKind.Regression)
        {
            writer.WriteLine(Csv.Field(schema.LabelName));
            foreach (double value in outputs)
                writer.WriteLine(Output.Computed(value, model.Precision));
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
                line.Append(',').Append(NumberText.Format(outputs[r * classes + k], 6));
            writer.WriteLine(line);
        }
    }
}
