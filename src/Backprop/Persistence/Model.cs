using System.Collections.Concurrent;
using System.Numerics;
using Backprop.Data;
using Backprop.Losses;

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
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int inputs = Schema.Inputs, outputs = Schema.Outputs;
        if (features.Length != (long)rows * inputs)
            throw new ArgumentException($"features has {features.Length} values, expected rows x inputs = {rows} x {inputs}", nameof(features));
        if ((long)rows * outputs > Array.MaxLength)
            throw new ArgumentException($"{rows} rows x {outputs} outputs do not fit in one array", nameof(rows));
        var result = new double[rows * outputs];
        if (rows == 0)
            return result;
        int chunk = ChunkRows(), bytes = ElementBytes;
        var scaled = new double[Math.Min(chunk, rows) * inputs];
        for (int start = 0; start < rows; start += chunk)
        {
            int count = Math.Min(chunk, rows - start);
            Span<double> x = scaled.AsSpan(0, count * inputs);
            features.Slice(start * inputs, count * inputs).CopyTo(x);
            Schema.Scaler.Transform(x, count);
            if (bytes == 4)
                FeatureRangeException.ThrowIfBeyondFloat(x, Schema.Scaler, Schema.FeatureNames, start);
            Forward(x, count, result.AsSpan(start * outputs, count * outputs));
        }
        if (Schema.TargetScaler is { } target)
        {
            double mean = target.Mean[0], scale = target.Scale[0];
            for (int i = 0; i < result.Length; i++)
                result[i] = result[i] * scale + mean;
        }
        return result;
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

    /// <summary>Runs the network on standardised rows, writing its outputs as doubles.</summary>
    private protected abstract void Forward(ReadOnlySpan<double> x, int rows, Span<double> output);

    /// <summary>Bytes per number the network computes in: 4 or 8.</summary>
    private protected abstract int ElementBytes { get; }

    // Rows whose layer buffers fit in ChunkBytes: every layer keeps z and y, rows x units each.
    private int ChunkRows()
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
    // Idle forward-pass workers, each a view on Network's weights with its own buffers: concurrent Predict calls each
    // take one (or make one), so no call waits for another and none shares a buffer (thread-safe without a lock).
    private readonly ConcurrentBag<Worker> workers = [];

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

    private protected override void Forward(ReadOnlySpan<double> x, int rows, Span<double> output)
    {
        if (!workers.TryTake(out var worker))
            worker = new Worker(Network.WithSharedParameters());
        try
        {
            worker.Network.Threads = Network.Threads;
            if (worker.Input.Length < x.Length)
                worker.Input = new T[x.Length];
            Span<T> converted = worker.Input.AsSpan(0, x.Length);
            for (int i = 0; i < x.Length; i++)
                converted[i] = T.CreateChecked(x[i]);
            ReadOnlySpan<T> y = worker.Network.Forward(converted, rows);
            for (int i = 0; i < output.Length; i++)
                output[i] = double.CreateChecked(y[i]);
        }
        finally
        {
            workers.Add(worker);
        }
    }

    private sealed class Worker(Network<T> network)
    {
        public Network<T> Network { get; } = network;

        public T[] Input { get; set; } = [];
    }
}
