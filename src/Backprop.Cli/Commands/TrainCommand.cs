using System.CommandLine;
using Backprop.Cli.Plots;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop train [DATA]</c>: trains a network on a CSV file (or a bundled data set), reports its scores on a held-out
/// test part and saves the model. Only a successful run writes the model file. With <c>--checkpoint</c> it saves the
/// training state as it goes, <c>--resume</c> continues from it, and SIGINT/SIGTERM stop it cleanly at a batch's end.
/// </summary>
public static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = CommonOptions.File("DATA", $"CSV file with a header row, or a bundled data set: {string.Join(", ", BundledData.Names)}.");
        data.DefaultValueFactory = _ => "digits";
        var label = new Option<string?>("--label")
        {
            Description = "Label column (default: the bundled data set's label, else the last column).",
            HelpName = "COLUMN",
        };
        var task = new Option<TaskKind?>("--task")
        {
            Description = "auto (text or at most 20 distinct integers: classify; other numbers: regress), classify or regress.",
            HelpName = "auto|classify|regress",
            DefaultValueFactory = _ => null,
            CustomParser = result => result.Tokens[0].Value.ToLowerInvariant() switch
            {
                "auto" => null,
                "classify" => TaskKind.Classification,
                "regress" => TaskKind.Regression,
                string other => Error<TaskKind?>(result, $"--task must be auto, classify or regress, not '{other}'."),
            },
        };
        var layers = CommonOptions.Layers(64, 32);
        var activation = CommonOptions.HiddenActivation("relu");
        var loss = CommonOptions.LossOption(null, allowAuto: true);
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "Optimizer.",
            DefaultValueFactory = _ => "adam",
        }.OneOf(Optimizer.Names);
        var rate = CommonOptions.LearningRate(null,
            "Learning rate (default: 0.005 for adam, nadam and rmsprop; 0.05 for sgd, momentum, nesterov and adagrad; 1 for adadelta).");
        var batch = CommonOptions.BatchSize(32, minimum: 0, "Patterns per update; 0 = the whole training part (full batch).");
        var epochs = CommonOptions.Positive("--epochs", 50, "Passes over the training part.");
        var testFraction = CommonOptions.Real("--test-fraction", 0.25, f => f > 0 && f < 1, "a number between 0 and 1, exclusive",
            "Share of the rows held out for testing (stratified by class for classification).");
        testFraction.HelpName = "FRACTION";
        var seed = CommonOptions.Seed("Seed of the split, the initial weights and the shuffles.");
        var model = CommonOptions.OutputFileOption("--model", "Where to save the model (default: DATA's name with .bpmodel, in the current folder).");
        var precision = CommonOptions.Precision("float");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output." };
        var separator = CommonOptions.Separator();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var checkpoint = CommonOptions.OutputFileOption("--checkpoint",
            "Save the complete training state to FILE (atomically) every --checkpoint-every epochs and on Ctrl+C.");
        var checkpointEvery = CommonOptions.Positive("--checkpoint-every", 1, "Epochs between checkpoints.");
        var resume = CommonOptions.FileOption("--resume",
            "Continue the run saved in checkpoint FILE: give the same DATA and options (--epochs may grow). " +
            "Checkpoints go on to FILE unless --checkpoint names another.");
        var plot = CommonOptions.OutputFileOption("--plot", "Also write a PNG of the loss (and accuracy) per epoch, training and test.", "FILE.png");

        var command = new Command("train", "Train a network on a CSV file or a bundled data set, report its test scores and save it.")
        {
            data, label, task, layers, activation, loss, optimizer, rate, batch, epochs, testFraction, seed, model,
            precision, quiet, separator, threads, json, plot, checkpoint, checkpointEvery, resume,
        };
        ClusterTraining.AddOptions(command);
        command.SetAction((parse, cancellation) =>
        {
            string optimizerName = parse.GetRequiredValue(optimizer);
            var settings = new Settings(
                parse.GetRequiredValue(data), parse.GetValue(label), parse.GetValue(task), parse.GetRequiredValue(layers),
                parse.GetRequiredValue(activation), parse.GetValue(loss), optimizerName,
                parse.GetValue(rate) ?? DefaultRate(optimizerName), parse.GetValue(batch), parse.GetValue(epochs),
                parse.GetValue(testFraction)!.Value, parse.GetValue(seed), parse.GetValue(model), parse.GetValue(quiet),
                parse.GetValue(separator), parse.GetValue(threads), parse.GetValue(json), parse.GetValue(plot),
                parse.GetValue(checkpoint) ?? parse.GetValue(resume), parse.GetValue(checkpointEvery), parse.GetValue(resume),
                ClusterTraining.Read(parse));
            var output = Output.From(parse);
            int code = parse.GetValue(precision) == "double"
                ? Train<double>(settings, output, cancellation)
                : Train<float>(settings, output, cancellation);
            return Task.FromResult(code);
        });
        return command;
    }

    private sealed record Settings(
        string Data, string? Label, TaskKind? Task, LayerSizes Layers, HiddenUnits Hidden, Loss? Loss, string Optimizer,
        double LearningRate, int Batch, int Epochs, double TestFraction, int Seed, string? ModelPath, bool Quiet,
        char Separator, int Threads, bool Json, string? Plot, string? Checkpoint, int CheckpointEvery, string? Resume,
        ClusterTraining.Settings? Cluster);

    // Rates that train the bundled data sets well in the default number of epochs; adaptive methods want smaller ones.
    private static double DefaultRate(string optimizer) => optimizer switch
    {
        "adam" or "nadam" or "rmsprop" => 0.005,
        "adadelta" => 1.0,
        _ => 0.05,
    };

    private static T Error<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    private static int Train<T>(Settings s, Output output, CancellationToken cancellation) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (s.Plot is not null && s.Resume is not null)
            throw CliException.Usage("--plot cannot be used with --resume: the accuracies of the epochs before the checkpoint were not saved");
        if (s.Cluster is not null && (s.Plot ?? s.Checkpoint) is not null)
            throw CliException.Usage("--plot, --checkpoint and --resume do not work with --cluster or --workers (the cluster keeps its checkpoints in the coordinator's memory)");

        // Data: read, encode, split, standardise with the training part's statistics only.
        DataFiles.Source source = DataFiles.Resolve(s.Data);
        string modelPath = s.ModelPath ?? Path.GetFileNameWithoutExtension(source.Path) + ".bpmodel";
        OutputFiles.Check(
            [new("--model", modelPath), new("--checkpoint", s.Checkpoint, MayReplace: "--resume"), new("--plot", s.Plot)],
            [new("DATA", source.Path), new("--resume", s.Resume)]);
        CsvTable table = CsvReader.Read(source.Path, s.Separator);
        string labelName = s.Label ?? source.DefaultLabel ?? table.Header[^1];
        TabularData data = DataFiles.FromTable(table, labelName, s.Task, defaulted: s.Label is null && source.DefaultLabel is null, output);
        int rows = data.Rows, inputs = data.FeatureCount;
        (int[] trainRows, int[] testRows) = Split(table, data, s);
        var scaler = StandardScaler.Fit(data.Features, rows, inputs, trainRows);
        double[] x = (double[])data.Features.Clone();
        scaler.Transform(x, rows);

        Schema schema;
        double[] targets;
        Loss loss;
        Activation outputActivation;
        if (data.IsClassification)
        {
            schema = new Schema(TaskKind.Classification, labelName, data.FeatureNames, scaler, data.Classes, null);
            targets = OneHot.Encode(data.ClassIndex, data.Classes.Length);
            loss = s.Loss ?? Loss.CrossEntropy;
            // Sigmoid units for binary cross-entropy (each output its own yes/no), a softmax distribution otherwise.
            outputActivation = loss == Loss.BinaryCrossEntropy ? Activation.Sigmoid : Activation.Softmax;
        }
        else
        {
            var targetScaler = StandardScaler.Fit(data.Targets, rows, 1, trainRows);
            schema = new Schema(TaskKind.Regression, labelName, data.FeatureNames, scaler, [], targetScaler);
            targets = (double[])data.Targets.Clone();
            targetScaler.Transform(targets, rows);
            loss = s.Loss ?? Loss.MeanSquaredError;
            if (loss == Loss.CrossEntropy || loss == Loss.BinaryCrossEntropy)
                throw CliException.Usage($"the {loss.Name} loss needs class labels; for regression use mse, squared-error or half-squared-error");
            outputActivation = Activation.Identity;
        }

        // Network and trainer.
        var spec = NetworkSpec.Input(inputs);
        foreach (int units in s.Layers.Units)
            spec = s.Hidden.Append(spec, units);
        spec = spec.Dense(schema.Outputs, outputActivation);
        CommonOptions.CheckNetwork(spec);
        if (typeof(T) == typeof(float))
            DataFiles.InRange(table, data.FeatureNames, () => { FeatureRangeException.ThrowIfBeyondFloat(x, scaler, data.FeatureNames, 0); return 0; });
        Network<T> network = spec.Build<T>(s.Seed);
        network.Threads = s.Threads;
        var all = Dataset<T>.FromDoubles(x, targets, rows, inputs, schema.Outputs);
        var options = new TrainingOptions { Epochs = s.Epochs, BatchSize = s.Batch, Seed = s.Seed };
        var trainer = new Trainer<T>(network, loss, Optimizer.Create(s.Optimizer, s.LearningRate), options);
        string fingerprint = Fingerprint<T>(s, source.Path, labelName, schema, network, loss);
        if (s.Resume is not null)
            Resume(trainer, s.Resume, fingerprint);

        double startLoss = TrainingLoss(new Model<T>(network, schema, loss), data, inputs, trainRows);
        var progress = s.Quiet ? TrainingProgress.Quiet
            : s.Json ? TrainingProgress.To(output.Error, output.ErrorIsTerminal)
            : TrainingProgress.To(output.Out, output.OutIsTerminal);
        var clock = Stopwatch.StartNew();
        var trainSet = all.Subset(trainRows);
        // With --plot the test part is measured after every epoch too (as validation; it does not steer training).
        var testSet = s.Plot is null || testRows.Length == 0 ? null : all.Subset(testRows);
        var curves = s.Plot is null ? null : new LearningCurves<T>(network, trainSet, testSet, data.IsClassification);
        TrainingResult result;
        IReadOnlyList<Metric> clusterMetrics = [];
        if (s.Cluster is not null)
            (result, clusterMetrics) = ClusterTraining.Train(s.Cluster, network, trainSet, loss, s.Optimizer, s.LearningRate, s.Batch, s.Epochs, s.Seed,
                line => { if (!s.Quiet) (s.Json ? output.Error : output.Out).WriteLine(line); }, cancellation);
        else using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, stop)))
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, stop)))
        {
            result = progress.Run(s.Epochs, onEpoch =>
            {
                Action<EpochReport> show = curves is null ? onEpoch : curves.After(onEpoch);
                return trainer.Fit(trainSet, testSet, report =>
                {
                    show(report);
                    if (s.Checkpoint is not null && report.Epoch % s.CheckpointEvery == 0)
                        SaveCheckpoint(trainer, s.Checkpoint, fingerprint);
                }, stop.Token);
            });
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (result.Reason == StopReason.Diverged)
        {
            // Checkpoints are written only after epochs that ended finite, so the last one on disk is good.
            string kept = s.Checkpoint is not null && File.Exists(s.Checkpoint) ? $"; the checkpoint '{s.Checkpoint}' is kept as it was" : "";
            // "training diverged in epoch 3 (update 5 of 10): ...", as the trainer says it.
            string message = char.ToLowerInvariant(result.Message[0]) + result.Message[1..];
            throw new CliException(ExitCodes.Diverged, $"{message} No model was written{kept}.");
        }
        if (result.Reason == StopReason.Cancelled)
        {
            if (s.Checkpoint is null)
                throw new CliException(ExitCodes.Interrupted,
                    $"interrupted during epoch {result.Epochs + 1}; no model was written (--checkpoint FILE would have kept the progress).");
            // The interrupted epoch is redone on resume, so the checkpoint is that of the last finished one.
            SaveCheckpoint(trainer, s.Checkpoint, fingerprint);
            throw new CliException(ExitCodes.Interrupted,
                $"interrupted during epoch {result.Epochs + 1}; no model was written. The checkpoint '{s.Checkpoint}' holds " +
                $"epoch {result.Epochs}: continue with --resume {s.Checkpoint}.");
        }

        // Scores, through the saved model's own Predict so that they are what evaluate will report.
        var metrics = new List<Metric>();
        var modelWithoutSummary = new Model<T>(network, schema, loss);
        double[] trainX = Rows(data.Features, inputs, trainRows), testX = Rows(data.Features, inputs, testRows);
        ClassificationScores? testScores = null;
        if (data.IsClassification)
        {
            var train = Evaluation.Classify(modelWithoutSummary, trainX, Pick(data.ClassIndex, trainRows));
            testScores = Evaluation.Classify(modelWithoutSummary, testX, Pick(data.ClassIndex, testRows));
            metrics.AddRange([new("train_accuracy", train.Accuracy), new("test_accuracy", testScores.Accuracy),
                new("train_loss", train.Loss), new("test_loss", testScores.Loss)]);
        }
        else
        {
            var train = Evaluation.Regress(modelWithoutSummary, trainX, Pick(data.Targets, trainRows));
            var test = Evaluation.Regress(modelWithoutSummary, testX, Pick(data.Targets, testRows));
            metrics.AddRange([new("train_mse", train.Mse), new("test_mse", test.Mse), new("test_mae", test.Mae), new("test_r2", test.R2)]);
        }
        metrics.AddRange(clusterMetrics);
        if (result.Updates >= MinUpdatesToJudge)
            CheckLearned(data, trainRows, loss, metrics, startLoss, s.LearningRate);

        var summary = new TrainingSummary(s.Optimizer, s.LearningRate, s.Batch, result.Epochs, result.Updates, result.Message,
            s.Seed, trainRows.Length, testRows.Length, metrics);
        OutputFiles.SaveModel(new Model<T>(network, schema, loss, summary), modelPath, s.Checkpoint);
        if (s.Plot is not null)
            curves!.Save(s.Plot, result.History);

        if (s.Json)
        {
            output.Json(w =>
            {
                w.WriteString("task", DataFiles.TaskName(schema.Task));
                w.WriteString("data", source.Name);
                w.WriteString("label", labelName);
                w.WriteString("architecture", network.ToString());
                w.WriteNumber("parameters", network.ParameterCount);
                w.WriteString("optimizer", s.Optimizer);
                w.WriteNumber("learning_rate", s.LearningRate);
                w.WriteNumber("epochs", result.Epochs);
                w.WriteNumber("updates", result.Updates);
                w.WriteString("stop_reason", result.Message);
                w.WriteNumber("seconds", seconds);
                w.WriteNumber("train_rows", trainRows.Length);
                w.WriteNumber("test_rows", testRows.Length);
                foreach (Metric metric in metrics)
                    w.WriteNumberOrNull(metric.Name, metric.Value);
                w.WriteString("model", modelPath);
                if (s.Checkpoint is not null)
                    w.WriteString("checkpoint", s.Checkpoint);
            });
            return ExitCodes.Success;
        }
        var lines = new List<(string, string)>
        {
            ("Data", $"{source.Name}: {Output.Count(rows, "row")}, {Output.Count(inputs, "feature")}, label '{labelName}'"),
            ("Task", DataFiles.TaskName(schema.Task) + (data.IsClassification ? $" ({data.Classes.Length} classes)" : "")),
            ("Network", network.ToString()),
            ("Parameters", network.ParameterCount.ToString("N0", CultureInfo.InvariantCulture) + $" ({(typeof(T) == typeof(float) ? "float" : "double")})"),
            ("Training", $"{s.Optimizer}, lr {Output.Number(s.LearningRate)}, batch {s.Batch}, {loss.Name}; {trainRows.Length} train / {testRows.Length} test rows"),
            ("Stopped", $"{result.Message} ({result.Epochs} epochs, {result.Updates} updates, {seconds.ToString("0.00", CultureInfo.InvariantCulture)} s)"),
        };
        foreach (Metric metric in metrics)
            lines.Add((Output.MetricLabel(metric.Name), Output.Metric(metric)));
        lines.Add(("Model", modelPath));
        if (s.Checkpoint is not null)
            lines.Add(("Checkpoint", s.Checkpoint));
        output.Table("Training", lines);
        if (testScores is not null && data.Classes!.Length <= 20)
            Evaluation.PrintConfusion(output, data.Classes, testScores.Confusion);
        return ExitCodes.Success;
    }

    // Initial weights predict about the constant's loss; only a model clearly worse than it (by this factor), and worse
    // than its own starting weights, is refused.
    private const double UselessMargin = 1.1;

    // A shorter run (a step or two on a tiny set) may end worse than it started by chance; it is not judged.
    private const long MinUpdatesToJudge = 10;

    // The training part's loss (the mean squared error, for regression) as the metrics measure it.
    private static double TrainingLoss(Model model, TabularData data, int inputs, int[] trainRows)
    {
        double[] x = Rows(data.Features, inputs, trainRows);
        return data.IsClassification
            ? Evaluation.Classify(model, x, Pick(data.ClassIndex!, trainRows)).Loss
            : Evaluation.Regress(model, x, Pick(data.Targets!, trainRows)).Mse;
    }

    // Above this many classes the constant classifier's loss (one loss per class) is not worth its time.
    private const int MaxClassesForUselessCheck = 4096;

    /// <summary>
    /// A model worse than always predicting the class frequencies (the mean, for regression), and worse than its starting
    /// weights, has learned nothing: saving it with exit 0 would hide that (<c>adam --lr 100</c> ends so). Exit 5, as for
    /// divergence, with advice.
    /// </summary>
    private static void CheckLearned(TabularData data, int[] trainRows, Loss loss, List<Metric> metrics, double startLoss, double rate)
    {
        bool classify = data.IsClassification;
        if (classify && data.Classes!.Length > MaxClassesForUselessCheck)
            return;
        double trained = metrics.Find(m => m.Name == (classify ? "train_loss" : "train_mse"))!.Value;
        double constant = classify
            ? Metrics.ConstantLoss(loss, Pick(data.ClassIndex!, trainRows), data.Classes!.Length)
            : Metrics.ConstantMeanSquaredError(Pick(data.Targets!, trainRows));
        // A constant target leaves nothing to learn; a model better than its starting weights is learning, if slowly (a few
        // epochs); a NaN loss fails both comparisons and is refused.
        if (constant == 0 || trained <= UselessMargin * constant || trained <= startLoss)
            return;
        string what = classify ? $"{loss.Name} loss" : "mean squared error";
        string baseline = classify ? "the class frequencies" : "the mean";
        throw new CliException(ExitCodes.Diverged,
            $"training learned nothing: the model's training {what} is {Output.Number(trained)}, worse than the {Output.Number(constant)} of " +
            $"always predicting {baseline}. No model was written. Try a smaller learning rate than {Output.Number(rate)}, or more epochs.");
    }

    // The first signal asks training to stop at the end of the batch; a second one ends the process at once.
    private static void Interrupt(PosixSignalContext context, CancellationTokenSource stop)
    {
        if (stop.IsCancellationRequested)
            return;
        context.Cancel = true;
        stop.Cancel();
    }

    /// <summary>
    /// What must be the same for a checkpoint to continue this run: the data (its bytes), and everything the command
    /// line decides about the split, the scaling, the network and the updates. Epochs, threads (results do not depend
    /// on them) and output options may differ. One <c>name=value</c> per line, so a mismatch can be named.
    /// </summary>
    private static string Fingerprint<T>(Settings s, string dataPath, string labelName, Schema schema, Network<T> network, Loss loss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string hash;
        try
        {
            using var stream = File.OpenRead(dataPath);
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException(dataPath, null, null, $"cannot read the file: {e.Message}", e);
        }
        string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        return string.Join('\n',
            $"data-sha256={hash}",
            $"separator={(int)s.Separator}",
            $"label={labelName}",
            $"task={DataFiles.TaskName(schema.Task)}",
            $"network={network}",
            $"precision={(typeof(T) == typeof(float) ? "float" : "double")}",
            $"loss={loss.Name}",
            $"optimizer={s.Optimizer}",
            $"lr={R(s.LearningRate)}",
            $"batch={s.Batch}",
            $"test-fraction={R(s.TestFraction)}",
            $"seed={s.Seed}");
    }

    private static void Resume<T>(Trainer<T> trainer, string path, string fingerprint) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckpointFileContent content = CheckpointFile.Load(path);
        if (content.Tag != fingerprint)
        {
            var saved = content.Tag.Split('\n').Select(Pair).ToDictionary(p => p.Name, p => p.Value);
            var differences = fingerprint.Split('\n').Select(Pair)
                .Where(p => !saved.TryGetValue(p.Name, out string? value) || value != p.Value)
                .Select(p => saved.TryGetValue(p.Name, out string? value) ? $"{p.Name} '{value}' there, '{p.Value}' here" : $"{p.Name} missing there");
            throw CliException.Usage(
                $"the checkpoint '{path}' was written by another run ({string.Join("; ", differences)}); resume with the same data and options");
        }
        try
        {
            trainer.Restore(content.Checkpoint);
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException(path, $"the checkpoint does not fit this run: {e.Message}", e);
        }

        static (string Name, string Value) Pair(string line)
        {
            int equals = line.IndexOf('=');
            return equals < 0 ? (line, "") : (line[..equals], line[(equals + 1)..]);
        }
    }

    private static void SaveCheckpoint<T>(Trainer<T> trainer, string path, string fingerprint) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        try
        {
            CheckpointFile.Save(path, trainer.Checkpoint(), fingerprint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot write the checkpoint file '{path}': {e.Message}");
        }
    }

    private static (int[] Train, int[] Test) Split(CsvTable table, TabularData data, Settings s)
    {
        if (!data.IsClassification)
            return Splits.Random(data.Rows, s.TestFraction, s.Seed, data.FileName);
        if (data.Classes.Length < 2)
            throw new DataException(data.FileName, null, null,
                $"the label column {DataException.Quote(data.LabelName)} holds a single class ({DataException.Quote(data.Classes[0])}); classification needs at least two");
        // A class with one row cannot be on both sides of the split: point at that row (Splits knows no lines).
        var counts = new int[data.Classes.Length];
        foreach (int k in data.ClassIndex)
            counts[k]++;
        for (int r = 0; r < data.Rows; r++)
        {
            int k = data.ClassIndex[r];
            if (counts[k] < 2)
                throw new DataException(data.FileName, table.SourceLine(r), table.ColumnIndex(data.LabelName) + 1,
                    $"class {DataException.Quote(data.Classes[k])} has only this row; a stratified train/test split needs at least 2 rows per class (column {DataException.Quote(data.LabelName)})");
        }
        return Splits.Stratified(data.ClassIndex, data.Classes.Length, s.TestFraction, s.Seed, data.Classes, data.FileName);
    }

    private static double[] Rows(double[] matrix, int cols, int[] rows)
    {
        var picked = new double[rows.Length * cols];
        for (int i = 0; i < rows.Length; i++)
            matrix.AsSpan(rows[i] * cols, cols).CopyTo(picked.AsSpan(i * cols));
        return picked;
    }

    private static TValue[] Pick<TValue>(TValue[] values, int[] rows) => [.. rows.Select(r => values[r])];
}
