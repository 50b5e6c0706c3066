using System.CommandLine;
using Backprop.Cli.Plots;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Tabular;
using Backprop.Training;
using Backprop.Training.Callbacks;

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
        var data = CommonOptions.File("DATA", $"CSV file with a header row, '-' for standard input, or a bundled data set: {string.Join(", ", BundledData.Names)}.");
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
        var features = Columns("--features", "Use only these feature columns (comma-separated); ID-like columns named here are kept.");
        var ignore = Columns("--ignore", "Never use these columns as features (comma-separated).");
        var dropMissing = new Option<bool>("--drop-missing")
        {
            Description = "Drop rows with a missing feature value (empty, NA, N/A, NaN, ?, null, None) instead of filling it in with the training part's median or most frequent category.",
        };
        var indicators = new Option<bool>("--missing-indicators")
        {
            Description = "Add a 0/1 input per column that had missing values in the training part, 1 where the value was missing.",
        };
        var layers = CommonOptions.Layers(64, 32);
        var activation = CommonOptions.HiddenActivation("relu");
        var outputActivation = new Option<Activation?>("--output-activation")
        {
            Description = "Output activation (default: softmax for cross-entropy, sigmoid for binary-cross-entropy, identity for regression).",
            HelpName = "NAME",
            CustomParser = result =>
            {
                string name = result.Tokens[0].Value;
                Activation? found = CommonOptions.Trainable.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
                return found ?? Error<Activation?>(result, $"--output-activation must be one of {string.Join(", ", CommonOptions.Trainable.Select(a => a.Name))}, not '{name}'.");
            },
        };
        var noOutputBias = new Option<bool>("--no-output-bias") { Description = "The output layer has no biases." };
        var loss = CommonOptions.LossOption(null, allowAuto: true);
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "Optimizer.",
            DefaultValueFactory = _ => "adam",
        }.OneOf(Optimizer.Names);
        var rate = CommonOptions.LearningRate(null,
            "Learning rate (default: 0.005 for adam, nadam and rmsprop; 0.05 for sgd, momentum, nesterov and adagrad; 1 for adadelta).");
        var batch = CommonOptions.BatchSize(32, minimum: 0, "Patterns per update; 0 = the whole training part (full batch).");
        var epochs = CommonOptions.Positive("--epochs", 200, "Most passes over the training part (early stopping usually ends sooner).");
        var testFraction = CommonOptions.Real("--test-fraction", null, f => f >= 0 && f < 1, "a number from 0 (inclusive) to 1 (exclusive)",
            $"Share of the rows held out for testing, stratified by class for classification; 0 trains on every row (default 0.25, or 0 with --test; tables under {TabularModel.MinRowsToSplit} rows are not split).");
        testFraction.HelpName = "FRACTION";
        var testFile = CommonOptions.FileOption("--test", "Score on this labelled CSV file instead of holding rows of DATA out.");
        var validationFraction = CommonOptions.Real("--validation-fraction", 0.1, f => f >= 0 && f < 1, "a number from 0 (inclusive) to 1 (exclusive)",
            "Share of the training part held out to stop early on (keeping the best epoch's weights); 0 trains all epochs on the whole training part.");
        validationFraction.HelpName = "FRACTION";
        var patience = CommonOptions.Positive("--patience", 10, "Stop after this many epochs without a lower validation loss.");
        var weightDecay = CommonOptions.Real("--weight-decay", 0, w => w >= 0 && double.IsFinite(w), "a number of 0 or more",
            "L2 weight decay lambda (adds lambda w to every gradient).");
        weightDecay.HelpName = "LAMBDA";
        var momentum = CommonOptions.Real("--momentum", null, a => a >= 0 && a < 1, "a number from 0 (inclusive) to 1 (exclusive)",
            "Momentum's alpha for --optimizer momentum or nesterov (default 0.9).");
        momentum.HelpName = "ALPHA";
        var schedule = new Option<RateSchedule>("--lr-schedule")
        {
            Description = "How the learning rate changes: constant; step:EVERY:FACTOR (times FACTOR every EVERY epochs); " +
                "exponential:GAMMA (times GAMMA each epoch); inverse-time:DECAY (rate / (1 + DECAY epoch)); " +
                "plateau:PATIENCE:FACTOR (times FACTOR after PATIENCE epochs without a lower validation loss, or training loss without a validation part).",
            HelpName = "SPEC",
            DefaultValueFactory = _ => RateSchedule.Default,
            CustomParser = result => RateSchedule.TryParse(result.Tokens[0].Value, out RateSchedule? parsed, out string? why)
                ? parsed! : Error<RateSchedule>(result, $"--lr-schedule: {why}"),
        };
        var lossTolerance = CommonOptions.Real("--loss-tolerance", null, t => t > 0 && double.IsFinite(t), "a positive number",
            "Stop when the training loss changes by less than this between epochs (default off).");
        lossTolerance.HelpName = "TOL";
        var gradientTolerance = CommonOptions.Real("--gradient-tolerance", null, t => t > 0 && double.IsFinite(t), "a positive number",
            "Stop when an epoch's gradient norm falls below this (default off).");
        gradientTolerance.HelpName = "TOL";
        var fixedOrder = new Option<bool>("--fixed-order") { Description = "Present the patterns in file order every epoch instead of shuffling." };
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
        var plot = CommonOptions.OutputFileOption("--plot", "Also write a PNG of the loss (and accuracy) per epoch, training and validation.", "FILE.png");

        var command = new Command("train", "Train a network on a CSV file or a bundled data set, report its test scores and save it.")
        {
            data, label, task, features, ignore, dropMissing, indicators, layers, activation, outputActivation, noOutputBias, loss,
            optimizer, rate, momentum, schedule, batch, epochs, testFraction, testFile, validationFraction, patience, lossTolerance,
            gradientTolerance, weightDecay, fixedOrder, seed, model,
            precision, quiet, separator, threads, json, plot, checkpoint, checkpointEvery, resume,
        };
        ClusterTraining.AddOptions(command);
        command.SetAction((parse, cancellation) =>
        {
            string optimizerName = parse.GetRequiredValue(optimizer);
            double learningRate = parse.GetValue(rate) ?? DefaultRate(optimizerName);
            string? test = parse.GetValue(testFile);
            HiddenUnits hidden = parse.GetRequiredValue(activation);
            double? alpha = parse.GetValue(momentum);
            if (alpha is not null && optimizerName is not ("momentum" or "nesterov"))
                throw new CliException(ExitCodes.Usage, $"--momentum applies to --optimizer momentum or nesterov, not {optimizerName}.");
            RateSchedule rateSchedule = parse.GetRequiredValue(schedule);
            var options = new TabularOptions
            {
                Task = parse.GetValue(task),
                Features = parse.GetValue(features),
                Ignore = parse.GetValue(ignore) ?? [],
                DropMissing = parse.GetValue(dropMissing),
                MissingIndicators = parse.GetValue(indicators),
                TestFraction = parse.GetValue(testFraction) ?? (test is null ? 0.25 : 0),
                ValidationFraction = parse.GetValue(validationFraction)!.Value,
                HiddenLayers = parse.GetRequiredValue(layers).Units,
                HiddenActivation = hidden.Activation ?? Activation.Relu,
                RadialBasisHidden = hidden.Activation is null,
                OutputActivation = parse.GetValue(outputActivation),
                OutputBias = !parse.GetValue(noOutputBias),
                Loss = parse.GetValue(loss),
                Optimizer = () => alpha is not double a ? Optimizer.Create(optimizerName, learningRate)
                    : optimizerName == "momentum" ? new Momentum(learningRate, a) : new Nesterov(learningRate, a),
                Callbacks = rateSchedule.Plateau is { } plateau
                    ? () => [new ReduceLearningRateOnPlateau(plateau.Factor, plateau.Patience)]
                    : null,
                Training = new TrainingOptions
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    Patience = parse.GetValue(patience),
                    WeightDecay = parse.GetValue(weightDecay)!.Value,
                    Schedule = rateSchedule.Schedule,
                    LossChangeTolerance = parse.GetValue(lossTolerance),
                    GradientNormTolerance = parse.GetValue(gradientTolerance),
                    Shuffle = !parse.GetValue(fixedOrder),
                },
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            var settings = new Settings(parse.GetRequiredValue(data), parse.GetValue(label), test, options, optimizerName, learningRate,
                parse.GetValue(model), parse.GetValue(quiet), parse.GetValue(separator), parse.GetValue(json), parse.GetValue(plot),
                parse.GetValue(checkpoint) ?? parse.GetValue(resume), parse.GetValue(checkpointEvery), parse.GetValue(resume),
                ClusterTraining.Read(parse), alpha, rateSchedule.Spec);
            var output = Output.From(parse);
            int code = parse.GetValue(precision) == "double"
                ? Train<double>(settings, output, cancellation)
                : Train<float>(settings, output, cancellation);
            return Task.FromResult(code);
        });
        return command;
    }

    private sealed record Settings(
        string Data, string? Label, string? TestFile, TabularOptions Options, string Optimizer, double LearningRate,
        string? ModelPath, bool Quiet, char? Separator, bool Json, string? Plot, string? Checkpoint, int CheckpointEvery, string? Resume,
        ClusterTraining.Settings? Cluster, double? Momentum, string Schedule);

    // Rates that train the bundled data sets well in the default number of epochs; adaptive methods want smaller ones.
    private static double DefaultRate(string optimizer) => optimizer switch
    {
        "adam" or "nadam" or "rmsprop" => TabularOptions.DefaultLearningRate,
        "adadelta" => 1.0,
        _ => 0.05,
    };

    private static Option<IReadOnlyList<string>?> Columns(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "COLUMN,...",
        CustomParser = result =>
        {
            string[] names = [.. result.Tokens.SelectMany(t => t.Value.Split(',')).Select(n => n.Trim())];
            if (names.Any(n => n.Length == 0))
                return Error<IReadOnlyList<string>?>(result, $"{name} takes comma-separated column names, not '{string.Join(' ', result.Tokens.Select(t => t.Value))}'.");
            return names;
        },
    };

    /// <summary>A parsed <c>--lr-schedule</c>: an epoch schedule, or (plateau) constant with cuts by a callback.</summary>
    internal sealed record RateSchedule(LearningRateSchedule Schedule, (int Patience, double Factor)? Plateau, string Spec)
    {
        /// <summary>The spec as typed, lower-cased (help's default, the checkpoint fingerprint).</summary>
        public override string ToString() => Spec;

        /// <summary>The library's default (<see cref="TabularOptions.Callbacks"/>): cuts on a plateau.</summary>
        public static RateSchedule Default { get; } = new(LearningRateSchedule.Constant,
            (TabularOptions.DefaultPlateauPatience, TabularOptions.DefaultPlateauFactor),
            string.Create(CultureInfo.InvariantCulture, $"plateau:{TabularOptions.DefaultPlateauPatience}:{TabularOptions.DefaultPlateauFactor}"));

        public static bool TryParse(string spec, out RateSchedule? schedule, out string? why)
        {
            schedule = null;
            string[] parts = spec.Split(':');
            string kind = parts[0].ToLowerInvariant();
            (int Count, string Form) expected = kind switch
            {
                "constant" => (1, "constant"),
                "step" => (3, "step:EVERY:FACTOR"),
                "exponential" => (2, "exponential:GAMMA"),
                "inverse-time" => (2, "inverse-time:DECAY"),
                "plateau" => (3, "plateau:PATIENCE:FACTOR"),
                _ => (0, ""),
            };
            if (expected.Count == 0)
            {
                why = $"'{spec}' is not constant, step:EVERY:FACTOR, exponential:GAMMA, inverse-time:DECAY or plateau:PATIENCE:FACTOR.";
                return false;
            }
            if (parts.Length != expected.Count)
            {
                why = $"'{spec}' should be written {expected.Form}.";
                return false;
            }
            static bool Number(string text, out double value) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
            static bool Count(string text, out int value) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
            switch (kind)
            {
                case "constant":
                    schedule = new RateSchedule(LearningRateSchedule.Constant, null, spec.ToLowerInvariant());
                    break;
                case "step" when Count(parts[1], out int every) && Number(parts[2], out double factor) && factor > 0:
                    schedule = new RateSchedule(LearningRateSchedule.Step(every, factor), null, spec.ToLowerInvariant());
                    break;
                case "exponential" when Number(parts[1], out double gamma) && gamma > 0:
                    schedule = new RateSchedule(LearningRateSchedule.Exponential(gamma), null, spec.ToLowerInvariant());
                    break;
                case "inverse-time" when Number(parts[1], out double decay) && decay >= 0:
                    schedule = new RateSchedule(LearningRateSchedule.InverseTime(decay), null, spec.ToLowerInvariant());
                    break;
                case "plateau" when Count(parts[1], out int patience) && Number(parts[2], out double cut) && cut > 0 && cut < 1:
                    schedule = new RateSchedule(LearningRateSchedule.Constant, (patience, cut), spec.ToLowerInvariant());
                    break;
            }
            why = schedule is null
                ? $"'{spec}': in {expected.Form}, EVERY and PATIENCE are whole numbers of at least 1, FACTOR and GAMMA positive (FACTOR below 1 for plateau), DECAY 0 or more."
                : null;
            return schedule is not null;
        }
    }

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

        DataFiles.Source source = DataFiles.Resolve(s.Data);
        string modelPath = s.ModelPath ?? DataFiles.DefaultModelName(source);
        OutputFiles.Check(
            [new("--model", modelPath), new("--checkpoint", s.Checkpoint, MayReplace: "--resume"), new("--plot", s.Plot)],
            [new("DATA", source.Path), new("--test", s.TestFile), new("--resume", s.Resume)]);
        CsvTable table = DataFiles.Read(source, s.Separator, s.Quiet || !output.ErrorIsTerminal ? null : output.Error);
        string labelName = s.Label ?? source.DefaultLabel ?? table.Header[^1];
        CsvTable? testTable = s.TestFile is null ? null : DataFiles.Read(DataFiles.Resolve(s.TestFile), s.Separator ?? table.Separator, null);
        TabularRun<T> run;
        try
        {
            run = DataFiles.Prepare<T>(table, labelName, s.Options, defaulted: s.Label is null && source.DefaultLabel is null, output);
        }
        catch (ArgumentException e) when (e.ParamName is "options" or "HiddenLayers")
        {
            string message = e.Message[..(e.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is int i and >= 0 ? i : e.Message.Length)];
            throw CliException.Usage(e.ParamName == "HiddenLayers" ? $"--layers: {message}" : message);
        }
        string fingerprint = Fingerprint(s, table, labelName, run);
        if (s.Resume is not null)
            Resume(run.Trainer, s.Resume, fingerprint);

        double startLoss = run.TrainingPartLoss();
        var progress = s.Quiet ? TrainingProgress.Quiet
            : s.Json ? TrainingProgress.To(output.Error, output.ErrorIsTerminal, run.LossScale)
            : TrainingProgress.To(output.Out, output.OutIsTerminal, run.LossScale);
        var clock = Stopwatch.StartNew();
        var curves = s.Plot is null ? null : new LearningCurves<T>(run.Network, run.TrainSet, run.ValidationSet, run.Schema.Task == TaskKind.Classification);
        int epochs = s.Options.Training.Epochs;
        TrainingResult result;
        IReadOnlyList<Metric> clusterMetrics = [];
        if (s.Cluster is not null)
            (result, clusterMetrics) = ClusterTraining.Train(s.Cluster, run.Network, run.TrainSet, run.Loss, s.Optimizer, s.LearningRate,
                s.Options.Training.BatchSize, epochs, s.Options.Seed, line => { if (!s.Quiet) (s.Json ? output.Error : output.Out).WriteLine(line); }, cancellation);
        else using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, stop)))
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, stop)))
        {
            result = progress.Run(epochs, onEpoch =>
            {
                Action<EpochReport> show = curves is null ? onEpoch : curves.After(onEpoch);
                return run.Train(report =>
                {
                    show(report);
                    if (s.Checkpoint is not null && report.Epoch % s.CheckpointEvery == 0)
                        SaveCheckpoint(run.Trainer, s.Checkpoint, fingerprint);
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
            SaveCheckpoint(run.Trainer, s.Checkpoint, fingerprint);
            throw new CliException(ExitCodes.Interrupted,
                $"interrupted during epoch {result.Epochs + 1}; no model was written. The checkpoint '{s.Checkpoint}' holds " +
                $"epoch {result.Epochs}: continue with --resume {s.Checkpoint}.");
        }

        TabularFit fit = run.Finish(result);
        Schema schema = fit.Model.Schema;
        var metrics = fit.Metrics.ToList();
        ClassificationScores? testScores = fit.TestClassification;
        int testRows = run.TestRows.Count;
        Model model = fit.Model;
        metrics.AddRange(clusterMetrics);
        if (result.Updates >= MinUpdatesToJudge)
            CheckLearned(run, metrics, startLoss, s.LearningRate);
        if (testTable is not null)
        {
            double[] x = schema.Encode(testTable);
            testRows = testTable.RowCount;
            if (schema.Task == TaskKind.Classification)
            {
                testScores = Scoring.Classify(model, x, TabularData.ReadClassIndex(testTable, labelName, schema.Classes));
                metrics.AddRange([new("test_accuracy", testScores.Accuracy), new("test_loss", testScores.Loss)]);
            }
            else
            {
                var test = Scoring.Regress(model, x, TabularData.ReadTargets(testTable, labelName));
                metrics.AddRange([new("test_mse", test.Mse), new("test_mae", test.Mae), new("test_r2", test.R2)]);
            }
        }
        if (testTable is not null || clusterMetrics.Count > 0)
            model = new Model<T>(run.Network, schema, run.Loss, model.Training! with { TestRows = testRows, Metrics = metrics });
        OutputFiles.SaveModel(model, modelPath, s.Checkpoint);
        if (s.Plot is not null)
            curves!.Save(s.Plot, result.History);

        int trainRows = run.TrainRows.Count + run.ValidationRows.Count;
        int inputs = schema.Inputs;
        if (s.Json)
        {
            output.Json(w =>
            {
                w.WriteString("task", DataFiles.TaskName(schema.Task));
                w.WriteString("data", source.Name);
                w.WriteString("label", labelName);
                w.WriteString("architecture", run.Network.ToString());
                w.WriteNumber("parameters", run.Network.ParameterCount);
                w.WriteString("optimizer", s.Optimizer);
                w.WriteNumber("learning_rate", s.LearningRate);
                w.WriteNumber("epochs", result.Epochs);
                w.WriteNumber("updates", result.Updates);
                w.WriteString("stop_reason", result.Message);
                w.WriteNumber("seconds", seconds);
                w.WriteNumber("train_rows", trainRows);
                w.WriteNumber("validation_rows", run.ValidationRows.Count);
                w.WriteNumber("test_rows", testRows);
                foreach (Metric metric in metrics)
                    w.WriteNumberOrNull(metric.Name, metric.Value);
                w.WriteArray("notes", run.Notes);
                w.WriteString("model", modelPath);
                if (s.Checkpoint is not null)
                    w.WriteString("checkpoint", s.Checkpoint);
            });
            return ExitCodes.Success;
        }
        string parts = $"{trainRows} train ({run.ValidationRows.Count} of them validation) / {testRows} test rows";
        var lines = new List<(string, string)>
        {
            ("Data", $"{source.Name}: {Output.Count(table.RowCount, "row")}, {Output.Count(schema.Columns.Count, "feature")}" +
                (inputs != schema.Columns.Count ? $" ({Output.Count(inputs, "input")})" : "") + $", label '{labelName}'"),
            ("Task", DataFiles.TaskName(schema.Task) + (schema.Task == TaskKind.Classification ? $" ({schema.Classes.Count} classes)" : "")),
            ("Network", run.Network.ToString()),
            ("Parameters", run.Network.ParameterCount.ToString("N0", CultureInfo.InvariantCulture) + $" ({(typeof(T) == typeof(float) ? "float" : "double")})"),
            ("Training", $"{s.Optimizer}, lr {Output.Number(s.LearningRate)}, batch {s.Options.Training.BatchSize}, {run.Loss.Name}; {parts}"),
            ("Stopped", $"{result.Message} ({result.Epochs} epochs, {result.Updates} updates, {seconds.ToString("0.00", CultureInfo.InvariantCulture)} s)"),
        };
        foreach (Metric metric in metrics)
            lines.Add((Output.MetricLabel(metric.Name), Output.Metric(metric)));
        foreach (string note in run.Notes)
            lines.Add(("Note", note));
        lines.Add(("Model", modelPath));
        if (s.Checkpoint is not null)
            lines.Add(("Checkpoint", s.Checkpoint));
        output.Table("Training", lines);
        // Without a test part (a table too small to split, or --test-fraction 0) the training rows' matrix is shown.
        if ((testScores ?? fit.TrainClassification)?.Confusion is { } confusion && schema.Classes.Count <= 20)
            Evaluation.PrintConfusion(output, schema.Classes, confusion);
        return ExitCodes.Success;
    }

    // Initial weights predict about the constant's loss; only a model clearly worse than it (by this factor), and worse
    // than its own starting weights, is refused.
    private const double UselessMargin = 1.1;

    // A shorter run (a step or two on a tiny set) may end worse than it started by chance; it is not judged.
    private const long MinUpdatesToJudge = 10;

    // Above this many classes the constant classifier's loss (one loss per class) is not worth its time.
    private const int MaxClassesForUselessCheck = 4096;

    /// <summary>
    /// A model worse than always predicting the class frequencies (the mean, for regression), and worse than its starting
    /// weights, has learned nothing: saving it with exit 0 would hide that (<c>adam --lr 100</c> ends so). Exit 5, as for
    /// divergence, with advice.
    /// </summary>
    private static void CheckLearned<T>(TabularRun<T> run, List<Metric> metrics, double startLoss, double rate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool classify = run.Schema.Task == TaskKind.Classification;
        if (classify && run.Schema.Classes.Count > MaxClassesForUselessCheck)
            return;
        double trained = metrics.Find(m => m.Name == (classify ? "train_loss" : "train_mse"))!.Value;
        double constant = run.ConstantLoss();
        // A constant target leaves nothing to learn; a model better than its starting weights is learning, if slowly (a few
        // epochs); a NaN loss fails both comparisons and is refused.
        if (constant == 0 || trained <= UselessMargin * constant || trained <= startLoss)
            return;
        Loss loss = run.Loss;
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
    /// What must be the same for a checkpoint to continue this run: the data (the hash of its bytes, taken as it was
    /// read), and everything the command line decides about the columns, the split, the scaling, the network and the
    /// updates. Epochs, threads (results do not depend on them) and output options may differ. One <c>name=value</c>
    /// per line, so a mismatch can be named.
    /// </summary>
    private static string Fingerprint<T>(Settings s, CsvTable table, string labelName, TabularRun<T> run)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        TabularOptions o = s.Options;
        return string.Join('\n',
            $"data-sha256={table.Sha256}",
            $"separator={(int)table.Separator}",
            $"label={labelName}",
            $"task={DataFiles.TaskName(run.Schema.Task)}",
            $"inputs={string.Join('|', run.Schema.FeatureNames)}",
            $"network={run.Network}",
            $"precision={(typeof(T) == typeof(float) ? "float" : "double")}",
            $"loss={run.Loss.Name}",
            $"optimizer={s.Optimizer}",
            $"lr={R(s.LearningRate)}",
            $"momentum={(s.Momentum is double a ? R(a) : "default")}",
            $"lr-schedule={s.Schedule}",
            $"batch={o.Training.BatchSize}",
            $"test-fraction={R(o.TestFraction)}",
            $"validation-fraction={R(o.ValidationFraction)}",
            $"patience={o.Training.Patience}",
            $"weight-decay={R(o.Training.WeightDecay)}",
            $"shuffle={o.Training.Shuffle}",
            $"drop-missing={o.DropMissing}",
            $"seed={o.Seed}");
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
}
