// Backprop benchmark: the workloads of ../shared/bench-peers, measured here.
// dotnet run --project bench/Backprop.Bench -c Release -- [w1|w2|w3|gemm|gemm-w2|alloc|infer|ort|load|all] [--threads N] [--rounds N] [--batch N] [--json]
// --batch (w2 only, may be given more than once): train at these batch sizes instead of 64 and 256.
// load (CSV loading, single-threaded; not part of all) runs once, whatever --threads says.
// Without --threads every workload runs with 1 thread, then with 2. --threads may be given more than once.
// For infer, N is the number of threads calling Model.Predict at once on one model.
// ort: W2 inference beside ONNX Runtime, --rounds alternating rounds (default 3); on one thread also per CPU-second.
// gemm-w2 (not part of all): W2's products alone on one thread, --rounds reps each, GFLOPS per CPU-second.
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Backprop.Bench;
using Backprop.Numerics;

var workloads = new List<string>();
var threadCounts = new List<int>();
var batches = new List<int>();
bool json = false;
int rounds = 3;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--json":
            json = true;
            break;
        case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int t) && t >= 1:
            threadCounts.Add(t);
            i++;
            break;
        case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int b) && b >= 1:
            batches.Add(b);
            i++;
            break;
        case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int n) && n >= 1:
            rounds = n;
            i++;
            break;
        case "w1" or "w2" or "w3" or "gemm" or "gemm-w2" or "alloc" or "infer" or "ort" or "load" or "all":
            workloads.Add(args[i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [w1|w2|w3|gemm|gemm-w2|alloc|infer|ort|load|all] [--threads N] [--rounds N] [--batch N] [--json]");
            return 2;
    }
}
if (workloads.Count == 0 || workloads.Contains("all"))
{
    workloads = ["w1", "w2", "w3", "gemm", "alloc", "infer", "ort"];
}
if (threadCounts.Count == 0)
{
    threadCounts = [1, 2];
}

var figures = new List<Figure>();
if (!json)
{
    string kernels = Simd.Can512 ? "Vector512" : Simd.Can256 ? "Vector256 (AVX2 + FMA)" : "scalar";
    Console.WriteLine($"# Backprop bench: {Environment.ProcessorCount} cores, Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}, kernels {kernels}, " +
        $".NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine();
    Console.WriteLine("| workload | setting | median (min-max) | unit | note |");
    Console.WriteLine("|---|---|---|---|---|");
}
foreach (string workload in workloads)
{
    foreach (int threads in workload is "load" or "gemm-w2" ? [1] : threadCounts)
    {
        IEnumerable<Figure> run = workload switch
        {
            "w1" => Workloads.W1(threads),
            "w2" => Workloads.W2(threads, batches.Count > 0 ? [.. batches] : [64, 256]),
            "w3" => Workloads.W3(threads),
            "gemm" => Workloads.GemmPeak(threads),
            "gemm-w2" => Workloads.GemmW2(rounds),
            "infer" => Workloads.Inference(threads),
            "ort" => OnnxPeer.Run(threads, rounds),
            "load" => Loading.Load(),
            _ => Workloads.Allocation(threads),
        };
        foreach (var figure in run)
        {
            figures.Add(figure);
            if (!json)
            {
                Console.WriteLine(figure.Row());
            }
        }
    }
}
if (json)
{
    var result = new Dictionary<string, object>();
    foreach (var f in figures)
    {
        result[f.Key] = new { median = f.Median, min = f.Min, max = f.Max, values = f.Values, note = f.Note };
    }
    Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
}
return 0;
