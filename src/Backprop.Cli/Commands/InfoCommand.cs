using System.CommandLine;
using System.Globalization;
using Backprop.Data;
using Backprop.Persistence;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop info MODEL</c>: what a model file holds.</summary>
public static class InfoCommand
{
    // Names listed in text output before "... (N more)"; --json lists all.
    private const int ShownNames = 12;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = CommonOptions.File("MODEL", "A model file written by 'backprop train', or a weights file (docs/weights-file.md).");
        var json = CommonOptions.Json();
        var command = new Command("info", "Show a model's architecture, parameter count, data schema and training summary.") { model, json };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(model);
            Print(path, ModelFile.Load(path), Output.From(parse), parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(string path, Model model, Output output, bool json)
    {
        Schema schema = model.Schema;
        TrainingSummary? training = model.Training;
        bool weights = WeightsFile.IsWeightsFile(path);
        string task = DataFiles.TaskName(schema.Task);
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("model", path);
                w.WriteString("format", weights ? "weights" : "model");
                w.WriteNumber("format_version", weights ? WeightsFile.Version : ModelFile.FormatVersion);
                w.WriteString("task", task);
                w.WriteString("label", schema.LabelName);
                w.WriteArray("features", schema.FeatureNames);
                if (schema.Task == TaskKind.Classification)
                {
                    w.WriteArray("classes", schema.Classes);
                }
                w.WriteString("architecture", model.Architecture);
                w.WriteNumber("parameters", model.ParameterCount);
                w.WriteString("precision", model.Precision);
                w.WriteString("loss", model.Loss.Name);
                if (training is null)
                    return;
                w.WriteStartObject("training");
                w.WriteString("optimizer", training.Optimizer);
                w.WriteNumberOrNull("learning_rate", training.LearningRate);
                w.WriteNumber("batch_size", training.BatchSize);
                w.WriteNumber("epochs", training.Epochs);
                w.WriteNumber("updates", training.Updates);
                w.WriteString("stop_reason", training.StopReason);
                w.WriteNumber("seed", training.Seed);
                w.WriteNumber("train_rows", training.TrainRows);
                w.WriteNumber("test_rows", training.TestRows);
                if (training.DataSha256 is null)
                    w.WriteNull("data_sha256");
                else
                    w.WriteString("data_sha256", training.DataSha256);
                foreach (Metric metric in training.Metrics)
                    w.WriteNumberOrNull(metric.Name, metric.Value);
                w.WriteEndObject();
            });
            return;
        }

        var rows = new List<(string, string)>
        {
            ("Task", $"{task} of '{schema.LabelName}'"),
            ("Features", $"{schema.FeatureNames.Count}: {Names(schema.FeatureNames)}"),
        };
        if (schema.Task == TaskKind.Classification)
            rows.Add(("Classes", $"{schema.Classes.Count}: {Names(schema.Classes)}"));
        rows.Add(("Architecture", model.Architecture));
        rows.Add(("Parameters", model.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)));
        rows.Add(("Precision", model.Precision));
        rows.Add(("Loss", model.Loss.Name));
        if (training is not null)
        {
            rows.Add(("Optimizer", $"{training.Optimizer}, learning rate {Output.Number(training.LearningRate)}, batch {training.BatchSize}"));
            rows.Add(("Training", $"{training.Epochs} epochs, {training.Updates} updates, seed {training.Seed}"));
            rows.Add(("Stopped", training.StopReason));
            rows.Add(("Rows", $"{training.TrainRows} train, {training.TestRows} test"));
            if (training.DataSha256 is not null)
                rows.Add(("Data SHA-256", training.DataSha256));
            foreach (Metric metric in training.Metrics)
                rows.Add((Output.MetricLabel(metric.Name), Output.Metric(metric)));
        }
        output.Table(weights ? $"{path} (weights file, version {WeightsFile.Version})" : $"{path} (model format {ModelFile.FormatVersion})", rows);
    }

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= ShownNames
            ? string.Join(", ", names)
            : string.Join(", ", names.Take(ShownNames)) + $", ... ({names.Count - ShownNames} more)";
}
