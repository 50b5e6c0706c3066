using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;
using Backprop.Tabular;

namespace Backprop.Tests.Tabular;

/// <summary>
/// The loss that evaluate and the test scores report, for a confidently wrong class: valued from the logits as training
/// values it, not from probabilities that round to 0 (which capped each row at -log(1e-15) = 34.5).
/// </summary>
public class ScoringLossTests
{
    [Theory]
    [InlineData(20.0)]
    [InlineData(40.0)]
    [InlineData(100.0)]
    public void AConfidentWrongClassCostsItsExactCrossEntropy(double logit)
    {
        // One input x = 1; logits (L, 0): the class is 'a' with p = 1 / (1 + e^-L); the label says 'b'.
        var network = NetworkSpec.Input(1).Dense(2, Activation.Softmax).Build<double>(seed: 1);
        network.Parameters.AsSpan().Clear();
        network.Parameters[0] = logit;
        var schema = new Schema(TaskKind.Classification, "y", ["x"], new StandardScaler([0.0], [1.0]), ["a", "b"], null);
        var model = new Model<double>(network, schema, Loss.CrossEntropy);

        var scores = Scoring.Classify(model, [1.0, 1.0], [1, 0]);

        double wrong = logit + Math.Log(1 + Math.Exp(-logit));   // -log p_b
        double right = Math.Log(1 + Math.Exp(-logit));           // -log p_a
        Assert.Equal(0.5, scores.Accuracy);
        Assert.True(Math.Abs(scores.Loss - (wrong + right) / 2) <= 1e-12 * wrong, $"loss {scores.Loss:R}, exact {(wrong + right) / 2:R}");
    }

    [Fact]
    public void AFloatSigmoidModelCostsItsExactBinaryCrossEntropyToo()
    {
        // Binary cross-entropy after a sigmoid, one output per class column (one-hot targets), in float.
        var network = NetworkSpec.Input(1).Dense(2, Activation.Sigmoid).Build<float>(seed: 1);
        network.Parameters.AsSpan().Clear();
        network.Parameters[0] = 40f;    // logit of output 'a': 40; of 'b': 0
        var schema = new Schema(TaskKind.Classification, "y", ["x"], new StandardScaler([0.0], [1.0]), ["a", "b"], null);
        var model = new Model<float>(network, schema, Loss.BinaryCrossEntropy);

        var scores = Scoring.Classify(model, [1.0], [1]);

        // Target (0, 1): -log(1 - s(40)) - log s(0) = 40 + log(1 + e^-40) + log 2.
        double exact = 40 + Math.Log(1 + Math.Exp(-40)) + Math.Log(2);
        Assert.True(Math.Abs(scores.Loss - exact) <= 1e-5 * exact, $"loss {scores.Loss:R}, exact {exact:R}");
    }
}
