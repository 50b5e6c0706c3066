using Backprop.Training;

namespace Backprop.Tests.Training;

public class MetricsTests
{
    private static readonly int[] Predicted = [0, 1, 2, 1, 0];
    private static readonly int[] Actual = [0, 2, 2, 1, 1];

    [Fact]
    public void AccuracyIsTheShareOfHits() => Assert.Equal(0.6, Metrics.Accuracy(Predicted, Actual));

    [Fact]
    public void ConfusionMatrixCountsActualByPredicted()
    {
        var matrix = Metrics.ConfusionMatrix(Predicted, Actual, 3);
        Assert.Equal(new[,] { { 1, 0, 0 }, { 1, 1, 0 }, { 0, 1, 1 } }, matrix);
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.ConfusionMatrix([3], [0], 3));
    }

    [Fact]
    public void ArgMaxPicksTheLargestOutputAndTheFirstOnTies()
    {
        float[] outputs = [0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0f, 0f, 0f, 1f];
        Assert.Equal([1, 0, 2], Metrics.ArgMax<float>(outputs, 3, 3));
        Assert.Throws<ArgumentException>(() => Metrics.ArgMax<float>(outputs, 4, 3));
    }

    [Fact]
    public void RegressionErrors()
    {
        double[] predicted = [1, 2, 3];
        double[] actual = [1, 3, 5];
        Assert.Equal(5.0 / 3, Metrics.MeanSquaredError<double>(predicted, actual), 15); // (0 + 1 + 4) / 3
        Assert.Equal(1.0, Metrics.MeanAbsoluteError<double>(predicted, actual), 15); // (0 + 1 + 2) / 3
        Assert.Equal(0.375, Metrics.R2<double>(predicted, actual), 15); // 1 - 5 / ((1-3)^2 + 0 + (5-3)^2)
        Assert.Equal(1.0, Metrics.R2<double>([2, 2], [2, 2]));
        Assert.Equal(0.0, Metrics.R2<double>([1, 2], [2, 2]));
    }

    [Fact]
    public void LengthsMustAgree()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy([], []));
        Assert.Throws<ArgumentException>(() => Metrics.MeanSquaredError<double>([1.0], [1.0, 2.0]));
    }
}
