using System.Numerics;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tabular;

/// <summary>
/// A prepared tabular fit (from <see cref="TabularModel.Prepare{T}"/>): the fitted schema, the network and its trainer,
/// the encoded parts. <see cref="Train"/> runs the epochs; <see cref="Finish"/> scores the trained network through the
/// model's own predict and returns the <see cref="TabularFit"/>. Row indices are positions in the kept rows (rows
/// without a label, or dropped for missing values, are not counted).
/// </summary>
public sealed class TabularRun<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly EncodedParts _encoder;
    private readonly int[] _classIndex;
    private readonly double[] _rawTargets;
    private readonly int[] _trainingPart;

    // The parts are encoded, standardised and converted by TabularModel; scoring encodes the raw rows again, a block at a time.
    internal TabularRun(EncodedParts encoder, Schema schema, NetworkSpec spec, Loss loss, TabularOptions options,
        Dataset<T> trainSet, Dataset<T>? validationSet, Dataset<T>? testSet, int[] classIndex, double[] rawTargets,
        int[] train, int[] validation, int[] test, int[] trainingPart, double lossScale, IReadOnlyList<string> notes)
    {
        FileName = encoder.Table.FileName;
        DataSha256 = encoder.Table.Sha256;
        _encoder = encoder;
        Schema = schema;
        Loss = loss;
        Options = options;
        _classIndex = classIndex;
        _rawTargets = rawTargets;
        _trainingPart = trainingPart;
        TrainRows = train;
        ValidationRows = validation;
        TestRows = test;
        LossScale = lossScale;
        Notes = notes;
        Network = spec.Build<T>(options.Seed);
        Network.Threads = options.Threads;
        TrainSet = trainSet;
        ValidationSet = validationSet;
        TestSet = testSet;
        Optimizer optimizer = options.Optimizer?.Invoke() ?? new Adam(TabularOptions.DefaultLearningRate);
        LearningRate = optimizer.LearningRate;
        TrainingOptions training = options.Training with
        {
            Seed = options.Seed,
            Patience = ValidationSet is null ? null : options.Training.Patience,
        };
        Trainer = new Trainer<T>(Network, loss, optimizer, training);
    }

    /// <summary>The data's file name, as the table gives it.</summary>
    public string FileName { get; }

    /// <summary>The SHA-256 of the data's bytes as read (<see cref="CsvTable.Sha256"/>), kept in the model's training summary.</summary>
    public string? DataSha256 { get; }

    /// <summary>The fitted schema: columns, encodings, scaler, classes or target scaler.</summary>
    public Schema Schema { get; }

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }

    /// <summary>The trainer (restore a checkpoint into it before <see cref="Train"/> to continue a run).</summary>
    public Trainer<T> Trainer { get; }

    /// <summary>The loss trained with.</summary>
    public Loss Loss { get; }

    /// <summary>The optimizer's initial learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The options the run was prepared with.</summary>
    public TabularOptions Options { get; }

    /// <summary>Rows the network trains on (positions in the kept rows).</summary>
    public IReadOnlyList<int> TrainRows { get; }

    /// <summary>Rows held out of training to stop early on; empty when there is no validation part.</summary>
    public IReadOnlyList<int> ValidationRows { get; }

    /// <summary>Rows held out for testing; empty when every row trains.</summary>
    public IReadOnlyList<int> TestRows { get; }

    /// <summary>The training rows, encoded and standardised.</summary>
    public Dataset<T> TrainSet { get; }

    /// <summary>The validation rows, or null.</summary>
    public Dataset<T>? ValidationSet { get; }

    /// <summary>The test rows, or null.</summary>
    public Dataset<T>? TestSet { get; }

    /// <summary>
    /// What a loss value is multiplied by to be in the target's units: the target's variance for a squared-error loss
    /// of a regression (the network learns the standardised target), 1 for classification.
    /// </summary>
    public double LossScale { get; }

    /// <summary>What the pipeline decided on its own that a user should know (columns left out, rows dropped, no split).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Runs the epochs: early stopping on the validation part when there is one (restoring the best epoch).</summary>
    /// <param name="onEpoch">Called after every epoch; null for none.</param>
    /// <param name="cancellation">Stops at the end of a batch.</param>
    public TrainingResult Train(Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default) =>
        Trainer.Fit(TrainSet, ValidationSet, onEpoch, cancellation, Options.Callbacks?.Invoke());

    /// <summary>
    /// The training part's loss with the network as it is now, as <see cref="Finish"/> measures it: the loss for
    /// classification, the mean squared error in the target's units for regression.
    /// </summary>
    public double TrainingPartLoss()
    {
        var model = new Model<T>(Network, Schema, Loss);
        Scoring.FeatureBlock x = _encoder.Raw(_trainingPart);
        return Schema.Task == TaskKind.Classification
            ? Scoring.Classify(model, x, [.. _trainingPart.Select(r => _classIndex[r])]).Loss
            : Scoring.Regress(model, x, [.. _trainingPart.Select(r => _rawTargets[r])]).Mse;
    }

    /// <summary>
    /// The same figure for the constant predictor fitted on the training part: the class frequencies (classification),
    /// the mean (regression). A trained model should beat it.
    /// </summary>
    public double ConstantLoss() => Schema.Task == TaskKind.Classification
        ? Metrics.ConstantLoss(Loss, [.. _trainingPart.Select(r => _classIndex[r])], Schema.Classes.Count)
        : Metrics.ConstantMeanSquaredError([.. _trainingPart.Select(r => _rawTargets[r])]);

    /// <summary>
    /// Builds the model with its training summary and scores it on the training part (train and validation rows)
    /// and the test part, through the model's own <see cref="Model.Predict(ReadOnlySpan{double}, int)"/>.
    /// </summary>
    public TabularFit Finish(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var bare = new Model<T>(Network, Schema, Loss);
        int[] trainingPart = _trainingPart;
        int[] test = [.. TestRows];
        var metrics = new List<Metric>();
        ClassificationScores? trainClass = null, testClass = null;
        RegressionScores? trainRegression = null, testRegression = null;
        if (Schema.Task == TaskKind.Classification)
        {
            trainClass = Scoring.Classify(bare, _encoder.Raw(trainingPart), [.. trainingPart.Select(r => _classIndex[r])]);
            metrics.Add(new("train_accuracy", trainClass.Accuracy));
            if (test.Length > 0)
            {
                testClass = Scoring.Classify(bare, _encoder.Raw(test), [.. test.Select(r => _classIndex[r])]);
                metrics.Add(new("test_accuracy", testClass.Accuracy));
            }
            metrics.Add(new("train_loss", trainClass.Loss));
            if (testClass is not null)
                metrics.Add(new("test_loss", testClass.Loss));
        }
        else
        {
            trainRegression = Scoring.Regress(bare, _encoder.Raw(trainingPart), [.. trainingPart.Select(r => _rawTargets[r])]);
            metrics.Add(new("train_mse", trainRegression.Mse));
            if (test.Length > 0)
            {
                testRegression = Scoring.Regress(bare, _encoder.Raw(test), [.. test.Select(r => _rawTargets[r])]);
                metrics.AddRange([new("test_mse", testRegression.Mse), new("test_mae", testRegression.Mae), new("test_r2", testRegression.R2)]);
            }
            else
            {
                metrics.Add(new("train_r2", trainRegression.R2));
            }
        }
        var summary = new TrainingSummary(Trainer.Optimizer.Name, LearningRate, Trainer.Options.BatchSize, result.Epochs, result.Updates,
            result.Message, Options.Seed, trainingPart.Length, test.Length, metrics, DataSha256);
        var model = new Model<T>(Network, Schema, Loss, summary);
        return new TabularFit(model, result, metrics, Notes, trainClass, testClass, trainRegression, testRegression);
    }
}
