using Backprop.Activations;
using Backprop.Losses;

namespace Backprop.Cluster.Tests;

/// <summary>A small seeded classification problem and network shared by the tests.</summary>
internal static class TestData
{
    public const int Rows = 90;
    public const int Inputs = 4;
    public const int Classes = 3;

    public static NetworkSpec Spec { get; } = NetworkSpec.Input(Inputs).Dense(8, Activation.Tanh).Dense(Classes, Activation.Softmax);

    public static Loss Loss => Loss.CrossEntropy;

    /// <summary>Rows whose class is the index of the largest of three fixed projections of the inputs, plus noise.</summary>
    public static MemoryRows Create(int rows = Rows, int seed = 7)
    {
        var random = new Random(seed);
        var x = new double[rows * Inputs];
        var y = new double[rows * Classes];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < Inputs; i++)
            {
                x[r * Inputs + i] = random.NextDouble() * 2 - 1;
            }
            double a = x[r * Inputs] + x[r * Inputs + 1], b = x[r * Inputs + 2] - x[r * Inputs], c = x[r * Inputs + 3] + 0.3 * random.NextDouble();
            int k = a > b ? (a > c ? 0 : 2) : (b > c ? 1 : 2);
            y[r * Classes + k] = 1;
        }
        return new MemoryRows(x, y, rows, Inputs, Classes);
    }

    /// <summary>The rows as a training data set of the library.</summary>
    public static Backprop.Training.Dataset<T> ToDataset<T>(MemoryRows rows) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var x = new double[rows.Rows * rows.Inputs];
        var y = new double[rows.Rows * rows.Outputs];
        rows.Read(0, rows.Rows, x, y);
        return Backprop.Training.Dataset<T>.FromDoubles(x, y, rows.Rows, rows.Inputs, rows.Outputs);
    }
}
