using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Tests.Persistence;

/// <summary>Model.Predict from many threads at once gives exactly what one thread gets (it shared buffers before).</summary>
public class ConcurrentPredictTests
{
    private const int Threads = 8;
    private const int PredictionsPerThread = 50_000;

    private static Model<float> Iris()
    {
        var network = NetworkSpec.Input(4).Dense(16, Activation.Tanh).Dense(8, Activation.Relu).Dense(3, Activation.Softmax).Build<float>(seed: 3);
        var schema = new Schema(TaskKind.Classification, "species", ["a", "b", "c", "d"],
            new StandardScaler([5.8, 3.0, 3.8, 1.2], [0.8, 0.4, 1.8, 0.8]), ["setosa", "versicolor", "virginica"], null);
        return new Model<float>(network, schema, Loss.CrossEntropy);
    }

    [Fact]
    public void EightThreadsOfFiftyThousandPredictionsMatchTheSingleThreadedOnes()
    {
        var model = Iris();
        var random = new Random(11);
        // Rows of 1 to 4 patterns, so calls of different sizes overlap.
        var rows = new double[997][];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = [.. Enumerable.Range(0, 4 * (1 + i % 4)).Select(_ => random.NextDouble() * 8)];
        double[][] expected = [.. rows.Select(r => model.Predict(r, r.Length / 4))];

        var mismatches = new int[Threads];
        var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int n = 0; n < PredictionsPerThread; n++)
            {
                int i = (n * 7 + t * 131) % rows.Length;
                if (!model.Predict(rows[i], rows[i].Length / 4).AsSpan().SequenceEqual(expected[i]))
                    mismatches[t]++;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(new int[Threads], mismatches);
    }

    [Fact]
    public void PredictSeesWeightsChangedAfterEarlierPredictions()
    {
        var model = Iris();
        double[] row = [5.1, 3.5, 1.4, 0.2];
        double[] before = model.Predict(row, 1);
        model.Network.Parameters.AsSpan().Clear();   // all-zero weights: softmax of zeros
        double[] after = model.Predict(row, 1);
        Assert.NotEqual(before, after);
        Assert.All(after, p => Assert.Equal(1.0 / 3, p, 6));
    }

    [Fact]
    public void ASharedParameterNetworkComputesTheSameWithItsOwnBuffers()
    {
        var network = NetworkSpec.Input(3).Dense(5, Activation.Sigmoid).Dense(2, Activation.Identity).Build<double>(seed: 2);
        var view = network.WithSharedParameters();
        Assert.Same(network.Parameters, view.Parameters);
        double[] x = [0.1, -0.4, 2.0, 1.5, 0.3, -0.7];
        double[] own = network.Forward(x, 2).ToArray();
        double[] viewed = view.Forward(x[..3], 1).ToArray();
        Assert.Equal(own[..2], viewed);
        Assert.Equal(own, network.Forward(x, 2).ToArray());   // the view's pass left the network's buffers alone
    }
}
