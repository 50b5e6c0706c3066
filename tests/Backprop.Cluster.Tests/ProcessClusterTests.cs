using System.Collections.Concurrent;
using System.Diagnostics;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Cluster.Tests;

/// <summary>
/// The coordinator in this process, the workers as real <c>backprop worker</c> processes on loopback. Faults and
/// joins are made at a checkpoint from the coordinator's log callback (which runs on its actor, so the next segment
/// starts only after the callback returns): that places them at a known step however slow the machine is.
/// </summary>
[Collection("cluster processes")]
public sealed class ProcessClusterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(100);
    private readonly string folder = Directory.CreateTempSubdirectory("backprop-cluster-tests").FullName;
    private readonly ConcurrentBag<Process> processes = [];
    private readonly MemoryRows train = TestData.Create(rows: 90, seed: 11);
    private readonly MemoryRows test = TestData.Create(rows: 30, seed: 12);
    private readonly string rowsPath;

    public ProcessClusterTests()
    {
        rowsPath = Path.Combine(folder, "rows.bprows");
        RowFile.Write(rowsPath, train);
    }

    [Fact]
    public async Task Three_worker_processes_give_the_simulation_s_weights_exactly_and_single_process_training_s_closely()
    {
        var options = new ClusterOptions { Epochs = 4, BatchSize = 15, Optimizer = "adam", LearningRate = 0.01, SegmentSteps = 8 };
        float[] initial = TestData.Spec.Build<float>(seed: 4).Parameters;
        var run = Run(options, initial, workers: 3, onCheckpoint: null);
        StartWorkers(3, run.Port);
        var result = await run.Task.WaitAsync(Patience);

        Assert.Equal(24, result.Steps);
        Assert.Equal((0, 3), (result.Restarts, result.MostWorkers));
        Assert.Equal(ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, train, 3), result.Parameters);

        var network = TestData.Spec.Build<float>(seed: 4);
        new Trainer<float>(network, TestData.Loss, Optimizer.Create("adam", 0.01), new TrainingOptions { Epochs = 4, BatchSize = 15, Shuffle = false })
            .Fit(TestData.ToDataset<float>(train));
        for (int i = 0; i < network.ParameterCount; i++)
        {
            Assert.True(Math.Abs(result.Parameters[i] - network.Parameters[i]) <= 1e-4f * (1 + Math.Abs(network.Parameters[i])),
                $"parameter {i}: cluster {result.Parameters[i]:R}, single process {network.Parameters[i]:R}");
        }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    public async Task A_killed_worker_s_rows_go_to_the_survivors_and_the_run_ends_with_every_step(string optimizer)
    {
        var options = new ClusterOptions { Epochs = 6, BatchSize = 15, Optimizer = optimizer, LearningRate = 0.1, SegmentSteps = 6 };
        float[] initial = TestData.Spec.Build<float>(seed: 6).Parameters;
        List<Process> workers = [];
        var run = Run(options, initial, workers: 3, onCheckpoint: step =>
        {
            if (step == 12)
            {
                workers[1].Kill(entireProcessTree: true);
                workers[1].WaitForExit();
            }
        });
        workers.AddRange(StartWorkers(3, run.Port));
        var result = await run.Task.WaitAsync(Patience);

        Assert.Equal(36, result.Steps);
        Assert.Equal((1, 3), (result.Restarts, result.MostWorkers));
        Assert.Equal([new ViewRecord(0, 3), new ViewRecord(12, 2)], result.Views);
        Assert.Contains(result.Events, e => e.Contains("lost", StringComparison.Ordinal));
        // The run is exactly the simulation of its memberships, and as good on held-out rows as an uninterrupted one.
        Assert.Equal(ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, train, result.Views), result.Parameters);
        float[] uninterrupted = ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, train, 3);
        double interruptedLoss = TestLoss(result.Parameters), uninterruptedLoss = TestLoss(uninterrupted);
        Assert.True(interruptedLoss <= uninterruptedLoss * 1.05 + 0.01, $"test loss {interruptedLoss} after the fault, {uninterruptedLoss} without");
    }

    [Fact]
    public async Task A_worker_that_joins_mid_run_is_admitted_at_the_checkpoint_after_it_registers()
    {
        var options = new ClusterOptions { Epochs = 4, BatchSize = 15, Optimizer = "adam", LearningRate = 0.01, SegmentSteps = 6 };
        float[] initial = TestData.Spec.Build<float>(seed: 8).Parameters;
        int port = 0;
        var run = Run(options, initial, workers: 2, onCheckpoint: step =>
        {
            if (step == 6)
            {
                // Up in the cluster before the second segment starts; its registration reaches the coordinator
                // during the second segment on a quiet machine (admitted at step 12), later on a loaded one.
                var joiner = StartWorkers(1, port, readErrors: false)[0];
                WaitForLine(joiner, "registering");
            }
        });
        port = run.Port;
        StartWorkers(2, port);
        var result = await run.Task.WaitAsync(Patience);

        Assert.Equal(24, result.Steps);
        Assert.Equal((0, 3), (result.Restarts, result.MostWorkers));
        Assert.Equal(2, result.Views.Count);
        Assert.Equal(new ViewRecord(0, 2), result.Views[0]);
        long admitted = result.Views[1].Step;
        Assert.Equal(3, result.Views[1].Workers);
        Assert.True(admitted > 6 && admitted < 24 && admitted % options.SegmentSteps == 0, $"admitted at step {admitted}");
        // Admitted at the first checkpoint after its registration, not later.
        int registered = IndexOf(result.Events, e => e.EndsWith(" registered", StringComparison.Ordinal), occurrence: 3);
        int before = IndexOf(result.Events, e => e.StartsWith($"checkpoint at step {admitted - options.SegmentSteps} ", StringComparison.Ordinal), occurrence: 1);
        int at = IndexOf(result.Events, e => e.StartsWith($"checkpoint at step {admitted} ", StringComparison.Ordinal), occurrence: 1);
        Assert.True(before < registered && registered < at, string.Join("\n", result.Events));
        Assert.Equal(ClusterSimulation.Run<float>(TestData.Spec, initial, TestData.Loss, options, train, result.Views), result.Parameters);
    }

    private static int IndexOf(IReadOnlyList<string> events, Func<string, bool> match, int occurrence)
    {
        for (int i = 0, seen = 0; i < events.Count; i++)
        {
            if (match(events[i]) && ++seen == occurrence)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"Event number {occurrence} not found in:\n{string.Join("\n", events)}");
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
        Directory.Delete(folder, recursive: true);
    }

    private (Task<ClusterRunResult<float>> Task, int Port) Run(ClusterOptions options, float[] initial, int workers, Action<long>? onCheckpoint)
    {
        int port = InProcessClusterTests.FreePort();
        var job = new ClusterJob(TestData.Spec, TestData.Loss, "float", options, rowsPath, train.Rows);
        var task = ClusterCoordinator.RunAsync(job, initial, workers, new Endpoint("127.0.0.1", port), Patience, line =>
        {
            const string marker = "checkpoint at step ";
            if (onCheckpoint is not null && line.StartsWith(marker, StringComparison.Ordinal))
            {
                onCheckpoint(long.Parse(line[marker.Length..line.IndexOf(' ', marker.Length)], System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        return (task, port);
    }

    private List<Process> StartWorkers(int count, int port, bool readErrors = true)
    {
        var started = new List<Process>();
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "backprop.dll"), "worker", "--join", $"127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(arg);
            }
            var process = Process.Start(start)!;
            process.StandardOutput.ReadToEndAsync();
            if (readErrors)
            {
                process.StandardError.ReadToEndAsync();
            }
            processes.Add(process);
            started.Add(process);
        }
        return started;
    }

    private static void WaitForLine(Process process, string text)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            string? line = process.StandardError.ReadLine();
            if (line is null)
            {
                throw new InvalidOperationException("The joining worker ended before it was up.");
            }
            if (line.Contains(text, StringComparison.Ordinal))
            {
                process.StandardError.ReadToEndAsync();
                return;
            }
        }
        throw new TimeoutException($"The joining worker did not print '{text}'.");
    }

    private double TestLoss(float[] parameters)
    {
        var network = TestData.Spec.Build<float>();
        parameters.CopyTo(network.Parameters, 0);
        var data = TestData.ToDataset<float>(test);
        network.Forward(data.Inputs, data.Rows);
        return network.Loss(TestData.Loss, data.Targets);
    }
}

