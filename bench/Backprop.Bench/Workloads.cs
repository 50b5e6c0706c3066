using System.Diagnostics;
using System.Globalization;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Numerics;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Bench;

/// <summary>
/// The workloads of ../shared/bench-peers (README there; data.py is the reference for the data), float32, fixed
/// seeds. Data generation and network construction are never timed.
/// </summary>
internal static class Workloads
{
    private static string Setting(int threads, string rest = "") => $"threads={threads}{(rest.Length > 0 ? "," + rest : "")}";

    /// <summary>
    /// W1: XOR 2-4-1 sigmoid/sigmoid, mean squared error, plain SGD lr 0.5, batch 1, samples in fixed order,
    /// 25,000 epochs x 4 = 100,000 updates; warm-up 500-epoch runs for 1 s; 3 timed runs, each from a fresh network.
    /// </summary>
    public static IEnumerable<Figure> W1(int threads)
    {
        var data = Xor();
        Trainer<float> Fresh(int epochs, out Network<float> network)
        {
            network = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build<float>(seed: 0);
            network.Threads = threads;
            return new Trainer<float>(network, Loss.MeanSquaredError, new Sgd(0.5),
                new TrainingOptions { Epochs = epochs, BatchSize = 1, Shuffle = false });
        }
        // Warm-up: 500-epoch runs (the peers' warm-up) repeated until tiered compilation has promoted the step's methods
        // (Measure.WarmUp); AOT-compiled peers need no such time.
        Measure.WarmUp(() => Fresh(500, out _).Fit(data));
        var seconds = new double[3];
        // The process's CPU time per update beside the wall clock: on a shared machine time spent waiting for a core is
        // not counted in it (W1 runs on this thread alone).
        var cpu = new double[3];
        Network<float> last = null!;
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < seconds.Length; r++)
        {
            var trainer = Fresh(25_000, out last);
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            trainer.Fit(data);
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds * 1e6 / 100_000;
        }
        var output = last.Forward(data.Inputs, 4).ToArray();
        bool converged = output.Select((y, i) => Math.Abs(y - data.Targets[i]) < 0.5).All(ok => ok);
        string outputs = string.Join(", ", output.Select(y => y.ToString("F3", CultureInfo.InvariantCulture)));
        string cpuPerUpdate = string.Join(", ", cpu.Select(ns => ns.ToString("F0", CultureInfo.InvariantCulture)));
        yield return new Figure("w1-xor-2-4-1", Setting(threads, "batch=1"), "updates/s", Measure.Rates(100_000, seconds),
            $"converged={converged} out=[{outputs}] cpu ns/update [{cpuPerUpdate}]");
    }

    /// <summary>
    /// W2: 784-256-128-10 ReLU/ReLU/softmax + cross-entropy, SGD momentum 0.9 lr 0.01, 60,000 N(0, 1) samples with
    /// uniform labels; per batch size (64, then 256, or those of --batch, on the same network) one warm-up epoch and 5 timed shuffled epochs
    /// (last batch partial); then inference over the 60,000 in batches of 256, 1 warm-up + 5 timed.
    /// </summary>
    public static IEnumerable<Figure> W2(int threads, int[] batches)
    {
        var data = SyntheticMnist(60_000, seed: 0);
        var network = Mnist(threads);
        var optimizer = new Momentum(0.01, 0.9);
        foreach (int batch in batches)
        {
            var seconds = TimedEpochs(network, Loss.CrossEntropy, optimizer, data, batch, warmup: 1, reps: 5, out var cpuSeconds);
            yield return new Figure("w2-train", Setting(threads, $"batch={batch}"), "samples/s", Measure.Rates(data.Rows, seconds));
            // One thread: the same epochs per second of the training thread's CPU time, which a shared machine disturbs less.
            if (threads == 1 && ThreadCpu.IsAvailable)
                yield return new Figure("w2-train", Setting(threads, $"batch={batch}"), "samples/cpu-s", Measure.Rates(data.Rows, cpuSeconds));
        }
        var infer = Measure.Seconds(() =>
        {
            for (int start = 0; start < data.Rows; start += 256)
            {
                int n = Math.Min(256, data.Rows - start);
                network.Forward(data.Inputs.AsSpan(start * 784, n * 784), n);
            }
        }, reps: 5);
        yield return new Figure("w2-inference", Setting(threads, "batch=256"), "samples/s", Measure.Rates(data.Rows, infer));
    }

    /// <summary>
    /// W3: digits / 16, stratified 75/25 split (seed 0), 64-64-10 ReLU/softmax, Adam lr 1e-3, batch 32, 100 shuffled
    /// epochs; warm-up runs for 1 s, then 3 timed runs, each from a fresh network; figure = training seconds, plus test accuracy.
    /// </summary>
    public static IEnumerable<Figure> W3(int threads)
    {
        var (train, test, testLabels) = Digits();
        var accuracies = new List<double>();
        Trainer<float> Fresh(out Network<float> network)
        {
            network = NetworkSpec.Input(64).Dense(64, Activation.Relu).Dense(10, Activation.Softmax).Build<float>(seed: 0);
            network.Threads = threads;
            return new Trainer<float>(network, Loss.CrossEntropy, new Adam(1e-3),
                new TrainingOptions { Epochs = 100, BatchSize = 32, Shuffle = true, Seed = 0 });
        }
        // Warm-up: whole runs repeated (as W1) until tiered compilation has promoted the step's methods (Measure.WarmUp);
        // a single 0.1 s warm-up run left the first timed run partly in tier-0 code.
        Measure.WarmUp(() => Fresh(out _).Fit(train));
        var seconds = new double[3];
        for (int r = 0; r < seconds.Length; r++)
        {
            var trainer = Fresh(out var network);
            long start = Stopwatch.GetTimestamp();
            trainer.Fit(train);
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            accuracies.Add(Accuracy(network, test, testLabels));
        }
        string runs = string.Join(", ", accuracies.Select(a => a.ToString("F4", CultureInfo.InvariantCulture)));
        yield return new Figure("w3-digits-64-64-10", Setting(threads, "batch=32,epochs=100"), "s", seconds,
            $"test acc {accuracies[^1]:F4} (runs: {runs}); {train.Rows} train / {test.Rows} test");
    }

    /// <summary>GEMM: the library's <see cref="Gemm.Multiply{T}"/> on square n = 2048 float32; 1 warm-up + 5 timed.</summary>
    public static IEnumerable<Figure> GemmPeak(int threads)
    {
        const int n = 2048;
        var random = new Random(0);
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)random.NextDouble();
            b[i] = (float)random.NextDouble();
        }
        var seconds = Measure.Seconds(() => Gemm.Multiply<float>(a, b, c, n, n, n, threads: threads), reps: 5);
        yield return new Figure("gemm", Setting(threads, $"n={n}"), "GFLOPS", Measure.Rates(2.0 * n * n * n / 1e9, seconds));
    }

    /// <summary>
    /// The blocked GEMM on W2's products as the one-thread training step calls them (forward with W packed once, dW =
    /// X^T dY, dX = dY W^T), batch 64 and 256, alone and warm: GFLOPS per second of thread CPU time (wall time where
    /// that clock is missing), each rep at least 2e9 multiply-adds. Not in `all`; one thread whatever --threads says.
    /// </summary>
    public static IEnumerable<Figure> GemmW2(int rounds)
    {
        var random = new Random(0);
        float[] Values(int length)
        {
            var v = new float[length];
            for (int i = 0; i < v.Length; i++)
                v[i] = (float)(random.NextDouble() - 0.5);
            return v;
        }
        foreach (int rows in new[] { 64, 256 })
        {
            float[] x = Values(rows * 784), h = Values(rows * 256), dY1 = Values(rows * 256), dY2 = Values(rows * 128);
            float[] w1 = Values(784 * 256), w2 = Values(256 * 128);
            float[] z1 = new float[rows * 256], z2 = new float[rows * 128], g1 = new float[784 * 256], g2 = new float[256 * 128];
            float[] dX2 = new float[rows * 256];
            var p1 = new PackedMatrix<float>();
            var p2 = new PackedMatrix<float>();
            p1.Pack(w1, 784, 256, 0);
            p2.Pack(w2, 256, 128, 0);
            var products = new (string Name, long Work, Action Run)[]
            {
                ($"forward {rows}x784x256", rows * 784L * 256, () => Gemm.MultiplyPacked<float>(x, w1, p1, z1, rows, 784, 256, 0, rows, 1)),
                ($"forward {rows}x256x128", rows * 256L * 128, () => Gemm.MultiplyPacked<float>(h, w2, p2, z2, rows, 256, 128, 0, rows, 1)),
                ($"dW 784x{rows}x256", rows * 784L * 256, () => Gemm.Multiply<float>(x, dY1, g1, 784, rows, 256, transA: true)),
                ($"dW 256x{rows}x128", rows * 256L * 128, () => Gemm.Multiply<float>(h, dY2, g2, 256, rows, 128, transA: true)),
                ($"dX {rows}x128x256", rows * 256L * 128, () => Gemm.Multiply<float>(dY2, w2, dX2, rows, 128, 256, transB: true)),
            };
            foreach (var (name, work, run) in products)
            {
                int calls = (int)Math.Max(1, 2_000_000_000 / work);
                var rates = new double[rounds];
                // Warm-up: one rep's calls, so tiered compilation has settled.
                for (int i = 0; i < calls; i++)
                    run();
                for (int r = 0; r < rounds; r++)
                {
                    double cpu = ThreadCpu.IsAvailable ? ThreadCpu.Seconds() : 0;
                    long start = Stopwatch.GetTimestamp();
                    for (int i = 0; i < calls; i++)
                        run();
                    double seconds = ThreadCpu.IsAvailable ? ThreadCpu.Seconds() - cpu : Stopwatch.GetElapsedTime(start).TotalSeconds;
                    rates[r] = 2.0 * work * calls / seconds / 1e9;
                }
                yield return new Figure("gemm-w2", Setting(1, name.Replace(' ', '=')), "GFLOPS/cpu-s", rates);
            }
        }
    }

    /// <summary>
    /// Bytes allocated per training step after warm-up, all threads counted, on W1, W2 (both batch sizes) and W3: an
    /// optimizer wrapper reads the process's allocation counter at two steps in the middle of an epoch, so the figure
    /// is the steady step alone (per-epoch reports are not steps).
    /// </summary>
    public static IEnumerable<Figure> Allocation(int threads)
    {
        var xor = Xor();
        var tiny = NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build<float>(seed: 0);
        yield return Probe("w1-xor-2-4-1", threads, tiny, Loss.MeanSquaredError, new Sgd(0.5), xor, 1, shuffle: false);

        var mnist = SyntheticMnist(6_400, seed: 0);
        foreach (int batch in new[] { 64, 256 })
        {
            yield return Probe("w2-train", threads, Mnist(threads), Loss.CrossEntropy, new Momentum(0.01, 0.9), mnist, batch, shuffle: true);
        }
        var (train, _, _) = Digits();
        var digits = NetworkSpec.Input(64).Dense(64, Activation.Relu).Dense(10, Activation.Softmax).Build<float>(seed: 0);
        yield return Probe("w3-digits-64-64-10", threads, digits, Loss.CrossEntropy, new Adam(1e-3), train, 32, shuffle: true);
    }

    /// <summary>
    /// Batch inference: <c>callers</c> threads call Model.Predict at once on one model (digits-shaped 64-64-10 float,
    /// standardising scaler), each on its own 1,000-row batches of 16,000 rows in all; rows/s. The network itself uses
    /// one thread per call, so the figure is how concurrent callers scale (Model.Predict takes no lock).
    /// </summary>
    public static IEnumerable<Figure> Inference(int callers)
    {
        const int rows = 16_000, batch = 1_000, inputs = 64;
        var network = NetworkSpec.Input(inputs).Dense(64, Activation.Relu).Dense(10, Activation.Softmax).Build<float>(seed: 0);
        var schema = new Schema(TaskKind.Classification, "digit", [.. Enumerable.Range(0, inputs).Select(i => $"p{i}")],
            new StandardScaler(new double[inputs], Enumerable.Repeat(4.0, inputs).ToArray()), [.. Enumerable.Range(0, 10).Select(i => $"{i}")], null);
        var model = new Persistence.Model<float>(network, schema, Loss.CrossEntropy);
        var random = new Random(0);
        double[][] batches = [.. Enumerable.Range(0, rows / batch).Select(_ => Enumerable.Range(0, batch * inputs).Select(_ => random.NextDouble() * 16).ToArray())];
        void Run() => Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = callers }, b => model.Predict(batches[b], batch));
        var seconds = Measure.Seconds(Run, reps: 5, warmup: 3);
        yield return new Figure("inference-64-64-10", $"callers={callers},batch={batch}", "rows/s", Measure.Rates(rows, seconds),
            $"{rows} rows per rep, {batches.Length} Predict calls spread over {callers} thread(s)");
    }

    private static Figure Probe(string workload, int threads, Network<float> network, Loss loss, Optimizer inner,
        Dataset<float> data, int batch, bool shuffle)
    {
        network.Threads = threads;
        int perEpoch = Trainer<float>.UpdatesPerEpoch(data.Rows, batch);
        // Warm-up epochs, then 3 probes: each measures the steps between step perEpoch/4 and 3*perEpoch/4 of one epoch.
        var probe = new AllocationProbe(inner, perEpoch, warmupEpochs: 2);
        var trainer = new Trainer<float>(network, loss, probe, new TrainingOptions { Epochs = 5, BatchSize = batch, Shuffle = shuffle });
        trainer.Fit(data);
        return new Figure("allocation", Setting(threads, $"{workload},batch={batch}"), "bytes/step", [.. probe.BytesPerStep],
            $"steps {probe.From}..{probe.To} of each of epochs 3-5 ({perEpoch} steps/epoch)");
    }

    /// <summary>Delegates every step to an inner optimizer and reads the allocation counter at two fixed steps per epoch.</summary>
    private sealed class AllocationProbe(Optimizer inner, int perEpoch, int warmupEpochs) : Optimizer(inner.LearningRate)
    {
        private long step;
        private long before;

        public int From { get; } = perEpoch / 4;

        public int To { get; } = Math.Max(perEpoch / 4 + 1, 3 * perEpoch / 4);

        public List<double> BytesPerStep { get; } = [];

        public override string Name => inner.Name;

        protected override int StateVectors => 0;

        protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t)
        {
            Count();
            inner.Step(parameters, gradients);
        }

        // The trainer's split update (several threads) counts its step here, then updates range by range.
        internal override bool UpdatesByRange => inner.UpdatesByRange;

        internal override void BeginStep<T>(int length)
        {
            Count();
            inner.BeginStep<T>(length);
        }

        internal override void UpdateRange<T>(Span<T> parameters, ReadOnlySpan<T> gradients, int from, int to, Span<T> mean, T share) =>
            inner.UpdateRange(parameters, gradients, from, to, mean, share);

        private void Count()
        {
            inner.LearningRate = LearningRate;
            long epoch = step / perEpoch, inEpoch = step % perEpoch;
            step++;
            if (epoch >= warmupEpochs && inEpoch == From)
            {
                before = GC.GetTotalAllocatedBytes(precise: true);
            }
            if (epoch >= warmupEpochs && inEpoch == To)
            {
                BytesPerStep.Add((double)(GC.GetTotalAllocatedBytes(precise: true) - before) / (To - From));
            }
        }
    }

    // Runs warmup + reps epochs of one trainer on the network; returns the seconds of each timed epoch.
    // Wall seconds per timed epoch; cpuSeconds: the calling thread's CPU seconds per epoch (zero where unavailable).
    private static double[] TimedEpochs(Network<float> network, Loss loss, Optimizer optimizer, Dataset<float> data,
        int batch, int warmup, int reps, out double[] cpuSeconds)
    {
        var trainer = new Trainer<float>(network, loss, optimizer,
            new TrainingOptions { Epochs = warmup + reps, BatchSize = batch, Shuffle = true, Seed = 0 });
        var ends = new long[warmup + reps + 1];
        var cpuEnds = new double[warmup + reps + 1];
        bool cpu = ThreadCpu.IsAvailable;
        cpuEnds[0] = cpu ? ThreadCpu.Seconds() : 0;
        ends[0] = Stopwatch.GetTimestamp();
        trainer.Fit(data, onEpoch: report =>
        {
            ends[report.Epoch] = Stopwatch.GetTimestamp();
            cpuEnds[report.Epoch] = cpu ? ThreadCpu.Seconds() : 0;
        });
        var seconds = new double[reps];
        cpuSeconds = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            seconds[r] = (double)(ends[warmup + r + 1] - ends[warmup + r]) / Stopwatch.Frequency;
            cpuSeconds[r] = cpuEnds[warmup + r + 1] - cpuEnds[warmup + r];
        }
        return seconds;
    }

    private static Network<float> Mnist(int threads)
    {
        var network = NetworkSpec.Input(784).Dense(256, Activation.Relu).Dense(128, Activation.Relu)
            .Dense(10, Activation.Softmax).Build<float>(seed: 0);
        network.Threads = threads;
        return network;
    }

    private static Dataset<float> Xor() => new([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 4, 2, 1);

    /// <summary>data.py's synthetic_mnist: N(0, 1) inputs (Box-Muller on a seeded Random), uniform labels 0..9, one-hot.</summary>
    private static Dataset<float> SyntheticMnist(int rows, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[rows * 784];
        for (int i = 0; i < inputs.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            inputs[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            inputs[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
        var targets = new float[rows * 10];
        for (int r = 0; r < rows; r++)
        {
            targets[r * 10 + random.Next(10)] = 1;
        }
        return new Dataset<float>(inputs, targets, rows, 784, 10);
    }

    /// <summary>data.py's digits_split: the bundled digits / 16, stratified 75/25 split with seed 0.</summary>
    private static (Dataset<float> Train, Dataset<float> Test, int[] TestLabels) Digits()
    {
        var table = CsvReader.Read(BundledData.ResolvePath("digits"));
        var data = TabularData.FromTable(table, BundledData.DefaultLabel("digits")!);
        int[] classIndex = data.ClassIndex ?? throw new InvalidOperationException("digits has no class column");
        int classes = data.Classes!.Length;
        var (trainRows, testRows) = Splits.Stratified(classIndex, classes, 0.25, seed: 0);
        Dataset<float> Take(int[] rows)
        {
            var x = new float[rows.Length * data.FeatureCount];
            var y = new float[rows.Length * classes];
            for (int i = 0; i < rows.Length; i++)
            {
                for (int j = 0; j < data.FeatureCount; j++)
                {
                    x[i * data.FeatureCount + j] = (float)(data.Features[rows[i] * data.FeatureCount + j] / 16.0);
                }
                y[i * classes + classIndex[rows[i]]] = 1;
            }
            return new Dataset<float>(x, y, rows.Length, data.FeatureCount, classes);
        }
        return (Take(trainRows), Take(testRows), [.. testRows.Select(r => classIndex[r])]);
    }

    private static double Accuracy(Network<float> network, Dataset<float> test, int[] labels)
    {
        var y = network.Forward(test.Inputs, test.Rows);
        int hits = 0;
        for (int r = 0; r < test.Rows; r++)
        {
            int best = 0;
            for (int j = 1; j < test.OutputCount; j++)
            {
                if (y[r * test.OutputCount + j] > y[r * test.OutputCount + best])
                {
                    best = j;
                }
            }
            hits += best == labels[r] ? 1 : 0;
        }
        return (double)hits / test.Rows;
    }
}
