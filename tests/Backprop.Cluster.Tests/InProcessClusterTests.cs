using System.Net;
using System.Net.Sockets;

namespace Backprop.Cluster.Tests;

/// <summary>The Akka transport with the coordinator and workers as actor systems in this process (real TCP on loopback).</summary>
public sealed class InProcessClusterTests
{
    [Fact]
    public async Task Three_workers_over_akka_give_exactly_the_simulation_s_weights()
    {
        var rows = TestData.Create();
        string path = Path.Combine(Path.GetTempPath(), $"rows-{Guid.NewGuid():N}.bin");
        RowFile.Write(path, rows);
        try
        {
            var options = new ClusterOptions { Epochs = 2, BatchSize = 16, Optimizer = "adam", LearningRate = 0.01, SegmentSteps = 4, ChunkBytes = 64 };
            var job = new ClusterJob(TestData.Spec, TestData.Loss, "float", options, path, rows.Rows);
            float[] initial = TestData.Spec.Build<float>(seed: 5).Parameters;
            int port = FreePort();
            var log = new List<string>();
            var run = ClusterCoordinator.RunAsync(job, initial, 3, new Endpoint("127.0.0.1", port), TimeSpan.FromSeconds(60), line => { lock (log) log.Add(line); });
            var workers = Enumerable.Range(0, 3)
                .Select(_ => ClusterWorker.RunAsync(new Endpoint("127.0.0.1", port), new Endpoint("127.0.0.1", 0), _ => { }))
                .ToArray();
            var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(new[] { 0, 0, 0 }, await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30)));

            float[] simulated = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, rows, 3);
            Assert.Equal(options.TotalSteps(rows.Rows), result.Steps);
            Assert.Equal(0, result.Restarts);
            Assert.Equal(3, result.MostWorkers);
            Assert.Equal(simulated, result.Parameters);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