/// <summary>The command line end to end: <c>train --workers N</c> starts its own worker processes.</summary>
[Collection("cluster processes")]
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task Train_with_local_workers_saves_a_model_that_records_workers_and_restarts()
    {
        string folder = Directory.CreateTempSubdirectory("backprop-cluster-cli").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "backprop.dll"), "train", "iris", "--workers", "2", "--epochs", "3",
                "--layers", "6", "--optimizer", "sgd", "--lr", "0.1", "--batch", "16", "--json", "--model", "iris.bpmodel" })
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(150));
            string errors = await stderr;
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {errors}");
            string output = await stdout;
            Assert.True(output.StartsWith('{'), $"standard output is not the JSON result: {output}\nstandard error: {errors}");
            using var json = System.Text.Json.JsonDocument.Parse(output);
            Assert.Equal(2, json.RootElement.GetProperty("cluster_workers").GetDouble());
            Assert.Equal(0, json.RootElement.GetProperty("cluster_restarts").GetDouble());
            Assert.Equal(21, json.RootElement.GetProperty("updates").GetInt64());
            Assert.Contains("checkpoint at step 21 of 21", errors);
            var model = Backprop.Persistence.ModelFile.Load(Path.Combine(folder, "iris.bpmodel"));
            Assert.Contains(model.Training!.Metrics, m => m.Name == "cluster_workers" && m.Value == 2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Cluster_options_are_checked_before_any_work()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, Backprop.Cli.Program.Run(["train", "iris", "--cluster", "nohost", "--workers", "2"], stdout, stderr));
        Assert.Contains("--cluster", stderr.ToString());
        Assert.Equal(2, Backprop.Cli.Program.Run(["train", "iris", "--workers", "2", "--local-sgd", "4", "--optimizer", "adam"], stdout, stderr));
        Assert.Contains("sgd", stderr.ToString());
        Assert.Equal(2, Backprop.Cli.Program.Run(["train", "iris", "--local-sgd", "4"], stdout, stderr));
        Assert.Equal(2, Backprop.Cli.Program.Run(["worker", "--join", "127.0.0.1:99999"], stdout, stderr));
    }
}
