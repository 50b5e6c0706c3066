using System.Numerics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Tests.Persistence;

/// <summary>
/// Model.Predict into a caller's buffer (one fused input pass, no copy, rows split over threads) against the plain
/// path it replaced: copy the rows, standardise, check float's range, convert, run the network, undo the target
/// scaler, one pass each, 1,024 rows at a time. The bits must be the same.
/// </summary>
public class PredictIntoTests
{
    private const int Inputs = 37;   // not a multiple of 8: vector part and scalar tail both run

    private static Model<T> Make<T>(TaskKind task, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        bool classify = task == TaskKind.Classification;
        var network = NetworkSpec.Input(Inputs).Dense(48, Activation.Tanh).Dense(24, Activation.Relu)
            .Dense(classify ? 4 : 1, classify ? Activation.Softmax : Activation.Identity).Build<T>(seed);
        foreach (var layer in network.Layers)
        {
            if (layer is Backprop.Layers.Dense<T> dense)
            {
                for (int i = 0; i < dense.Biases.Length; i++)
                    dense.Biases[i] = T.CreateChecked(random.NextDouble() - 0.5);
            }
        }
        var scaler = new StandardScaler([.. Enumerable.Range(0, Inputs).Select(j => 10.0 * j - 100)],
            [.. Enumerable.Range(0, Inputs).Select(j => 0.5 + j)]);
        var schema = new Schema(task, "y", [.. Enumerable.Range(0, Inputs).Select(j => $"f{j}")], scaler,
            classify ? ["a", "b", "c", "d"] : [], classify ? null : new StandardScaler([50.0], [7.5]));
        return new Model<T>(network, schema, classify ? Loss.CrossEntropy : Loss.MeanSquaredError);
    }

