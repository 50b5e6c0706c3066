using System.CommandLine;
using Backprop.Data;
using Backprop.Persistence;

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

    private static void Print(Model model, CsvTable table, string dataName, Output output, bool json)
    {
        Schema schema = model.Schema;
        double[] features = TabularData.ReadFeatures(table, schema.FeatureNames);
        string task = DataFiles.TaskName(schema.Task);
        if (schema.Task == TaskKind.Classification)
        {
            var scores = Evaluation.Classify(model, features, TabularData.ReadClassIndex(table, schema.LabelName, schema.Classes));
            if (json)
            {
                output.Json(w =>
                {
                    w.WriteString("task", task);
                    w.WriteString("data", dataName);
                    w.WriteNumber("rows", scores.Rows);
                    w.WriteNumberOrNull("accuracy", scores.Accuracy);
                    w.WriteNumberOrNull("loss", scores.Loss);
                    w.WriteStartArray("classes");
                    foreach (string name in schema.Classes)
                        w.WriteStringValue(name);
                    w.WriteEndArray();
                    w.WriteStartArray("confusion_matrix");
                    for (int i = 0; i < schema.Classes.Count; i++)
                    {
                        w.WriteStartArray();
                        for (int j = 0; j < schema.Classes.Count; j++)
                            w.WriteNumberValue(scores.Confusion[i, j]);
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
            ]);
            Evaluation.PrintConfusion(output, schema.Classes, scores.Confusion);
            return;
        }

        var regression = Evaluation.Regress(model, features, TabularData.ReadTargets(table, schema.LabelName));
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
            });
            return;
        }
        output.Table("Evaluation",
        [
            ("Data", $"{dataName}: {Output.Count(regression.Rows, "row")}"),
            ("MSE", Output.Number(regression.Mse)),
            ("MAE", Output.Number(regression.Mae)),
            ("R^2", double.IsNaN(regression.R2) ? "undefined (needs at least two rows)" : Output.Number(regression.R2)),
        ]);
    }
}
