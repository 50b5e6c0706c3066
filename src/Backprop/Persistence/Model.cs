using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.ExceptionServices;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Numerics;

namespace Backprop.Persistence;

/// <summary>
/// A trained network together with everything needed to apply it to raw rows: the <see cref="Schema"/> (feature
/// names, scaler, label encoding), the loss it was trained with and how it was trained. This is what a model file
/// holds. The concrete type is <see cref="Model{T}"/>; this base lets callers use a model without knowing whether it
/// computes in float or double.
/// </summary>
public abstract class Model
{
    // Predict runs the network on chunks of rows whose layer buffers (z and y of every layer) take at most this many
    // bytes, and at most 1,024 rows: a 2,000,000-unit layer gets a few rows at a time, a small network 1,024.
    private const long ChunkBytes = 64L << 20;
    private const int MaxChunkRows = 1024;
    private int chunkRows;

    private protected Model(Schema schema, Loss loss, TrainingSummary? training)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(loss);
        Schema = schema;
        Loss = loss;
        Training = training;
    }

    /// <summary>What the inputs and outputs mean.</summary>
    public Schema Schema { get; }

    /// <summary>The loss the network was trained with (and is evaluated with).</summary>
    public Loss Loss { get; }

    /// <summary>How the model was trained; null when not recorded.</summary>
    public TrainingSummary? Training { get; }

    /// <summary>The network's architecture.</summary>
    public abstract NetworkSpec Spec { get; }

    /// <summary>Weights plus biases.</summary>
    public abstract int ParameterCount { get; }

    /// <summary><c>float</c> or <c>double</c>: the type the network computes in.</summary>
    public abstract string Precision { get; }

    /// <summary>The network's architecture, e.g. <c>Dense(4 -> 16, Relu) -> Dense(16 -> 3, Softmax)</c>.</summary>
    public abstract string Architecture { get; }

    /// <summary>Most threads a forward pass may use (1 by default); results do not depend on it.</summary>
    public abstract int Threads { get; set; }

    /// <summary>
    /// Applies the model to raw feature rows (row-major <c>rows x Schema.Inputs</c>, in <see cref="Schema.FeatureNames"/>
    /// order, not yet standardised). Returns <c>rows x Schema.Outputs</c>: for classification the network's outputs
    /// (class probabilities with a softmax output), for regression the predicted values in the target's own units.
    /// </summary>
    /// <remarks>
    /// Safe to call from any number of threads at once, with exactly the single-threaded results: each call runs on a
    /// forward-pass worker of its own (a view on the network's weights with its own buffers, reused by later calls), and
    /// no call waits for another. Training the network while predicting is not safe.
    /// </remarks>
    /// <exception cref="ArgumentException">The length of <paramref name="features"/> is not <c>rows x Schema.Inputs</c>.</exception>
    public double[] Predict(ReadOnlySpan<double> features, int rows)
    {
        CheckFeatures(features, rows);
        if ((long)rows * Schema.Outputs > Array.MaxLength)
            throw new ArgumentException($"{rows} rows x {Schema.Outputs} outputs do not fit in one array", nameof(rows));
        var result = new double[rows * Schema.Outputs];
        if (rows > 0)
            Run(features, rows, result);
        return result;
    }

    /// <summary>
    /// <see cref="Predict(ReadOnlySpan{double}, int)"/> into a buffer of the caller's: writes <c>rows x Schema.Outputs</c>
    /// values to <paramref name="destination"/> and allocates nothing once the model has served a call of this size.
    /// Standardising and converting each row is one pass into the network's input; with <see cref="Threads"/> above 1 a
    /// large batch is split by rows over that many cores. Results are exactly those of the other overload.
    /// </summary>
    /// <remarks>
    /// Safe to call from any number of threads at once (see <see cref="Predict(ReadOnlySpan{double}, int)"/>). When it
    /// throws, <paramref name="destination"/> may hold some rows' outputs.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The length of <paramref name="features"/> is not <c>rows x Schema.Inputs</c>, that of <paramref name="destination"/>
    /// is not <c>rows x Schema.Outputs</c>, or the two overlap.
    /// </exception>
    /// <exception cref="FeatureRangeException">A float model gets a value beyond float's range once standardised.</exception>
    public void Predict(ReadOnlySpan<double> features, int rows, Span<double> destination)
    {
        CheckFeatures(features, rows);
        if (destination.Length != (long)rows * Schema.Outputs)
            throw new ArgumentException($"destination has {destination.Length} values, expected rows x outputs = {rows} x {Schema.Outputs}", nameof(destination));
        if (features.Overlaps(destination))
            throw new ArgumentException("destination overlaps features", nameof(destination));
        if (rows > 0)
            Run(features, rows, destination);
    }

    private protected void CheckFeatures(ReadOnlySpan<double> features, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (features.Length != (long)rows * Schema.Inputs)
            throw new ArgumentException($"features has {features.Length} values, expected rows x inputs = {rows} x {Schema.Inputs}", nameof(features));
    }

    /// <summary>
    /// Applies the model to one raw row, given as column name to cell text (as it would appear in the CSV file): the
    /// schema encodes it (numbers, categories, missing values filled in; a category not seen in training sets none of
    /// the category inputs). Columns the model does not use are ignored; a feature column absent from the row counts
    /// as missing.
    /// </summary>
    /// <exception cref="DataException">A cell cannot be encoded (not a number, or missing where the model has no fill).</exception>
    public Prediction Predict(IReadOnlyDictionary<string, string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Describe(Predict(Schema.Encode(row), 1), 0);
    }

    /// <summary>Applies the model to every row of a table (feature columns found by name; others ignored).</summary>
    /// <exception cref="DataException">A feature column is missing or a cell cannot be encoded (named by line and column).</exception>
    public IReadOnlyList<Prediction> Predict(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        double[] outputs = Predict(Schema.Encode(table), table.RowCount);
        var predictions = new Prediction[table.RowCount];
        for (int r = 0; r < predictions.Length; r++)
            predictions[r] = Describe(outputs, r);
        return predictions;
    }

    private Prediction Describe(double[] outputs, int row)
    {
        if (Schema.Task == TaskKind.Regression)
            return new Prediction(null, new Dictionary<string, double>(), outputs[row]);
        int classes = Schema.Classes.Count, best = 0;
        var probabilities = new Dictionary<string, double>(classes, StringComparer.Ordinal);
        for (int k = 0; k < classes; k++)
        {
            double p = outputs[row * classes + k];
            probabilities[Schema.Classes[k]] = p;
            if (p > outputs[row * classes + best])
                best = k;
        }
        return new Prediction(Schema.Classes[best], probabilities, double.NaN);
    }

    /// <summary>Standardises raw rows, runs the network and writes its outputs (target scaler undone) as doubles; rows >= 1.</summary>
    private protected abstract void Run(ReadOnlySpan<double> features, int rows, Span<double> destination);

    /// <summary>
    /// <see cref="Predict(ReadOnlySpan{double}, int, Span{double})"/> that also returns the sum over the rows of
    /// <see cref="Loss"/> against <paramref name="targets"/> (<c>rows x Schema.Outputs</c>), valued as training values it
    /// (from the logits after softmax or sigmoid): a confidently wrong class costs its loss, not the capped log of a
    /// probability rounded to 0.
    /// </summary>
    internal abstract double PredictAndLossSum(ReadOnlySpan<double> features, int rows, ReadOnlySpan<double> targets,
        Span<double> destination);

    /// <summary>Bytes per number the network computes in: 4 or 8.</summary>
    private protected abstract int ElementBytes { get; }

    // Rows whose layer buffers fit in ChunkBytes (computed once: the spec's enumerator would allocate on every call).
    private protected int ChunkRows => chunkRows > 0 ? chunkRows : chunkRows = ComputeChunkRows();

    // Every layer keeps z and y, rows x units each.
    private int ComputeChunkRows()
    {
        long perRow = Spec.Inputs;
        foreach (var layer in Spec.Layers)
            perRow += 2L * layer.Units;
        return (int)Math.Clamp(ChunkBytes / (perRow * ElementBytes), 1, MaxChunkRows);
    }
}

