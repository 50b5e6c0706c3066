using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;
using Xunit.Abstractions;

namespace Backprop.Tests.Robustness;

/// <summary>
/// Mutated model files: each loads as a model that predicts, or is rejected with a <see cref="ModelFileException"/>,
/// never another exception, a hang or an unbounded allocation. Half the cases fix the length and checksum after
/// mutating, so that the damage reaches the body parser instead of stopping at the CRC.
/// </summary>
public class ModelFileFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[][] Corpus =
    [
        ModelFile.ToBytes(Classifier()),
        ModelFile.ToBytes(Regressor()),
        ModelFile.ToBytes(new Model<float>(NetworkSpec.Input(3).Dense(2, Activation.Softmax).Build<float>(seed: 2),
            new Schema(TaskKind.Classification, "y", ["a", "b", "c"], new StandardScaler([0, 0, 0], [1, 1, 1]), ["no", "yes"], null),
            Loss.CrossEntropy)),
    ];

    private static Model<float> Classifier()
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(3, Activation.Softmax).Build<float>(seed: 7);
        var schema = new Schema(TaskKind.Classification, "species", ["a", "b"], new StandardScaler([1.0, 2.0], [0.5, 4.0]),
            ["setosa", "versicolor", "virginica"], null);
        var training = new TrainingSummary("adam", 0.01, 32, 40, 1234, "Reached the maximum of 40 epochs.", 5, 112, 38,
            [new Metric("test_accuracy", 0.97), new Metric("test_loss", 0.08)], new string('a', 64));
        return new Model<float>(network, schema, Loss.CrossEntropy, training);
    }

    private static Model<double> Regressor()
    {
        var network = NetworkSpec.Input(1).Rbf(4).Dense(1, Activation.Identity, bias: false).Build<double>(seed: 3);
        var schema = new Schema(TaskKind.Regression, "y", ["x"], new StandardScaler([0.0], [2.0]), [], new StandardScaler([10.0], [3.0]));
        return new Model<double>(network, schema, Loss.MeanSquaredError);
    }

    [Fact]
    public void MutatedModelFilesLoadOrFailWithAModelFileException()
    {
        int cases = Fuzz.Cases(10_000);
        Fuzz.Run<ModelFileException>(output, "model file", cases, random =>
        {
            byte[] file = Fuzz.Mutate(Corpus[random.Next(Corpus.Length)], random);
            if (random.Next(2) == 0)
                Fuzz.Reseal(file);
            Model model = ModelFile.FromBytes(file, "fuzz.bpmodel");
            // A model the loader accepts must be usable: at the training mean (standardised to 0, in range for any scaler).
            model.Predict(model.Schema.Scaler.Mean, 1);
        });
    }
}
