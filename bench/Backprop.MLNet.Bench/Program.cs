// Backprop's ML.NET trainers beside ML.NET's own: the same pipeline (Concatenate/NormalizeMinMax), the same 75/25
// split, one fit each; prints a Markdown table of the test metric and the fit time. Run in Release:
//   dotnet run -c Release --project bench/Backprop.MLNet.Bench
using System.Diagnostics;
using Backprop.Data;
using Backprop.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext(seed: 1);
Console.WriteLine("| data set | task | trainer | test metric | fit seconds |");
Console.WriteLine("| --- | --- | --- | --- | --- |");

// Digits: 1,797 8x8 images, 10 classes (UCI optical digits, the copy in data/).
var digits = ml.Data.LoadFromTextFile<DigitRow>(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv"), separatorChar: ',', hasHeader: true);
var digitSplit = ml.Data.TrainTestSplit(digits, testFraction: 0.25, seed: 1);
var digitFeatures = ml.Transforms.NormalizeMinMax("Features", nameof(DigitRow.Pixels))
    .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(DigitRow.Digit)));
Multiclass("digits (1,797 x 64)", "Backprop MLP 64, adam, 60 epochs",
    ml.MulticlassClassification.Trainers.Backprop(ml, new BackpropTrainerOptions { HiddenLayers = [64], Epochs = 60, LearningRate = 0.005, Seed = 1 }));
Multiclass("digits (1,797 x 64)", "LbfgsMaximumEntropy", ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
Multiclass("digits (1,797 x 64)", "SdcaMaximumEntropy", ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
Multiclass("digits (1,797 x 64)", "OneVersusAll(FastTree)", ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()));

// Circles: 2,000 points, two concentric noisy rings (Backprop.Data.Synthetic): not linearly separable.
var points = Synthetic.Circles(2000, seed: 3);
var pointRows = Enumerable.Range(0, points.Rows).Select(i => new PointRow
{
    X = (float)points.Features[2 * i], Y = (float)points.Features[2 * i + 1], Label = points.Labels[i] == 1,
});
var circleSplit = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(pointRows), testFraction: 0.25, seed: 1);
var circleFeatures = ml.Transforms.Concatenate("Features", nameof(PointRow.X), nameof(PointRow.Y)).Append(ml.Transforms.NormalizeMinMax("Features"));
Binary("circles (2,000 x 2)", "Backprop MLP 16, adam, 100 epochs",
    ml.BinaryClassification.Trainers.Backprop(ml, new BackpropTrainerOptions { HiddenLayers = [16], Epochs = 100, LearningRate = 0.02, Seed = 1 }));
Binary("circles (2,000 x 2)", "LbfgsLogisticRegression", ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
Binary("circles (2,000 x 2)", "FastTree", ml.BinaryClassification.Trainers.FastTree());

// Friedman #1 (Friedman 1991): 10 uniform inputs, 5 of them used, y = 10 sin(pi x1 x2) + 20 (x3 - 1/2)^2 + 10 x4 + 5 x5 + N(0, 1).
var random = new Random(5);
var friedman = new List<RegressionRow>();
for (int i = 0; i < 2000; i++)
{
    float[] x = [.. Enumerable.Range(0, 10).Select(_ => (float)random.NextDouble())];
    double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    friedman.Add(new RegressionRow
    {
        Inputs = x,
        Label = (float)(10 * Math.Sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4] + noise),
    });
}
var friedmanSplit = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(friedman), testFraction: 0.25, seed: 1);
var friedmanFeatures = ml.Transforms.NormalizeMinMax("Features", nameof(RegressionRow.Inputs));
Regression("Friedman #1 (2,000 x 10)", "Backprop MLP 32 tanh, adam, 150 epochs",
    ml.Regression.Trainers.Backprop(ml, new BackpropTrainerOptions { HiddenLayers = [32], Activation = "tanh", Epochs = 150, LearningRate = 0.01, Seed = 1 }));
Regression("Friedman #1 (2,000 x 10)", "Sdca", ml.Regression.Trainers.Sdca());
Regression("Friedman #1 (2,000 x 10)", "FastTree", ml.Regression.Trainers.FastTree());

void Multiclass<TModel>(string data, string name, IEstimator<TModel> trainer) where TModel : class, ITransformer
{
    var (model, seconds) = Fit(digitFeatures.Append(trainer), digitSplit.TrainSet);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(digitSplit.TestSet));
    Row(data, "multiclass", name, $"accuracy {metrics.MicroAccuracy:P1}", seconds);
}

void Binary<TModel>(string data, string name, IEstimator<TModel> trainer) where TModel : class, ITransformer
{
    var (model, seconds) = Fit(circleFeatures.Append(trainer), circleSplit.TrainSet);
    var scored = model.Transform(circleSplit.TestSet);
    // Accuracy from PredictedLabel alone: FastTree and Backprop give probabilities, every trainer gives a label.
    var metrics = ml.BinaryClassification.EvaluateNonCalibrated(scored);
    Row(data, "binary", name, $"accuracy {metrics.Accuracy:P1}", seconds);
}

void Regression<TModel>(string data, string name, IEstimator<TModel> trainer) where TModel : class, ITransformer
{
    var (model, seconds) = Fit(friedmanFeatures.Append(trainer), friedmanSplit.TrainSet);
    var metrics = ml.Regression.Evaluate(model.Transform(friedmanSplit.TestSet));
    Row(data, "regression", name, $"R^2 {metrics.RSquared:F3}", seconds);
}

static (ITransformer Model, double Seconds) Fit(IEstimator<ITransformer> pipeline, IDataView train)
{
    var clock = Stopwatch.StartNew();
    var model = pipeline.Fit(train);
    return (model, clock.Elapsed.TotalSeconds);
}

static void Row(string data, string task, string name, string metric, double seconds) =>
    Console.WriteLine($"| {data} | {task} | {name} | {metric} | {seconds:F2} |");

internal sealed class DigitRow
{
    [LoadColumn(0, 63), VectorType(64)] public float[] Pixels { get; set; } = [];
    [LoadColumn(64)] public float Digit { get; set; }
}

internal sealed class PointRow
{
    public float X { get; set; }
    public float Y { get; set; }
    public bool Label { get; set; }
}

internal sealed class RegressionRow
{
    [VectorType(10)] public float[] Inputs { get; set; } = [];
    public float Label { get; set; }
}