/// <summary>A model whose network computes in <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>).</summary>
public sealed class Model<T> : Model where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // A part of a split batch has at least this many multiply-adds: below it, waking a second core costs more than it saves.
    private const long PartWork = 1L << 18;

    // Idle forward-pass workers, each a view on Network's weights with its own buffers: concurrent Predict calls each
    // take one (or make one), so no call waits for another and none shares a buffer (thread-safe without a lock).
    private readonly ConcurrentBag<Worker> workers = [];
    private readonly ConcurrentBag<Split> splits = [];

    /// <summary>Creates a model.</summary>
    /// <param name="network">The trained network; its inputs and outputs must match the schema.</param>
    /// <param name="schema">What the inputs and outputs mean.</param>
    /// <param name="loss">The loss the network was trained with.</param>
    /// <param name="training">How it was trained, or null.</param>
    /// <exception cref="ArgumentException">The network's shape does not match the schema.</exception>
    public Model(Network<T> network, Schema schema, Loss loss, TrainingSummary? training = null)
        : base(schema, loss, training)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Inputs != schema.Inputs || network.Outputs != schema.Outputs)
            throw new ArgumentException(
                $"the network maps {network.Inputs} inputs to {network.Outputs} outputs; the schema has {schema.Inputs} features and {schema.Outputs} outputs",
                nameof(network));
        Network = network;
    }

    /// <summary>The trained network.</summary>
    public Network<T> Network { get; }

    /// <inheritdoc />
    public override NetworkSpec Spec => Network.Spec;

    /// <inheritdoc />
    public override int ParameterCount => Network.ParameterCount;

    /// <inheritdoc />
    public override string Precision => typeof(T) == typeof(float) ? "float" : "double";

    /// <inheritdoc />
    public override string Architecture => Network.ToString();

    /// <inheritdoc />
    public override int Threads
    {
        get => Network.Threads;
        set => Network.Threads = value;
    }

    private protected override int ElementBytes => typeof(T) == typeof(float) ? 4 : 8;

    private protected override void Run(ReadOnlySpan<double> features, int rows, Span<double> destination)
    {
        int parts = Parts(rows);
        if (parts > 1 && GemmPool.TryEnter())
        {
            try
            {
                RunSplit(features, rows, destination, parts);
            }
            finally
            {
                GemmPool.Exit();
            }
            return;
        }
        var worker = TakeWorker();
        try
        {
            worker.Network.Threads = Network.Threads;
            worker.Run(features, rows, 0, destination);
        }
        finally
        {
            workers.Add(worker);
        }
    }

    internal override double PredictAndLossSum(ReadOnlySpan<double> features, int rows, ReadOnlySpan<double> targets,
        Span<double> destination)
    {
        CheckFeatures(features, rows);
        if (targets.Length != (long)rows * Schema.Outputs || destination.Length != targets.Length)
            throw new ArgumentException($"targets and destination need rows x outputs = {rows} x {Schema.Outputs} values each");
        var worker = TakeWorker();
        try
        {
            worker.Network.Threads = Network.Threads;
            return worker.Run(features, rows, 0, destination, targets);
        }
        finally
        {
            workers.Add(worker);
        }
    }

    // One part per thread allowed, each of at least PartWork multiply-adds (a smaller one costs more to hand over).
    private int Parts(int rows)
    {
        if (Network.Threads == 1)
            return 1;
        long work = (long)rows * ParameterCount;
        return (int)Math.Clamp(work / PartWork, 1, Math.Min(Math.Min(Network.Threads, GemmPool.MaxParts), rows));
    }

    // Rows split into contiguous parts, one worker (network view, buffers) per part, parts run on GemmPool's threads.
    // Each row's outputs do not depend on the rows beside it, so the split gives the one-worker bits.
    private unsafe void RunSplit(ReadOnlySpan<double> features, int rows, Span<double> destination, int parts)
    {
        if (!splits.TryTake(out var split))
            split = new Split(this);
        fixed (double* f = features, d = destination)
        {
            split.Features = f;
            split.Destination = d;
            split.Rows = rows;
            split.Parts = parts;
            for (int p = 0; p < parts; p++)
            {
                split.Workers[p] = TakeWorker();
                split.Workers[p].Network.Threads = 1;
            }
            try
            {
                GemmPool.Run(parts, split.Body);
            }
            finally
            {
                for (int p = 0; p < parts; p++)
                {
                    workers.Add(split.Workers[p]);
                    split.Workers[p] = null!;
                }
                split.Features = null;
                split.Destination = null;
            }
        }
        // The lowest part's failure is the one the rows in order would have met first.
        Exception? failure = null;
        for (int p = parts - 1; p >= 0; p--)
        {
            failure = split.Failures[p] ?? failure;
            split.Failures[p] = null;
        }
        splits.Add(split);
        if (failure is not null)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private Worker TakeWorker() => workers.TryTake(out var worker) ? worker : new Worker(this);

    // A forward-pass worker: a view on the model's weights with buffers of its own, and the network's input buffer.
    private sealed class Worker(Model<T> model)
    {
        private T[] input = [];
        private T[] target = [];

        public Network<T> Network { get; } = model.Network.WithSharedParameters();

        // Raw rows to outputs in chunks: standardise and convert in one pass into the input buffer, which the network
        // reads in place, then its outputs as doubles with the target scaler undone. firstRow numbers errors. With
        // targets, also the sum of the chunks' losses (the network's own, from its logits).
        public double Run(ReadOnlySpan<double> features, int rows, int firstRow, Span<double> destination,
            ReadOnlySpan<double> targets = default)
        {
            Schema schema = model.Schema;
            int inputs = schema.Inputs, outputs = schema.Outputs, chunk = model.ChunkRows;
            if (input.Length < Math.Min(chunk, rows) * inputs)
                input = new T[Math.Min(chunk, rows) * inputs];
            bool scored = !targets.IsEmpty;
            if (scored && target.Length < Math.Min(chunk, rows) * outputs)
                target = new T[Math.Min(chunk, rows) * outputs];
            double lossSum = 0;
            for (int start = 0; start < rows; start += chunk)
            {
                int count = Math.Min(chunk, rows - start);
                RawRows.Standardise(features.Slice(start * inputs, count * inputs), schema.Scaler, input.AsSpan(0, count * inputs),
                    schema.FeatureNames, firstRow + start);
                RawRows.Outputs(Network.ForwardInPlace(input, count), schema.TargetScaler, destination.Slice(start * outputs, count * outputs));
                if (scored)
                {
                    var t = target.AsSpan(0, count * outputs);
                    var source = targets.Slice(start * outputs, count * outputs);
                    for (int i = 0; i < t.Length; i++)
                        t[i] = T.CreateChecked(source[i]);
                    lossSum += Network.Loss(model.Loss, t) * count;
                }
            }
            return lossSum;
        }
    }

    // One split call's arguments, for the pool's threads (spans cannot cross threads: the caller pins them and waits).
    private sealed unsafe class Split
    {
        private readonly Model<T> model;

        public Split(Model<T> model)
        {
            this.model = model;
            Workers = new Worker[GemmPool.MaxParts];
            Failures = new Exception?[GemmPool.MaxParts];
            Body = RunPart;
        }

        public Action<int> Body { get; }

        public Worker[] Workers { get; }

        public Exception?[] Failures { get; }

        public double* Features { get; set; }

        public double* Destination { get; set; }

        public int Rows { get; set; }

        public int Parts { get; set; }

        private void RunPart(int part)
        {
            int inputs = model.Schema.Inputs, outputs = model.Schema.Outputs;
            int first = (int)((long)Rows * part / Parts), end = (int)((long)Rows * (part + 1) / Parts);
            try
            {
                Workers[part].Run(new ReadOnlySpan<double>(Features + (long)first * inputs, (end - first) * inputs), end - first, first,
                    new Span<double>(Destination + (long)first * outputs, (end - first) * outputs));
            }
            catch (Exception e)
            {
                Failures[part] = e;
            }
        }
    }
}
