using System.Text;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Tabular;
using Backprop.Training;

namespace Backprop.Tests.Tabular;

/// <summary>Class targets as indices: memory does not grow with rows x classes (issues 12 and 17).</summary>
public class ManyClassesTests
{
    [Fact]
    public void A_hundred_thousand_classes_prepare_train_and_predict_in_bounded_memory()
    {
        const int classes = 100_000;
        var text = new StringBuilder("x,label\n");
        for (int k = 0; k < classes; k++)
            text.Append(k % 97).Append(",c").Append(k).Append('\n');
        CsvTable table = CsvReader.Parse(new StringReader(text.ToString()), "many.csv");

        long start = GC.GetAllocatedBytesForCurrentThread();
        TabularRun<float> run = TabularModel.Prepare<float>(table, "label", new TabularOptions
        {
            TestFraction = 0,
            ValidationFraction = 0,
            HiddenLayers = [2],
            Training = new TrainingOptions { Epochs = 1, BatchSize = 16 },
        });
        long prepared = GC.GetAllocatedBytesForCurrentThread() - start;
        Assert.Equal(classes, run.Schema.Classes.Count);
        Assert.NotNull(run.TrainSet.ClassIndex);
        // One-hot targets would be 100,000 x 100,000 floats (40 GB); indices are 400 KB.
        Assert.True(prepared < 200L << 20, $"Prepare allocated {prepared >> 20} MiB");

        Dataset<float> slice = run.TrainSet.Subset([.. Enumerable.Range(0, 64)]);
        start = GC.GetAllocatedBytesForCurrentThread();
        TrainingResult result = run.Trainer.Fit(slice);
        long trained = GC.GetAllocatedBytesForCurrentThread() - start;
        Assert.Equal(4, result.Updates);
        Assert.True(double.IsFinite(result.History[^1].TrainLoss));
        // Batch buffers of 16 rows x 100,000 outputs, a few of them; never rows x classes.
        Assert.True(trained < 100L << 20, $"training allocated {trained >> 20} MiB");

        // Predicting one raw row names one of the 100,000 classes; memory is one row of outputs, not rows x classes.
        var model = new Model<float>(run.Network, run.Schema, run.Loss);
        start = GC.GetAllocatedBytesForCurrentThread();
        Prediction prediction = model.Predict(new Dictionary<string, string> { ["x"] = "5" });
        long predicted = GC.GetAllocatedBytesForCurrentThread() - start;
        Assert.StartsWith("c", prediction.Class);
        Assert.Equal(classes, prediction.Probabilities.Count);
        Assert.Equal(1.0, prediction.Probabilities.Values.Sum(), 3);
        Assert.True(predicted < 64L << 20, $"one prediction allocated {predicted >> 20} MiB");
    }

    [Fact]
    public void Training_on_class_indices_gives_the_bits_of_training_on_one_hot_targets()
    {
        var rng = new Random(3);
        const int rows = 90, inputs = 3, classes = 4;
        var x = new float[rows * inputs];
        var k = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < inputs; j++)
                x[r * inputs + j] = (float)rng.NextDouble();
            k[r] = (int)(x[r * inputs] * classes);
        }
        var byIndex = new Dataset<float>(x, k, inputs, classes);
        var oneHot = new Dataset<float>(x, [.. OneHot.Encode(k, classes).Select(v => (float)v)], rows, inputs, classes);
        Assert.Equal(oneHot.Targets, byIndex.Targets);
        Assert.Equal(oneHot.Subset([5, 1, 5]).Targets, byIndex.Subset([5, 1, 5]).Targets);

        foreach (int batch in new[] { 1, 7, rows })
        {
            float[] Train(Dataset<float> train, Dataset<float> validation)
            {
                var network = NetworkSpec.Input(inputs).Dense(8, Activation.Tanh).Dense(classes, Activation.Softmax).Build<float>(seed: 4);
                new Trainer<float>(network, Loss.CrossEntropy, new Adam(0.01), new TrainingOptions { Epochs = 5, BatchSize = batch, Seed = 2 })
                    .Fit(train, validation);
                return network.Parameters.ToArray();
            }
            Assert.Equal(Train(oneHot, oneHot.Subset([0, 1, 2])), Train(byIndex, byIndex.Subset([0, 1, 2])));
        }
    }
}
