using Backprop.Data;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>A classifier's scores on some rows.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Accuracy">Share of rows whose most probable class is the true one.</param>
/// <param name="Loss">The model's loss against the one-hot true classes.</param>
/// <param name="Confusion">Counts [true class, predicted class].</param>
public sealed record ClassificationScores(int Rows, double Accuracy, double Loss, int[,] Confusion);

/// <summary>A regressor's scores on some rows, in the target's own units.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Mse">Mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="R2">Coefficient of determination; NaN (undefined) for a single row.</param>
public sealed record RegressionScores(int Rows, double Mse, double Mae, double R2);

/// <summary>Scores a model on raw feature rows, the same way for <c>train</c> (its two parts) and <c>evaluate</c> (a file).</summary>
public static class Evaluation
{
    /// <summary>Scores a classifier: <paramref name="features"/> is <c>rows x inputs</c> raw values, <paramref name="classIndex"/> the true classes.</summary>
    public static ClassificationScores Classify(Model model, double[] features, int[] classIndex)
    {
        int rows = classIndex.Length, classes = model.Schema.Classes.Count;
        double[] outputs = model.Predict(features, rows);
        int[] predicted = Metrics.ArgMax<double>(outputs, rows, classes);
        double loss = model.Loss.Value<double>(outputs, OneHot.Encode(classIndex, classes), rows, classes);
        return new ClassificationScores(rows, Metrics.Accuracy(predicted, classIndex), loss,
            Metrics.ConfusionMatrix(predicted, classIndex, classes));
    }

    /// <summary>Scores a regressor: <paramref name="features"/> is <c>rows x inputs</c> raw values, <paramref name="targets"/> the true values.</summary>
    public static RegressionScores Regress(Model model, double[] features, double[] targets)
    {
        double[] predicted = model.Predict(features, targets.Length);
        return new RegressionScores(targets.Length, Metrics.MeanSquaredError<double>(predicted, targets),
            Metrics.MeanAbsoluteError<double>(predicted, targets),
            targets.Length < 2 ? double.NaN : Metrics.R2<double>(predicted, targets));
    }

    /// <summary>Writes a confusion matrix as a table: one row per true class, one column per predicted class.</summary>
    public static void PrintConfusion(Output output, IReadOnlyList<string> classes, int[,] confusion)
    {
        string[] header = ["true \\ predicted", .. classes];
        var rows = new List<string[]>();
        for (int i = 0; i < classes.Count; i++)
        {
            var row = new string[classes.Count + 1];
            row[0] = classes[i];
            for (int j = 0; j < classes.Count; j++)
                row[j + 1] = confusion[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        output.Table("Confusion matrix", header, rows);
    }
}
