using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tabular;

/// <summary>
/// The outcome of a tabular fit: the model (save it with <see cref="ModelFile.Save"/>, apply it to raw rows with
/// <see cref="Model.Predict(IReadOnlyDictionary{string, string})"/>), how training stopped, and the scores.
/// </summary>
/// <param name="Model">The trained model with its schema and training summary.</param>
/// <param name="Result">How training went: epochs, updates, the stopping rule, the per-epoch history.</param>
/// <param name="Metrics">The scores in display order (train_accuracy, test_accuracy, ... or train_mse, test_r2, ...).</param>
/// <param name="Notes">What the pipeline decided on its own (columns left out, rows dropped, no split).</param>
/// <param name="TrainClassification">Classification scores on the training part; null for regression.</param>
/// <param name="TestClassification">Classification scores on the test part; null for regression or without a test part.</param>
/// <param name="TrainRegression">Regression scores on the training part; null for classification.</param>
/// <param name="TestRegression">Regression scores on the test part; null for classification or without a test part.</param>
public sealed record TabularFit(
    Model Model, TrainingResult Result, IReadOnlyList<Metric> Metrics, IReadOnlyList<string> Notes,
    ClassificationScores? TrainClassification, ClassificationScores? TestClassification,
    RegressionScores? TrainRegression, RegressionScores? TestRegression);
