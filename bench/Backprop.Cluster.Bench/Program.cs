using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Backprop;
using Backprop.Activations;
using Backprop.Cluster;
using Backprop.Losses;

// Cluster figures for docs/cluster.md: step time split into compute and exchange for a 1 M-parameter network at N = 2
// (two worker processes on loopback), the exchange cost per byte and per round fitted from smaller networks, and a
// model of scaling efficiency built from those figures, checked against the measured N = 2 run.
//   dotnet run -c Release --project bench/Backprop.Cluster.Bench            all figures
//   dotnet Backprop.Cluster.Bench.dll worker HOST:PORT                      (a worker; the bench starts these itself)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 2 && args[0] == "worker")
{
    return await ClusterWorker.RunAsync(Endpoint.Parse(args[1]), new Endpoint("127.0.0.1", 0), _ => { });
}

const int Inputs = 784, Classes = 10, Workers = 2;
string folder = Directory.CreateTempSubdirectory("backprop-cluster-bench").FullName;
try
{
    Console.WriteLine($"Backprop.Cluster bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {Load()}");
    Console.WriteLine($"N = {Workers} worker processes on loopback, float, synchronous SGD; per step, the median over each run's segments of 10 steps after its first");
    Console.WriteLine();

    // Exchange fit: tiny batches (one row per worker), so the step is nearly all exchange.
    Console.WriteLine("| hidden units | parameters | bytes sent per worker per step | compute ms/step | exchange ms/step |");
    Console.WriteLine("| --- | --- | --- | --- | --- |");
    var points = new List<(double Bytes, double Exchange)>();
    foreach (int hidden in new[] { 40, 160, 320, 640 })
    {
        var timing = Measure(hidden, globalBatch: Workers, steps: 60);
        long parameters = Spec(hidden).ParameterCount;
        double bytes = 2.0 * (Workers - 1) / Workers * parameters * sizeof(float);
        points.Add((bytes, timing.Exchange));
        Console.WriteLine($"| {hidden} | {parameters:N0} | {bytes:N0} | {timing.Compute * 1e3:F2} | {timing.Exchange * 1e3:F2} |");
    }
    var (intercept, slope) = Fit(points);
    double alpha = intercept / 2, beta = slope;
    Console.WriteLine();
    Console.WriteLine($"Fit: exchange per step = {intercept * 1e3:F3} ms + bytes x {slope * 1e9:F3} ns/byte " +
        $"(2 rounds per step: alpha = {alpha * 1e3:F3} ms per round, beta = {beta * 1e9:F3} ns per byte = {8 / beta / 1e9:F2} Gbit/s effective)");

    // The 1 M-parameter network at N = 2, 32 rows per worker.
    var big = Measure(1024, globalBatch: 64, steps: 30);
    long bigParameters = Spec(1024).ParameterCount;
    double bigBytes = 2.0 * (Workers - 1) / Workers * bigParameters * sizeof(float);
    double predictedExchange = intercept + slope * bigBytes;
    double predictedStep = big.Compute + predictedExchange;
    Console.WriteLine();
    Console.WriteLine($"1 M network ({bigParameters:N0} parameters, 784-1024-256-10), global batch 64, N = 2:");
    Console.WriteLine($"  measured: {big.Wall * 1e3:F1} ms per step = compute {big.Compute * 1e3:F1} ms + exchange {big.Exchange * 1e3:F1} ms");
    Console.WriteLine($"  model:    {predictedStep * 1e3:F1} ms per step (exchange {predictedExchange * 1e3:F1} ms); " +
        $"step time off by {100 * (predictedStep - big.Wall) / big.Wall:+0.0;-0.0}%, exchange by {100 * (predictedExchange - big.Exchange) / big.Exchange:+0.0;-0.0}%");

    // The model (weak scaling: 32 rows per worker, so compute per step stays big.Compute).
    Console.WriteLine();
    Console.WriteLine("MODEL (not measured): scaling efficiency = compute / (compute + exchange), exchange = 2 alpha + " +
        "2(N-1)/N x 4 bytes x parameters x (beta + 8 / link speed); local SGD pays the exchange once every k = 8 steps");
    Console.WriteLine();
    Console.WriteLine("| N | link | exchange ms/step | synchronous SGD | local SGD, k = 8 |");
    Console.WriteLine("| --- | --- | --- | --- | --- |");
    foreach (int n in new[] { 4, 8, 16 })
    {
        foreach (double gbits in new[] { 1.0, 10.0 })
        {
            double bytes = 2.0 * (n - 1) / n * bigParameters * sizeof(float);
            double exchange = 2 * alpha + bytes * (beta + 8 / (gbits * 1e9));
            double sync = big.Compute / (big.Compute + exchange);
            double local = big.Compute / (big.Compute + exchange / 8);
            Console.WriteLine($"| {n} | {gbits:0} Gbit/s | {exchange * 1e3:F1} | {100 * sync:F0}% | {100 * local:F0}% |");
        }
    }
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

NetworkSpec Spec(int hidden) => hidden == 1024
    ? NetworkSpec.Input(Inputs).Dense(1024, Activation.Relu).Dense(256, Activation.Relu).Dense(Classes, Activation.Softmax)
    : NetworkSpec.Input(Inputs).Dense(hidden, Activation.Relu).Dense(Classes, Activation.Softmax);

// One run with two worker processes over 2 x `steps` steps; per step, the medians over its segments after the first (warm-up).
(double Compute, double Exchange, double Wall) Measure(int hidden, int globalBatch, int steps)
{
    var spec = Spec(hidden);
    int rows = globalBatch * steps;
    var random = new Random(1);
    var x = new double[rows * Inputs];
    var y = new double[rows * Classes];
    for (int i = 0; i < x.Length; i++)
    {
        x[i] = random.NextDouble();
    }
    for (int r = 0; r < rows; r++)
    {
        y[r * Classes + random.Next(Classes)] = 1;
    }
    string path = Path.Combine(folder, $"rows-{hidden}.bprows");
    RowFile.Write(path, new MemoryRows(x, y, rows, Inputs, Classes));
    var options = new ClusterOptions { Epochs = 2, BatchSize = globalBatch, Optimizer = "sgd", LearningRate = 0.01, SegmentSteps = 10 };
    var job = new ClusterJob(spec, Loss.CrossEntropy, "float", options, path, rows);
    int port = FreePort();
    var run = ClusterCoordinator.RunAsync(job, spec.Build<float>(seed: 1).Parameters, Workers, new Endpoint("127.0.0.1", port),
        TimeSpan.FromSeconds(120), _ => { });
    var processes = new List<Process>();
    for (int w = 0; w < Workers; w++)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(typeof(ClusterOptions).Assembly.Location.Replace("Backprop.Cluster.dll", "Backprop.Cluster.Bench.dll"));
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add($"127.0.0.1:{port}");
        processes.Add(Process.Start(start)!);
    }
    var result = run.GetAwaiter().GetResult();
    foreach (var process in processes)
    {
        process.WaitForExit();
    }
    var warm = result.Timings.Skip(1).ToList();
    return (Median(warm.Select(t => t.ComputeSeconds / t.Steps)), Median(warm.Select(t => t.ExchangeSeconds / t.Steps)),
        Median(warm.Select(t => t.WallSeconds / t.Steps)));
}

static (double Intercept, double Slope) Fit(List<(double X, double Y)> points)
{
    double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
    double sxy = points.Sum(p => (p.X - mx) * (p.Y - my)), sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
    double slope = sxy / sxx;
    return (my - slope * mx, slope);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
