using System.Diagnostics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.Bench;

/// <summary>
/// W2 inference beside ONNX Runtime (CPU) in one process, alternating rounds: the 784-256-128-10 float network over
/// 60,000 rows in batches of 256, (a) the network alone (Network.Forward against ORT on the bare network's graph) and
/// (b) user-level prediction on raw rows (Model.Predict into a buffer, standardising scaler and all, against ORT on the
/// graph `export --onnx` writes for the model). ORT gets its rows as float (its input type), ours as double; ORT's
/// input and output tensors are made before timing and reused; IntraOpNumThreads = our thread count. On one thread each
/// figure comes also per second of the calling thread's CPU time (ORT then runs on the calling thread too). Each
/// timed pass starts after a pause in which the previous contender's threads stop spinning.
/// </summary>
internal static class OnnxPeer
{
    private const int Rows = 60_000, Batch = 256, Inputs = 784, Outputs = 10;
    private const int SettleMilliseconds = 100;

    public static IEnumerable<Figure> Run(int threads, int rounds)
    {
        var random = new Random(0);
        var raw = new double[Rows * Inputs];
        double[] mean = [.. Enumerable.Range(0, Inputs).Select(_ => random.NextDouble() * 100)];
        double[] scale = [.. Enumerable.Range(0, Inputs).Select(_ => 1 + random.NextDouble() * 50)];
        for (int i = 0; i < raw.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            raw[i] = mean[i % Inputs] + scale[i % Inputs] * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        var scaler = new StandardScaler(mean, scale);
        float[] rawFloat = [.. raw.Select(v => (float)v)];
        var standardised = (double[])raw.Clone();
        scaler.Transform(standardised, Rows);
        float[] scaledFloat = [.. standardised.Select(v => (float)v)];

        var network = NetworkSpec.Input(Inputs).Dense(256, Activation.Relu).Dense(128, Activation.Relu)
            .Dense(Outputs, Activation.Softmax).Build<float>(seed: 0);
        network.Threads = threads;
        var schema = new Schema(TaskKind.Classification, "digit", [.. Enumerable.Range(0, Inputs).Select(j => $"p{j}")], scaler,
            [.. Enumerable.Range(0, Outputs).Select(k => $"{k}")], null);
        var model = new Model<float>(network, schema, Loss.CrossEntropy) { Threads = threads };
        var destination = new double[Rows * Outputs];

        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var bare = new OrtRunner(Export(s => OnnxExporter.Export(network, null, s)), options, scaledFloat, classes: false);
        using var full = new OrtRunner(Export(s => OnnxExporter.Export(model, s)), options, rawFloat, classes: true);

        var contenders = new (string Name, Action Pass)[]
        {
            ("backprop-network", () =>
            {
                for (int start = 0; start < Rows; start += Batch)
                {
                    int n = Math.Min(Batch, Rows - start);
                    network.Forward(scaledFloat.AsSpan(start * Inputs, n * Inputs), n);
                }
            }),
            ("ort-network", bare.Pass),
            ("backprop-predict", () =>
            {
                for (int start = 0; start < Rows; start += Batch)
                {
                    int n = Math.Min(Batch, Rows - start);
                    model.Predict(raw.AsSpan(start * Inputs, n * Inputs), n, destination.AsSpan(start * Outputs, n * Outputs));
                }
            }),
            ("ort-predict", full.Pass),
        };
        // Warm-up: every contender until tiered compilation has settled (Measure.WarmUp, a second at least), and ORT's
        // arenas with it.
        foreach (var (_, pass) in contenders)
        {
            Measure.WarmUp(pass);
        }
        var rates = contenders.Select(_ => new double[rounds]).ToArray();
        var cpuRates = contenders.Select(_ => new double[rounds]).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            for (int c = 0; c < contenders.Length; c++)
            {
                // The contender before may still hold a core: ORT's intra-op workers spin for 20-30 ms after a
                // Run (our pool's 0.5 ms), which on two threads took 13-22% from the pass after ORT's. Each pass
                // starts after the same pause, once every thread of the one before has gone to sleep.
                Thread.Sleep(SettleMilliseconds);
                double cpu = ThreadCpu.IsAvailable ? ThreadCpu.Seconds() : 0;
                long start = Stopwatch.GetTimestamp();
                contenders[c].Pass();
                rates[c][r] = Rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (ThreadCpu.IsAvailable)
                    cpuRates[c][r] = Rows / (ThreadCpu.Seconds() - cpu);
            }
        }
        var figures = contenders.Select((c, i) => new Figure("w2-inference-onnx", $"threads={threads},batch={Batch},{c.Name}", "samples/s", rates[i])).ToArray();
        string Ratio(Figure[] f, int ours, int peer) => $"ratio {f[ours].Median / f[peer].Median:F2}x ORT (medians of {rounds} alternating rounds)";
        Figure[] wall = [figures[0] with { Note = Ratio(figures, 0, 1) }, figures[1], figures[2] with { Note = Ratio(figures, 2, 3) }, figures[3]];
        // One thread: also per second of the calling thread's CPU time (both sides run on it alone), which a shared
        // machine disturbs far less than wall time.
        if (threads != 1 || !ThreadCpu.IsAvailable)
            return wall;
        var cpuFigures = contenders.Select((c, i) => new Figure("w2-inference-onnx", $"threads=1,batch={Batch},{c.Name}", "samples/cpu-s", cpuRates[i])).ToArray();
        return [.. wall, cpuFigures[0] with { Note = Ratio(cpuFigures, 0, 1) }, cpuFigures[1], cpuFigures[2] with { Note = Ratio(cpuFigures, 2, 3) }, cpuFigures[3]];
    }

    private static byte[] Export(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    /// <summary>One ORT session and the tensors of every batch, made once.</summary>
    private sealed class OrtRunner : IDisposable
    {
        private readonly InferenceSession session;
        private readonly RunOptions runOptions = new();
        private readonly List<OrtValue> values = [];
        private readonly (OrtValue[] Inputs, OrtValue[] Outputs)[] batches;
        private readonly string[] inputNames = [OnnxExporter.InputName];
        private readonly string[] outputNames;

        public OrtRunner(byte[] model, SessionOptions options, float[] rows, bool classes)
        {
            session = new InferenceSession(model, options);
            outputNames = classes ? [OnnxExporter.OutputName, OnnxExporter.ClassOutputName] : [OnnxExporter.OutputName];
            var output = new float[Rows * Outputs];
            var classIndex = new long[Rows];
            var list = new List<(OrtValue[], OrtValue[])>();
            for (int start = 0; start < Rows; start += Batch)
            {
                int n = Math.Min(Batch, Rows - start);
                var x = Keep(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, rows.AsMemory(start * Inputs, n * Inputs), [n, Inputs]));
                var y = Keep(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(start * Outputs, n * Outputs), [n, Outputs]));
                OrtValue[] outs = classes
                    ? [y, Keep(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, classIndex.AsMemory(start, n), [n]))]
                    : [y];
                list.Add(([x], outs));
            }
            batches = [.. list];
        }

        public void Pass()
        {
            foreach (var (inputs, outputs) in batches)
                session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        }

        private OrtValue Keep(OrtValue value)
        {
            values.Add(value);
            return value;
        }

        public void Dispose()
        {
            values.ForEach(v => v.Dispose());
            runOptions.Dispose();
            session.Dispose();
        }
    }
}
