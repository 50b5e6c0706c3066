using Backprop.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet.Tests;

public sealed class IrisRow
{
    [LoadColumn(0)] public float SepalLength { get; set; }
    [LoadColumn(1)] public float SepalWidth { get; set; }
    [LoadColumn(2)] public float PetalLength { get; set; }
    [LoadColumn(3)] public float PetalWidth { get; set; }
    [LoadColumn(4)] public string Species { get; set; } = "";
}

public sealed class IrisPrediction
{
    public string PredictedSpecies { get; set; } = "";
    public float[] Score { get; set; } = [];
}

public sealed class PointRow
{
    public float X { get; set; }
    public float Y { get; set; }
    public bool Label { get; set; }
}

public sealed class RegressionRow
{
    [VectorType(5)] public float[] Inputs { get; set; } = [];
    public float Label { get; set; }
}

/// <summary>The Backprop trainers inside real ML.NET pipelines: Concatenate, NormalizeMinMax, the trainer, evaluation.</summary>
public class PipelineTests
{
    private static readonly BackpropTrainerOptions Small = new() { HiddenLayers = [16], Epochs = 60, LearningRate = 0.02, Seed = 1 };

    private static IDataView Iris(MLContext ml) =>
        ml.Data.LoadFromTextFile<IrisRow>(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"), separatorChar: ',', hasHeader: true);

    private static IEstimator<ITransformer> IrisPipeline(MLContext ml, BackpropTrainerOptions options) =>
        ml.Transforms.Concatenate("Features", nameof(IrisRow.SepalLength), nameof(IrisRow.SepalWidth), nameof(IrisRow.PetalLength), nameof(IrisRow.PetalWidth))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisRow.Species)))
            .Append(ml.MulticlassClassification.Trainers.Backprop(ml, options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));

    /// <summary>ML.NET builds an estimator's input shape from a schema internally (SchemaShape.Create is not public).</summary>
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!
            .Invoke(null, [schema])!;

    [Fact]
    public void MulticlassLearnsIrisAndPredictsSpeciesNames()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Iris(ml), testFraction: 0.3, seed: 1);
        var model = IrisPipeline(ml, Small).Fit(split.TrainSet);

        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        Assert.True(metrics.MacroAccuracy > 0.9, $"macro accuracy {metrics.MacroAccuracy}");

        // The predicted key names the class the network scores highest.
        var scored = model.Transform(split.TestSet);
        var predicted = scored.GetColumn<string>("PredictedSpecies").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        string[] names = ["setosa", "versicolor", "virginica"];   // key order: first seen in the file
        for (int r = 0; r < predicted.Length; r++)
            Assert.Equal(names[Array.IndexOf(scores[r], scores[r].Max())], predicted[r]);

        var engine = ml.Model.CreatePredictionEngine<IrisRow, IrisPrediction>(model);
        var setosa = engine.Predict(new IrisRow { SepalLength = 5.1f, SepalWidth = 3.5f, PetalLength = 1.4f, PetalWidth = 0.2f });
        Assert.True(setosa.PredictedSpecies == "setosa", $"predicted '{setosa.PredictedSpecies}', scores {string.Join(", ", setosa.Score)}");
        Assert.Equal(3, setosa.Score.Length);
        Assert.Equal(1.0, setosa.Score.Sum(), 5);
    }

    [Fact]
    public void SchemaPropagatesBeforeFitting()
    {
        var ml = new MLContext(seed: 1);
        var data = Iris(ml);
        var shape = IrisPipeline(ml, Small).GetOutputSchema(ShapeOf(data.Schema));
        Assert.Contains(shape, c => c.Name == "Score" && c.ItemType == NumberDataViewType.Single && c.Kind != SchemaShape.Column.VectorKind.Scalar);
        Assert.Contains(shape, c => c.Name == "PredictedLabel" && c.IsKey);
        Assert.Contains(shape, c => c.Name == "PredictedSpecies" && c.ItemType == TextDataViewType.Instance);

        // After fitting, the sizes are known: one score per class, the label's key type with its names.
        var model = IrisPipeline(ml, Small with { Epochs = 2 }).Fit(data);
        var schema = model.GetOutputSchema(data.Schema);
        Assert.Equal(3, ((VectorDataViewType)schema["Score"].Type).Size);
        Assert.Equal(3ul, ((KeyDataViewType)schema["PredictedLabel"].Type).Count);

        // A Single label where a key is needed is refused when the pipeline is checked, naming the column.
        var wrong = ml.Transforms.Concatenate("Features", nameof(IrisRow.SepalLength), nameof(IrisRow.SepalWidth))
            .Append(ml.Transforms.CopyColumns("Label", nameof(IrisRow.PetalWidth)))
            .Append(ml.MulticlassClassification.Trainers.Backprop(ml, Small));
        var error = Assert.Throws<ArgumentException>(() => wrong.GetOutputSchema(ShapeOf(data.Schema)));
        Assert.Contains("'Label'", error.Message);
    }

    [Fact]
    public void BinaryLearnsCirclesWhereALinearModelCannot()
    {
        var ml = new MLContext(seed: 1);
        var points = Synthetic.Circles(600, seed: 3);
        var rows = Enumerable.Range(0, points.Rows).Select(i => new PointRow
        {
            X = (float)points.Features[2 * i], Y = (float)points.Features[2 * i + 1], Label = points.Labels[i] == 1,
        }).ToList();
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.3, seed: 1);
        var features = ml.Transforms.Concatenate("Features", nameof(PointRow.X), nameof(PointRow.Y))
            .Append(ml.Transforms.NormalizeMinMax("Features"));

        var backprop = features.Append(ml.BinaryClassification.Trainers.Backprop(ml, Small with { Epochs = 150 })).Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(backprop.Transform(split.TestSet));
        var linear = features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
        var linearMetrics = ml.BinaryClassification.Evaluate(linear.Transform(split.TestSet));

        Assert.True(metrics.Accuracy > 0.9, $"accuracy {metrics.Accuracy}");
        Assert.True(linearMetrics.Accuracy < 0.75, $"logistic regression {linearMetrics.Accuracy}");
    }

    [Fact]
    public void RegressionFitsANonlinearFunctionInTheLabelsUnits()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var rows = new List<RegressionRow>();
        for (int i = 0; i < 800; i++)
        {
            float[] x = [.. Enumerable.Range(0, 5).Select(_ => (float)random.NextDouble())];
            // Friedman #1 (Friedman 1991), without its noise: a label in the tens, far from standardised.
            float y = (float)(10 * Math.Sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4]);
            rows.Add(new RegressionRow { Inputs = x, Label = y });
        }
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.25, seed: 1);
        var pipeline = ml.Transforms.NormalizeMinMax("Features", nameof(RegressionRow.Inputs))
            .Append(ml.Regression.Trainers.Backprop(ml, Small with { HiddenLayers = [32], Epochs = 150, LearningRate = 0.01, Activation = "tanh" }));
        var metrics = ml.Regression.Evaluate(pipeline.Fit(split.TrainSet).Transform(split.TestSet));
        Assert.True(metrics.RSquared > 0.95, $"R^2 {metrics.RSquared}");
    }

    [Fact]
    public void PredictionsAreTheNetworksOwnOutputsAndTheSameFromManyThreads()
    {
        var ml = new MLContext(seed: 1);
        var data = Iris(ml);
        var model = IrisPipeline(ml, Small with { Epochs = 20 }).Fit(data);
        var backprop = ((IEnumerable<ITransformer>)model).OfType<BackpropTransformer>().Single();

        var scored = model.Transform(data);
        var features = scored.GetColumn<float[]>("Features").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var network = backprop.Network.Clone();
        for (int r = 0; r < features.Length; r++)
        {
            Assert.Equal(network.Forward(features[r], 1).ToArray(), scores[r]);
        }

        // Every thread its own prediction engine (as PredictionEnginePool does), all on one transformer at once.
        var rows = ml.Data.CreateEnumerable<IrisRow>(data, reuseRowObject: false).ToArray();
        string[] expected = [.. rows.Select(r => ml.Model.CreatePredictionEngine<IrisRow, IrisPrediction>(model).Predict(r).PredictedSpecies)];
        var mismatches = 0;
        Parallel.For(0, 8, _ =>
        {
            var engine = ml.Model.CreatePredictionEngine<IrisRow, IrisPrediction>(model);
            for (int repeat = 0; repeat < 20; repeat++)
            {
                for (int r = 0; r < rows.Length; r++)
                {
                    if (engine.Predict(rows[r]).PredictedSpecies != expected[r])
                        Interlocked.Increment(ref mismatches);
                }
            }
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void MLNetSaveIsRefusedWithTheReasonAndTheWayOut()
    {
        var ml = new MLContext(seed: 1);
        var data = Iris(ml);
        var model = IrisPipeline(ml, Small with { Epochs = 1 }).Fit(data);
        using var stream = new MemoryStream();
        var error = Assert.Throws<NotSupportedException>(() => ml.Model.Save(model, data.Schema, stream));
        Assert.Contains("ONNX", error.Message);
    }

    [Fact]
    public void OneMLNetModelFileCarriesTheTrainedNetworkThroughItsOnnxExport()
    {
        // docs/mlnet.md's way to one ML.NET model file: export the network, put ApplyOnnxModel in the trainer's place.
        var ml = new MLContext(seed: 1);
        var data = Iris(ml);
        var model = IrisPipeline(ml, Small with { Epochs = 20 }).Fit(data);
        var backprop = ((IEnumerable<ITransformer>)model).OfType<BackpropTransformer>().Single();
        float[][] expected = [.. model.Transform(data).GetColumn<float[]>("Score")];

        string dir = Directory.CreateTempSubdirectory("backprop-mlnet-onnx").FullName;
        try
        {
            string onnx = Path.Combine(dir, "iris.onnx");
            Backprop.Persistence.OnnxExporter.Write(onnx, backprop.Network, scaler: null);
            var pipeline = ml.Transforms.Concatenate("Features", nameof(IrisRow.SepalLength), nameof(IrisRow.SepalWidth), nameof(IrisRow.PetalLength), nameof(IrisRow.PetalWidth))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.Transforms.CopyColumns(Backprop.Persistence.OnnxExporter.InputName, "Features"))
                .Append(ml.Transforms.ApplyOnnxModel(Backprop.Persistence.OnnxExporter.OutputName, Backprop.Persistence.OnnxExporter.InputName, onnx,
                    new Dictionary<string, int[]> { [Backprop.Persistence.OnnxExporter.InputName] = [1, 4] }));
            string zip = Path.Combine(dir, "iris.zip");
            using (var fitted = (IDisposable)pipeline.Fit(data))
                ml.Model.Save((ITransformer)fitted, data.Schema, zip);
            File.Delete(onnx); // the saved model must not need it

            var loaded = ml.Model.Load(zip, out _);
            float[][] actual = [.. loaded.Transform(data).GetColumn<float[]>(Backprop.Persistence.OnnxExporter.OutputName)];
            Assert.Equal(expected.Length, actual.Length);
            for (int r = 0; r < expected.Length; r++)
            {
                Assert.Equal(expected[r].Length, actual[r].Length);
                for (int k = 0; k < expected[r].Length; k++)
                    Assert.Equal(expected[r][k], actual[r][k], 1e-5f);
            }
            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BadOptionsFailWhenTheTrainerIsCreated()
    {
        var ml = new MLContext();
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.Backprop(ml, new BackpropTrainerOptions { Epochs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Backprop(ml, new BackpropTrainerOptions { HiddenLayers = [8, 0] }));
        var activation = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.Backprop(ml, new BackpropTrainerOptions { Activation = "swish2" }));
        Assert.Contains("swish2", activation.Message);
    }
}
