using Microsoft.ML;

namespace Backprop.MLNet;

/// <summary>
/// The Backprop trainers in ML.NET's catalogs: <c>mlContext.BinaryClassification.Trainers.Backprop(mlContext)</c>, and
/// likewise for multiclass classification and regression.
/// </summary>
public static class BackpropCatalog
{
    /// <summary>A multi-layer perceptron for a Boolean label (sigmoid output, binary cross-entropy).</summary>
    public static BackpropEstimator Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, MLContext context,
        BackpropTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(context);
        return new BackpropEstimator(context, BackpropTask.BinaryClassification, options ?? new BackpropTrainerOptions());
    }

    /// <summary>A multi-layer perceptron for a key-typed label (softmax output, cross-entropy).</summary>
    public static BackpropEstimator Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, MLContext context,
        BackpropTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(context);
        return new BackpropEstimator(context, BackpropTask.MulticlassClassification, options ?? new BackpropTrainerOptions());
    }

    /// <summary>A multi-layer perceptron for a Single label (linear output, mean squared error).</summary>
    public static BackpropEstimator Backprop(this RegressionCatalog.RegressionTrainers catalog, MLContext context,
        BackpropTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(context);
        return new BackpropEstimator(context, BackpropTask.Regression, options ?? new BackpropTrainerOptions());
    }
}
