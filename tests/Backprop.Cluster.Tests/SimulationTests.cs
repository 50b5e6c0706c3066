using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Cluster.Tests;

public sealed class SimulationTests
{
    [Theory]
    [InlineData(1, "sgd")]
    [InlineData(3, "sgd")]
    [InlineData(4, "momentum")]
    [InlineData(3, "adam")]
    public void Synchronous_sgd_matches_single_process_training_with_the_same_global_batch(int workers, string optimizer)
    {
        var rows = TestData.Create();
        var options = new ClusterOptions { Epochs = 3, BatchSize = 16, Optimizer = optimizer, LearningRate = 0.05, WeightDecay = 1e-3 };
        var network = TestData.Spec.Build<double>(seed: 3);
        double[] initial = (double[])network.Parameters.Clone();

        double[] cluster = ClusterSimulation.Run<double>(TestData.Spec, initial, TestData.Loss, options, rows, workers);

        var trainer = new Trainer<double>(network, TestData.Loss, Optimizer.Create(optimizer, 0.05),
            new TrainingOptions { Epochs = 3, BatchSize = 16, Shuffle = false, WeightDecay = 1e-3 });
        trainer.Fit(TestData.ToDataset<double>(rows));
        Assert.NotEqual(initial, network.Parameters);
        // Only the order of summation differs: the cluster sums per-worker means weighted by their share.
        for (int i = 0; i < cluster.Length; i++)
        {
            Assert.True(Math.Abs(cluster[i] - network.Parameters[i]) <= 1e-12 * (1 + Math.Abs(network.Parameters[i])),
                $"parameter {i}: cluster {cluster[i]:R}, single process {network.Parameters[i]:R}");
        }
    }

    [Fact]
    public void Float_training_agrees_with_single_process_within_float_rounding()
    {
        var rows = TestData.Create();
        var options = new ClusterOptions { Epochs = 3, BatchSize = 16, Optimizer = "adam", LearningRate = 0.01 };
        var network = TestData.Spec.Build<float>(seed: 3);
        float[] initial = (float[])network.Parameters.Clone();
        float[] cluster = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, rows, 3);
        new Trainer<float>(network, TestData.Loss, Optimizer.Create("adam", 0.01), new TrainingOptions { Epochs = 3, BatchSize = 16, Shuffle = false })
            .Fit(TestData.ToDataset<float>(rows));
        for (int i = 0; i < cluster.Length; i++)
        {
            Assert.True(Math.Abs(cluster[i] - network.Parameters[i]) <= 1e-4f * (1 + Math.Abs(network.Parameters[i])),
                $"parameter {i}: cluster {cluster[i]:R}, single process {network.Parameters[i]:R}");
        }
    }

    [Fact]
    public void Checkpoints_between_views_of_the_same_size_change_nothing()
    {
        var rows = TestData.Create();
        var options = new ClusterOptions { Epochs = 2, BatchSize = 10, Optimizer = "adam", LearningRate = 0.01 };
        float[] initial = TestData.Spec.Build<float>(seed: 1).Parameters;
        float[] straight = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, rows, 3);
        float[] cut = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, rows,
            [new ViewRecord(0, 3), new ViewRecord(4, 3), new ViewRecord(11, 3)]);
        Assert.Equal(straight, cut);
    }

    [Fact]
    public void Local_sgd_with_averaging_every_step_is_synchronous_sgd_up_to_rounding()
    {
        var rows = TestData.Create();
        float[] initial = TestData.Spec.Build<float>(seed: 2).Parameters;
        var sync = new ClusterOptions { Epochs = 2, BatchSize = 12, LearningRate = 0.1 };
        float[] a = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, sync, rows, 3);
        float[] b = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, sync with { Mode = ExchangeMode.Local, AverageEvery = 1 }, rows, 3);
        // Equal batches per worker (12 / 3): averaging the replicas after one step averages their gradients.
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5f, $"parameter {i}: {a[i]} and {b[i]}");
        }
        float[] k4 = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, sync with { Mode = ExchangeMode.Local, AverageEvery = 4 }, rows, 3);
        Assert.NotEqual(a, k4);
    }

    [Fact]
    public void Local_sgd_refuses_stateful_optimizers()
    {
        var options = new ClusterOptions { Mode = ExchangeMode.Local, Optimizer = "adam" };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("sgd", e.Message);
    }

    [Fact]
    public void Parts_of_a_step_cover_its_global_batch_once_and_slices_cover_the_parameters()
    {
        for (int workers = 1; workers <= 5; workers++)
        {
            for (long step = 0; step < 12; step++)
            {
                int next = (int)(step % 4) * 25;
                for (int rank = 0; rank < workers; rank++)
                {
                    var (start, count) = Sharding.Part(step, 90, 25, workers, rank);
                    Assert.Equal(next, start);
                    next += count;
                }
                Assert.Equal(Math.Min(90, (int)(step % 4) * 25 + 25), next);
            }
            int offset = 0;
            for (int owner = 0; owner < workers; owner++)
            {
                var (o, length) = Sharding.Slice(67, workers, owner);
                Assert.Equal(offset, o);
                offset += length;
            }
            Assert.Equal(67, offset);
        }
    }

    [Fact]
    public void Optimizer_state_cut_into_slices_joins_back_to_the_whole()
    {
        var whole = new OptimizerState("adam", 5, [[1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1]]);
        var slices = Enumerable.Range(0, 3).Select(o => Sharding.Slice(7, 3, o)).Select(s => OptimizerSlices.Cut(whole, s.Offset, s.Length)).ToList();
        var joined = OptimizerSlices.Join(slices);
        Assert.Equal(5, joined.Steps);
        Assert.Equal(whole.Vectors[0], joined.Vectors[0]);
        Assert.Equal(whole.Vectors[1], joined.Vectors[1]);
        Assert.Throws<ArgumentException>(() => OptimizerSlices.Join([slices[0], slices[1] with { Steps = 4 }]));
    }

    [Fact]
    public void A_job_survives_its_text_form()
    {
        var job = new ClusterJob(TestData.Spec, TestData.Loss, "float",
            new ClusterOptions { Epochs = 4, BatchSize = 20, Mode = ExchangeMode.Local, AverageEvery = 3, LearningRate = 0.125, WeightDecay = 1e-4 },
            "/shared/rows.bin", 90);
        var back = ClusterJob.Parse(job.ToText());
        Assert.Equal(job.ToText(), back.ToText());
        Assert.Equal(job.Spec, back.Spec);
        Assert.Equal(job.Options, back.Options);
    }

    [Fact]
    public void The_row_file_reads_back_any_range()
    {
        var rows = TestData.Create(rows: 13);
        string path = Path.Combine(Path.GetTempPath(), $"rows-{Guid.NewGuid():N}.bin");
        try
        {
            RowFile.Write(path, rows);
            using var file = RowFile.Open(path);
            Assert.Equal((13, 4, 3), (file.Rows, file.Inputs, file.Outputs));
            var (x1, y1, x2, y2) = (new double[5 * 4], new double[5 * 3], new double[5 * 4], new double[5 * 3]);
            file.Read(6, 5, x1, y1);
            rows.Read(6, 5, x2, y2);
            Assert.Equal(x2, x1);
            Assert.Equal(y2, y1);
            Assert.Throws<ArgumentOutOfRangeException>(() => file.Read(10, 5, x1, y1));
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<InvalidDataException>(() => RowFile.Open(path).Dispose());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
