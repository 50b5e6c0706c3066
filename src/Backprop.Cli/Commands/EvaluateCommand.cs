using System.CommandLine;
using Backprop.Data;
using Backprop.Persistence;
using Backprop.Tabular;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop evaluate MODEL DATA</c>: a model's scores on a labelled CSV file.</summary>
public static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = CommonOptions.File("MODEL", "A model file written by 'backprop train'.");
        var data = CommonOptions.File("DATA", "CSV file (or bundled data set) with the model's feature columns and its label column.");
        var separator = CommonOptions.Separator();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("evaluate",
            "Score a model on a labelled CSV file: accuracy, loss and confusion matrix for classification; MSE, MAE and R^2 for regression.")
        {
            model, data, separator, threads, json,
        };
        command.SetAction(parse =>
        {
            Model loaded = ModelFile.Load(parse.GetRequiredValue(model));
            loaded.Threads = parse.GetValue(threads);
            DataFiles.Source source = DataFiles.Resolve(parse.GetRequiredValue(data));
            CsvTable table = CsvReader.Read(source.Path, parse.GetValue(separator));
            return DataFiles.InRange(table, loaded.Schema.FeatureNames, () =>
            {
                Print(loaded, table, source.Name, Output.From(parse), parse.GetValue(json));
                return ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>
    /// Whether DATA is the very file the model was trained on (the same SHA-256 of its bytes): then its scores include
    /// rows seen in training. Null when the model or the table has no hash (an older model file, a table built in memory).
    /// </summary>
    private static bool? SeenInTraining(Model model, CsvTable table) =>
        model.Training?.DataSha256 is string trained && table.Sha256 is string read ? trained == read : null;

    // Says how many rows training saw and where the honest (held-out) figure is.
    private static string SeenNote(TrainingSummary training)
    {
        string rows = training.TestRows == 0 ? "every row was" : $"{Output.Count(training.TrainRows, "row")} of it were";
        Metric? heldOut = training.Metrics.FirstOrDefault(m => m.Name is "test_accuracy" or "test_r2");
        string honest = heldOut is null
            ? "score a file the model has not seen for a held-out figure"
            : $"the held-out {(heldOut.Name == "test_r2" ? "R^2" : "accuracy")} at training was {Output.Metric(heldOut)} ({Output.Count(training.TestRows, "test row")}; backprop info MODEL)";
        return $"this is the file the model was trained on (same SHA-256): {rows} seen in training, so these scores are optimistic; {honest}";
    }

    private static void WriteSeen(System.Text.Json.Utf8JsonWriter w, Model model, bool? seen)
    {
        if (seen is bool value)
            w.WriteBoolean("seen_in_training", value);
        else
            w.WriteNull("seen_in_training");
        if (seen == true)
            w.WriteString("note", SeenNote(model.Training!));
    }

    private static void Print(Model model, CsvTable table, string dataName, Output output, bool json)
    {
        Schema schema = model.Schema;
        bool? seen = SeenInTraining(model, table);
        (string, string)[] note = seen == true ? [("Note", SeenNote(model.Training!))] : [];
        double[] features = schema.Encode(table);
        string task = DataFiles.TaskName(schema.Task);
        if (schema.Task == TaskKind.Classification)
        {
            var scores = Scoring.Classify(model, features, TabularData.ReadClassIndex(table, schema.LabelName, schema.Classes));
            if (json)
            {
                output.Json(w =>
                {
                    w.WriteString("task", task);
                    w.WriteString("data", dataName);
                    w.WriteNumber("rows", scores.Rows);
                    w.WriteNumberOrNull("accuracy", scores.Accuracy);
                    w.WriteNumberOrNull("loss_value", scores.Loss);
                    WriteSeen(w, model, seen);
                    w.WriteArray("classes", schema.Classes);
                    if (scores.Confusion is not { } confusion)
                    {
                        w.WriteNull("confusion_matrix");
                        return;
                    }
                    w.WriteStartArray("confusion_matrix");
                    for (int i = 0; i < schema.Classes.Count; i++)
                    {
                        w.WriteStartArray();
                        for (int j = 0; j < schema.Classes.Count; j++)
                            w.WriteNumberValue(confusion[i, j]);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                });
                return;
            }
            output.Table("Evaluation",
            [
                ("Data", $"{dataName}: {Output.Count(scores.Rows, "row")}"),
                ("Accuracy", Output.Percent(scores.Accuracy)),
                ("Loss", $"{Output.Number(scores.Loss)} ({model.Loss.Name})"),
                .. note,
            ]);
            if (scores.Confusion is { } matrix)
                Evaluation.PrintConfusion(output, schema.Classes, matrix);
            return;
        }

        var regression = Scoring.Regress(model, features, TabularData.ReadTargets(table, schema.LabelName));
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("task", task);
                w.WriteString("data", dataName);
                w.WriteNumber("rows", regression.Rows);
                w.WriteNumberOrNull("mse", regression.Mse);
                w.WriteNumberOrNull("mae", regression.Mae);
                w.WriteNumberOrNull("r2", regression.R2);
                WriteSeen(w, model, seen);
            });
            return;
        }
        output.Table("Evaluation",
        [
            ("Data", $"{dataName}: {Output.Count(regression.Rows, "row")}"),
            ("MSE", Output.Number(regression.Mse)),
            ("MAE", Output.Number(regression.Mae)),
            ("R^2", double.IsNaN(regression.R2) ? "undefined (needs at least two rows)" : Output.Number(regression.R2)),
            .. note,
        ]);
    }
}