    private static double[] Rows(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows * Inputs).Select(i => 10.0 * (i % Inputs) - 100 + (random.NextDouble() - 0.5) * 4 * (1 + i % Inputs))];
    }

    /// <summary>The path Predict took before: one pass per step, 1,024 rows at a time.</summary>
    private static double[] Reference<T>(Model<T> model, double[] features, int rows) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int chunk = 1024;
        Schema schema = model.Schema;
        var network = model.Network.WithSharedParameters();
        var result = new double[rows * schema.Outputs];
        for (int start = 0; start < rows; start += chunk)
        {
            int count = Math.Min(chunk, rows - start);
            double[] x = features.AsSpan(start * Inputs, count * Inputs).ToArray();
            schema.Scaler.Transform(x, count);
            if (typeof(T) == typeof(float))
                FeatureRangeException.ThrowIfBeyondFloat(x, schema.Scaler, schema.FeatureNames, start);
            T[] converted = [.. x.Select(T.CreateChecked)];
            var y = network.Forward(converted, count);
            for (int i = 0; i < y.Length; i++)
                result[start * schema.Outputs + i] = double.CreateChecked(y[i]);
        }
        if (schema.TargetScaler is { } target)
        {
            for (int i = 0; i < result.Length; i++)
                result[i] = result[i] * target.Scale[0] + target.Mean[0];
        }
        return result;
    }

    public static TheoryData<string, TaskKind, int> Cases()
    {
        var cases = new TheoryData<string, TaskKind, int>();
        foreach (string precision in new[] { "float", "double" })
        {
            foreach (var task in new[] { TaskKind.Classification, TaskKind.Regression })
            {
                foreach (int threads in new[] { 1, 2, 3 })
                    cases.Add(precision, task, threads);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivesExactlyThePlainPathsResults(string precision, TaskKind task, int threads)
    {
        if (precision == "float")
            Check(Make<float>(task, 5), threads);
        else
            Check(Make<double>(task, 5), threads);
    }

    private static void Check<T>(Model<T> model, int threads) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        model.Threads = threads;
        // 1 row, small batches that stay on one core, and large ones split over cores and into chunks of 1,024.
        foreach (int rows in new[] { 1, 7, 64, 255, 1025, 3001 })
        {
            double[] features = Rows(rows, rows);
            double[] expected = Reference(model, features, rows);
            var destination = new double[rows * model.Schema.Outputs];
            model.Predict(features, rows, destination);
            Assert.True(expected.AsSpan().SequenceEqual(destination), $"{rows} rows, {threads} threads: into a buffer differs");
            Assert.True(expected.AsSpan().SequenceEqual(model.Predict(features, rows)), $"{rows} rows, {threads} threads: array differs");
        }
        Assert.True(model.Predict(Rows(64, 1), 64).Distinct().Count() > 10, "the outputs hardly vary, so the comparison says little");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AllocatesNothingOnceWarm(int threads)
    {
        var model = Make<float>(TaskKind.Classification, 7);
        model.Threads = threads;
        double[] features = Rows(2000, 3);
        var destination = new double[2000 * 4];
        for (int i = 0; i < 3; i++)
            model.Predict(features, 2000, destination);
        // A split call finding GemmPool busy (other tests run beside this one) runs on one worker; the first call that
        // then gets the pool makes the second worker. So a window may allocate once, but not every window.
        var windows = new List<long>();
        for (int w = 0; w < 4 && (windows.Count == 0 || windows[^1] != 0); w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
                model.Predict(features, 2000, destination);
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(windows[^1] == 0, $"bytes allocated per window of 20 calls: {string.Join(", ", windows)}");
    }

    [Theory]
    [InlineData(1, 5, 3)]      // in the vector part of a row
    [InlineData(2, 2900, 36)]  // in the scalar tail, in the second part of a split batch
    [InlineData(2, 1100, 0)]   // in the first part's second chunk
    public void AValueBeyondFloatIsReportedAtTheSameRowAndFeature(int threads, int row, int feature)
    {
        var model = Make<float>(TaskKind.Classification, 9);
        model.Threads = threads;
        const int rows = 3001;
        double[] features = Rows(rows, 4);
        features[row * Inputs + feature] = 1e300;
        features[(rows - 1) * Inputs + 1] = double.NaN;   // a later one is not the one reported
        var expected = Assert.Throws<FeatureRangeException>(() => Reference(model, features, rows));
        var actual = Assert.Throws<FeatureRangeException>(() => model.Predict(features, rows, new double[rows * 4]));
        Assert.Equal((row, feature), (actual.Row, actual.Feature));
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal((expected.Row, expected.Feature), (actual.Row, actual.Feature));
    }

    [Fact]
    public void ADoubleModelTakesValuesBeyondFloat()
    {
        var model = Make<double>(TaskKind.Regression, 9);
        double[] features = Rows(3, 4);
        features[Inputs + 2] = 1e300;
        Assert.Equal(Reference(model, features, 3), model.Predict(features, 3));
    }

    [Fact]
    public void AWrongDestinationIsRefused()
    {
        var model = Make<float>(TaskKind.Classification, 1);
        double[] features = Rows(3, 1);
        var error = Assert.Throws<ArgumentException>(() => model.Predict(features, 3, new double[11]));
        Assert.Equal("destination", error.ParamName);
        Assert.Contains("3 x 4", error.Message);
        var shared = new double[3 * Inputs + 12];
        Assert.Throws<ArgumentException>(() => model.Predict(shared.AsSpan(0, 3 * Inputs), 3, shared.AsSpan(3 * Inputs - 1, 12)));
        model.Predict(ReadOnlySpan<double>.Empty, 0, Span<double>.Empty);
    }

    [Fact]
    public void ConcurrentSplitCallsMatchTheSingleThreadedOnes()
    {
        var model = Make<float>(TaskKind.Classification, 13);
        double[][] batches = [.. Enumerable.Range(0, 6).Select(b => Rows(300 + 150 * b, 20 + b))];
        double[][] expected = [.. batches.Select(b => Reference(model, b, b.Length / Inputs))];
        model.Threads = 2;
        var mismatches = new int[4];
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var destination = new double[batches[^1].Length / Inputs * 4];
            for (int n = 0; n < 60; n++)
            {
                int b = (n + t) % batches.Length, rows = batches[b].Length / Inputs;
                var into = destination.AsSpan(0, rows * 4);
                model.Predict(batches[b], rows, into);
                if (!into.SequenceEqual(expected[b]))
                    mismatches[t]++;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(new int[4], mismatches);
    }
}
