using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using Backprop.Cluster;
using Backprop.Losses;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>
/// The cluster options of <c>train</c> and the run behind them: write the prepared training rows to a row file, start
/// local workers if asked, coordinate the run (Backprop.Cluster) and hand back the trained parameters.
/// </summary>
public static class ClusterTraining
{
    /// <summary>What the cluster options asked for; null when training in this process.</summary>
    public sealed record Settings(Endpoint Listen, int Workers, bool StartLocal, int AverageEvery, string? SharedDirectory, int WaitSeconds);

    private static readonly Option<string?> ClusterOption = new("--cluster")
    {
        Description = "Train on a cluster: listen on HOST:PORT for workers ('backprop worker --join HOST:PORT') and wait for --workers of them.",
        HelpName = "HOST:PORT",
    };

    private static readonly Option<int?> WorkersOption = new("--workers")
    {
        Description = "Workers to train with; without --cluster, start that many local worker processes.",
        HelpName = "N",
    };

    private static readonly Option<int> AverageEveryOption = CommonOptions.Integer("--local-sgd", 0, minimum: 0,
        "Cluster: local SGD, averaging the replicas every K steps (sgd only); 0 = synchronous SGD.");

    private static readonly Option<string?> SharedOption = new("--shared-dir")
    {
        Description = "Cluster: folder every worker can read at the same path, for the training rows (default: a temporary folder, fine for one machine).",
        HelpName = "DIR",
    };

    private static readonly Option<int> WaitOption = CommonOptions.Positive("--wait", 120, "Cluster: seconds to wait for the workers to join.");

    /// <summary>Adds the cluster options to <c>train</c>.</summary>
    public static void AddOptions(Command command)
    {
        command.Options.Add(ClusterOption);
        command.Options.Add(WorkersOption);
        command.Options.Add(AverageEveryOption);
        command.Options.Add(SharedOption);
        command.Options.Add(WaitOption);
    }

    /// <summary>The cluster settings of a parsed <c>train</c>, or null when neither --cluster nor --workers was given.</summary>
    public static Settings? Read(ParseResult parse)
    {
        string? cluster = parse.GetValue(ClusterOption);
        int? workers = parse.GetValue(WorkersOption);
        if (cluster is null && workers is null)
        {
            if (parse.GetValue(AverageEveryOption) != 0 || parse.GetValue(SharedOption) is not null)
                throw CliException.Usage("--local-sgd and --shared-dir need --cluster or --workers");
            return null;
        }
        if (workers is < 1 or > 256)
            throw CliException.Usage($"--workers must be between 1 and 256, not {workers}");
        Endpoint listen = cluster is null ? new Endpoint("127.0.0.1", 0) : ParseEndpoint("--cluster", cluster);
        return new Settings(listen, workers ?? 1, cluster is null, parse.GetValue(AverageEveryOption), parse.GetValue(SharedOption),
            parse.GetValue(WaitOption));
    }

    /// <summary>Parses HOST:PORT, naming the option in the error.</summary>
    public static Endpoint ParseEndpoint(string option, string text)
    {
        try
        {
            return Endpoint.Parse(text);
        }
        catch (FormatException e)
        {
            throw CliException.Usage($"{option}: {e.Message}");
        }
    }

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="train"/> over the cluster; its parameters are replaced by the
    /// trained ones. Returns the training result and the figures the model records (workers, restarts).
    /// </summary>
    public static (TrainingResult Result, IReadOnlyList<Metric> Metrics) Train<T>(Settings settings, Network<T> network, Dataset<T> train,
        Loss loss, string optimizer, double learningRate, int batch, int epochs, int seed, Action<string> log, CancellationToken cancellation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var options = new ClusterOptions
        {
            Epochs = epochs,
            BatchSize = batch == 0 ? train.Rows : batch,
            Optimizer = optimizer,
            LearningRate = learningRate,
            Mode = settings.AverageEvery > 0 ? ExchangeMode.Local : ExchangeMode.Synchronous,
            AverageEvery = Math.Max(1, settings.AverageEvery),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }
        string folder = settings.SharedDirectory ?? Directory.CreateTempSubdirectory("backprop-cluster").FullName;
        string rowsPath = Path.GetFullPath(Path.Combine(folder, $"rows-{Environment.ProcessId}-{Guid.NewGuid():N}.bprows"));
        var processes = new List<Process>();
        try
        {
            RowFile.Write(rowsPath, ToRows(train, seed));
            var listen = settings.Listen;
            if (settings.StartLocal)
            {
                listen = listen with { Port = FreePort() };
                for (int i = 0; i < settings.Workers; i++)
                    processes.Add(StartWorker(listen));
            }
            var job = new ClusterJob(network.Spec, loss, typeof(T) == typeof(float) ? "float" : "double", options, rowsPath, train.Rows);
            log($"cluster: waiting for {settings.Workers} worker{(settings.Workers == 1 ? "" : "s")} on {listen}");
            ClusterRunResult<T> result;
            try
            {
                result = ClusterCoordinator.RunAsync(job, network.Parameters, settings.Workers, listen, TimeSpan.FromSeconds(settings.WaitSeconds),
                    line => log($"cluster: {line}"), cancellation).GetAwaiter().GetResult();
            }
            catch (ClusterException e)
            {
                throw new CliException(ExitCodes.Failure, $"cluster training failed: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                throw new CliException(ExitCodes.Interrupted, "interrupted; no model was written");
            }
            result.Parameters.CopyTo(network.Parameters, 0);
            string message = $"Reached the maximum of {epochs} epoch{(epochs == 1 ? "" : "s")} on a cluster of {result.MostWorkers} " +
                $"worker{(result.MostWorkers == 1 ? "" : "s")} ({result.Restarts} restart{(result.Restarts == 1 ? "" : "s")}).";
            var training = new TrainingResult(StopReason.MaxEpochs, epochs, result.Steps, [], message);
            return (training, [new Metric("cluster_workers", result.MostWorkers), new Metric("cluster_restarts", result.Restarts)]);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.WaitForExit(10_000))
                    process.Kill(entireProcessTree: true);
                process.Dispose();
            }
            File.Delete(rowsPath);
            if (settings.SharedDirectory is null)
                Directory.Delete(folder, recursive: true);
        }
    }

    // The cluster takes the rows in file order every epoch, so they are shuffled once (seeded) on the way into the
    // file: a file sorted by class would otherwise give one-class batches.
    private static MemoryRows ToRows<T>(Dataset<T> data, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int[] order = [.. Enumerable.Range(0, data.Rows)];
        new Random(seed).Shuffle(order);
        var shuffled = data.Subset(order);
        var x = new double[shuffled.Inputs.Length];
        var y = new double[shuffled.Targets.Length];
        for (int i = 0; i < x.Length; i++)
            x[i] = double.CreateTruncating(shuffled.Inputs[i]);
        for (int i = 0; i < y.Length; i++)
            y[i] = double.CreateTruncating(shuffled.Targets[i]);
        return new MemoryRows(x, y, data.Rows, data.InputCount, data.OutputCount);
    }

    // This very program (the apphost, or dotnet with backprop.dll) as a worker joining the local coordinator.
    private static Process StartWorker(Endpoint coordinator)
    {
        string program = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        foreach (string arg in new[] { "worker", "--join", coordinator.ToString() })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new CliException(ExitCodes.Failure, $"cannot start a worker process ({program})");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
