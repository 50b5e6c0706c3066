using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>docs/robustness.md, "Divergence": the exploding-gradient rule never stops a run whose loss is falling.</summary>
public class DivergenceRuleTests
{
    [Fact]
    public void AConvergingRunOnUnscaledDataWithHugeGradientsIsNotCalledDiverged()
    {
        // y = 3x with x in the thousands: the first gradients are about 1e9, above the 1e8 limit, while SGD with a small
        // rate converges steadily. The rule used to stop it in epoch 1 as "exploding gradients".
        const int rows = 64;
        var x = new double[rows];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = 1000 + 100 * i;
            y[i] = 3 * x[i] + 5000;
        }
        var network = NetworkSpec.Input(1).Dense(1, Activation.Identity).Build<double>(seed: 1);
        var data = new Dataset<double>(x, y, rows, 1, 1);
        var options = new TrainingOptions { Epochs = 20, BatchSize = 0, Seed = 1 };
        var result = new Trainer<double>(network, Loss.MeanSquaredError, Optimizer.Create("sgd", 1e-8), options).Fit(data);

        Assert.True(result.History[0].GradientNorm > 1e8, $"first gradient norm {result.History[0].GradientNorm}");
        Assert.Equal(StopReason.MaxEpochs, result.Reason);
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss / 100);
    }

    [Fact]
    public void TheConstantPredictorsLossIsTheEntropyOfTheClassesOrTheVarianceOfTheTargets()
    {
        // Frequencies 1/4, 1/4, 1/2: cross-entropy -(1/4 ln 1/4 + 1/4 ln 1/4 + 1/2 ln 1/2) = 1.5 ln 2.
        Assert.Equal(1.5 * Math.Log(2), Metrics.ConstantLoss(Loss.CrossEntropy, [0, 1, 2, 2], 3), 12);
        Assert.Equal(Math.Log(2), Metrics.ConstantLoss(Loss.CrossEntropy, [1, 0, 1, 0], 2), 12);
        Assert.Equal(1.25, Metrics.ConstantMeanSquaredError([1, 2, 3, 4]), 12);
    }
}
