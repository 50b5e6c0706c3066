using System.CommandLine;
using Backprop.Activations;
using Backprop.Cli.Plots;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop boundary MODEL-or-DATA FILE.png</c>: the decision regions of a two-input classifier with the data on
/// top. Given a generator name (xor, circles, spirals, blobs) it first trains a small network on generated points.
/// </summary>
public static class BoundaryCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var source = new Argument<string>("MODEL-or-DATA")
        {
            Description = $"A model file (or weights file) with two inputs, or a data generator to train on first: {string.Join(", ", Synthetic.Names)}.",
        }.NotAnOption();
        var image = CommonOptions.File("FILE.png", "The PNG to write.");
        var data = new Option<string?>("--data")
        {
            HelpName = "NAME-or-CSV",
            Description = "With a model: the points to draw, a generator name or a CSV file with the model's feature and label " +
                "columns (without it, only the regions are drawn).",
        };
        var points = CommonOptions.Positive("--points", 200, "How many points to generate.", maximum: 10_000_000);
        var seed = CommonOptions.Seed("Seed of the generated points, the initial weights and the shuffles.");
        var layers = CommonOptions.Layers(16, 16);
        var activation = CommonOptions.HiddenActivation("tanh");
        var epochs = CommonOptions.Positive("--epochs", 500, "Epochs of training on generated data (full batch, Adam).");
        var resolution = CommonOptions.Positive("--resolution", 200, "Grid cells across and down.", maximum: 4096);
        var json = CommonOptions.Json();
        var command = new Command("boundary", "Draw a two-input classifier's decision regions with the data points on top (PNG).")
        {
            source, image, data, points, seed, layers, activation, epochs, resolution, json,
        };
        command.SetAction(parse =>
        {
            var output = Output.From(parse);
            bool asJson = parse.GetValue(json);
            string from = parse.GetRequiredValue(source);
            string path = parse.GetRequiredValue(image);
            int n = parse.GetValue(points), s = parse.GetValue(seed), cells = parse.GetValue(resolution);
            OutputFiles.Check([new("FILE.png", path)], [new("MODEL-or-DATA", from), new("--data", parse.GetValue(data))]);
            if (File.Exists(from))
            {
                FromModel(output, asJson, from, path, parse.GetValue(data), n, s, cells);
            }
            else if (Synthetic.Names.Contains(from, StringComparer.OrdinalIgnoreCase))
            {
                FromData(output, asJson, Synthetic.Generate(from, n, s), path, parse.GetRequiredValue(layers), parse.GetRequiredValue(activation),
                    parse.GetValue(epochs), s, cells);
            }
            else
            {
                throw CliException.Usage($"'{from}' is neither a model file nor a data generator ({string.Join(", ", Synthetic.Names)})");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void FromData(Output output, bool json, PointSet set, string path, LayerSizes layers, HiddenUnits hidden, int epochs, int seed, int cells)
    {
        var spec = NetworkSpec.Input(2);
        foreach (int units in layers.Units)
            spec = hidden.Append(spec, units);
        spec = spec.Dense(set.Classes, Activation.Softmax);
        CommonOptions.CheckNetwork(spec);
        var network = spec.Build<double>(seed);
        RbfCentres.FromData(network, set.Features, set.Rows, seed);
        var train = new Dataset<double>(set.Features, OneHot.Encode(set.Labels, set.Classes), set.Rows, 2, set.Classes);
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 0, Seed = seed };
        var result = new Trainer<double>(network, Loss.CrossEntropy, Optimizer.Create("adam", 0.02), options).Fit(train);

        var predicted = Metrics.ArgMax<double>(network.Forward(set.Features, set.Rows), set.Rows, set.Classes);
        double accuracy = Metrics.Accuracy(predicted, set.Labels);
        var (xMin, xMax, yMin, yMax) = DecisionGrid.Bounds(set.Features);
        var grid = DecisionGrid.Compute((x, rows) => network.Forward(x, rows).ToArray(), set.Classes, xMin, xMax, yMin, yMax, cells, cells);
        string[] names = [.. Enumerable.Range(0, set.Classes).Select(k => $"class {k}")];
        BoundaryPlot.Save(path, grid, set.Features, set.Labels, names,
            $"{set.Name}, {set.Rows} points: training accuracy {Output.Percent(accuracy)}");
        double loss = result.History[^1].TrainLoss;
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("image", path);
                w.WriteString("data", set.Name);
                w.WriteNumber("points", set.Rows);
                w.WriteNumber("classes", set.Classes);
                w.WriteString("architecture", network.ToString());
                w.WriteNumber("epochs", result.Epochs);
                w.WriteNumberOrNull("train_loss", loss);
                w.WriteNumberOrNull("train_accuracy", accuracy);
            });
            return;
        }
        output.Out.WriteLine($"trained {network} on {set.Rows} {set.Name} points for {result.Epochs} epochs: " +
            $"loss {Output.Number(loss)}, training accuracy {Output.Percent(accuracy)}");
        output.Out.WriteLine($"wrote {path}");
    }

    private static void FromModel(Output output, bool json, string modelPath, string path, string? data, int count, int seed, int cells)
    {
        var model = ModelFile.Load(modelPath);
        Schema schema = model.Schema;
        // A one-output regression model (e.g. 000's ReLU XOR network from a weights file) is drawn as two regions split at
        // 0.5, the threshold DecisionGrid reads a single output with.
        bool classify = schema.Task == TaskKind.Classification;
        if (schema.Inputs != 2 || !(classify || schema.Outputs == 1))
            throw CliException.Usage($"boundary needs a classifier or a one-output model with two inputs; {modelPath} has {Output.Count(schema.Inputs, "input")} " +
                $"and {Output.Count(schema.Outputs, "output")}");
        IReadOnlyList<string> names = classify ? schema.Classes : [$"{schema.LabelName} < 0.5", $"{schema.LabelName} >= 0.5"];
        var (features, labels) = data is null ? ([], []) : Points(schema, names.Count, data, count, seed);
        var (xMin, xMax, yMin, yMax) = features.Length > 0 ? DecisionGrid.Bounds(features) : ScalerBounds(schema.Scaler);
        var grid = DecisionGrid.Compute((x, rows) => model.Predict(x, rows), schema.Outputs, xMin, xMax, yMin, yMax, cells, cells);
        BoundaryPlot.Save(path, grid, features, labels, names, $"Decision regions of {Path.GetFileName(modelPath)}\n{model.Architecture}",
            schema.FeatureNames[0], schema.FeatureNames[1]);
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("image", path);
                w.WriteString("model", modelPath);
                w.WriteString("architecture", model.Architecture);
                w.WriteNumber("points", labels.Length);
                w.WriteNumber("classes", names.Count);
            });
            return;
        }
        output.Out.WriteLine($"wrote {path}");
    }

    // The points to draw over a model's regions: generated, or read from a CSV file with the model's columns (a regression
    // target counts as class 1 from 0.5 up).
    private static (double[] Features, int[] Labels) Points(Schema schema, int classes, string data, int count, int seed)
    {
        if (!File.Exists(data) && Synthetic.Names.Contains(data, StringComparer.OrdinalIgnoreCase))
        {
            var set = Synthetic.Generate(data, count, seed);
            if (set.Classes != classes)
                throw CliException.Usage($"{data} has {set.Classes} classes; the model has {classes}");
            return (set.Features, set.Labels);
        }
        var table = DataFiles.Read(data, ',');
        var features = schema.Encode(table);
        if (schema.Task == TaskKind.Classification)
            return (features, TabularData.ReadClassIndex(table, schema.LabelName, schema.Classes));
        return (features, [.. TabularData.ReadTargets(table, schema.LabelName).Select(t => t >= 0.5 ? 1 : 0)]);
    }

    // Without data: three standard deviations either side of the training mean.
    private static (double, double, double, double) ScalerBounds(StandardScaler scaler) =>
        (scaler.Mean[0] - 3 * scaler.Scale[0], scaler.Mean[0] + 3 * scaler.Scale[0],
         scaler.Mean[1] - 3 * scaler.Scale[1], scaler.Mean[1] + 3 * scaler.Scale[1]);
}
