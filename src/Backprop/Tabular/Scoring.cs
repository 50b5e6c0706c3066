using Backprop.Data;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tabular;

/// <summary>A classifier's scores on some rows.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Accuracy">Share of rows whose most probable class is the true one.</param>
/// <param name="Loss">The model's loss against the true classes (as one-hot targets).</param>
/// <param name="Confusion">Counts [true class, predicted class]; null above <see cref="Scoring.MaxConfusionClasses"/> classes.</param>
public sealed record ClassificationScores(int Rows, double Accuracy, double Loss, int[,]? Confusion);

/// <summary>A regressor's scores on some rows, in the target's own units.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Mse">Mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="R2">Coefficient of determination; NaN (undefined) for a single row.</param>
public sealed record RegressionScores(int Rows, double Mse, double Mae, double R2);

/// <summary>
/// Scores a model on encoded feature rows (as <see cref="Schema.Encode(CsvTable)"/> gives them), the same way for a
/// fit's parts and for a labelled file. Rows are scored in blocks, so memory does not grow with rows x classes.
/// </summary>
public static class Scoring
{
    /// <summary>Above this many classes no confusion matrix is kept (it would take classes^2 counts).</summary>
    public const int MaxConfusionClasses = 1000;

    private const int Block = 1024;

    // Rows per block: Block, fewer when there are many classes, so a block's outputs and targets stay within about 1 Mi values.
    private static int BlockRows(int classes) => Math.Clamp((1 << 20) / Math.Max(classes, 1), 1, Block);

    /// <summary>Encoded feature rows <c>[start, start + count)</c>, row-major; valid until the next call.</summary>
    internal delegate ReadOnlySpan<double> FeatureBlock(int start, int count);

    /// <summary>Scores a classifier: <paramref name="features"/> is <c>rows x inputs</c>, <paramref name="classIndex"/> the true classes.</summary>
    /// <exception cref="ArgumentException">The sizes disagree, or the model is not a classifier.</exception>
    public static ClassificationScores Classify(Model model, double[] features, int[] classIndex)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(classIndex);
        return Classify(model, InPlace(model, features, classIndex.Length), classIndex);
    }

    /// <summary>Scores a classifier on rows handed over a block at a time (each block at most 1,024 rows).</summary>
    internal static ClassificationScores Classify(Model model, FeatureBlock features, int[] classIndex)
    {
        if (model.Schema.Task != TaskKind.Classification)
            throw new ArgumentException("the model is not a classifier", nameof(model));
        int rows = classIndex.Length, classes = model.Schema.Classes.Count;
        int[,]? confusion = classes <= MaxConfusionClasses ? new int[classes, classes] : null;
        int correct = 0;
        double lossSum = 0;
        int block = BlockRows(classes);
        var predicted = new int[block];
        var target = new double[block * classes];
        var outputs = new double[block * classes];
        for (int start = 0; start < rows; start += block)
        {
            int count = Math.Min(block, rows - start);
            Span<double> t = target.AsSpan(0, count * classes);
            t.Clear();
            for (int i = 0; i < count; i++)
                t[i * classes + classIndex[start + i]] = 1;
            // The loss as training values it (from the logits): from the probabilities it would be capped at -log(1e-15).
            lossSum += model.PredictAndLossSum(features(start, count), count, t, outputs.AsSpan(0, count * classes));
            Metrics.ArgMax<double>(outputs.AsSpan(0, count * classes), count, classes, predicted.AsSpan(0, count));
            for (int i = 0; i < count; i++)
            {
                int actual = classIndex[start + i];
                if (predicted[i] == actual)
                    correct++;
                if (confusion is not null)
                    confusion[actual, predicted[i]]++;
            }
        }
        return new ClassificationScores(rows, rows == 0 ? double.NaN : (double)correct / rows,
            rows == 0 ? double.NaN : lossSum / rows, confusion);
    }

    /// <summary>Scores a regressor: <paramref name="features"/> is <c>rows x inputs</c>, <paramref name="targets"/> the true values.</summary>
    public static RegressionScores Regress(Model model, double[] features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        return Regress(model, InPlace(model, features, targets.Length), targets);
    }

    // Blocks of a whole feature matrix read in place, once it is checked to hold rows x inputs values.
    private static FeatureBlock InPlace(Model model, double[] features, int rows)
    {
        int inputs = model.Schema.Inputs;
        if (features.Length != (long)rows * inputs)
            throw new ArgumentException($"{features.Length} feature values for {rows} rows of {inputs} inputs", nameof(features));
        return (start, count) => features.AsSpan(start * inputs, count * inputs);
    }

    /// <summary>Scores a regressor on rows handed over a block at a time (each block at most 1,024 rows).</summary>
    internal static RegressionScores Regress(Model model, FeatureBlock features, double[] targets)
    {
        var predicted = new double[targets.Length];
        for (int start = 0; start < targets.Length; start += Block)
        {
            int count = Math.Min(Block, targets.Length - start);
            model.Predict(features(start, count), count, predicted.AsSpan(start, count));
        }
        return new RegressionScores(targets.Length, Metrics.MeanSquaredError<double>(predicted, targets),
            Metrics.MeanAbsoluteError<double>(predicted, targets),
            targets.Length < 2 ? double.NaN : Metrics.R2<double>(predicted, targets));
    }
}
