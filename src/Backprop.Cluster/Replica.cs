using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Cluster;

/// <summary>
/// One worker's share of the arithmetic, free of any transport so that the Akka worker and the in-process simulation
/// run the very same code. A step: <see cref="Compute"/> the local contribution (the gradient of this worker's part
/// of the global batch, or in local SGD the parameters after a local step); every worker's contribution to the slice
/// this one owns arrives through <see cref="Receive"/>; <see cref="ReduceOwned"/> sums them in rank order (a fixed
/// order, so the result never depends on arrival order) and updates the owned slice; the other owners' slices arrive
/// through <see cref="ReceiveSlice"/>; <see cref="Commit"/> makes the new parameters current.
/// </summary>
internal sealed class Replica<T> : IReplica where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Network<T> network;
    private readonly Loss loss;
    private readonly ClusterOptions options;
    private readonly int rows;
    private readonly long totalSteps;
    private readonly int stepsPerEpoch;
    private readonly T[] next;
    private readonly T[] committed;
    private T[][] received = [];
    private T[] reduced = [];
    private T[] weights = [];
    private T[] x = [];
    private T[] y = [];
    private int[] partStart = [];
    private int[] partCount = [];
    private Optimizer optimizer;
    private (int Workers, int Rank) shape = (0, 0);

    public Replica(NetworkSpec spec, Loss loss, ClusterOptions options, int rows)
    {
        options.Validate();
        network = spec.Build<T>();
        this.loss = loss;
        this.options = options;
        this.rows = rows;
        stepsPerEpoch = options.StepsPerEpoch(rows);
        totalSteps = options.TotalSteps(rows);
        next = new T[network.ParameterCount];
        committed = new T[network.ParameterCount];
        optimizer = options.CreateOptimizer();
    }

    public int ElementBytes => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    public int ParameterCount => network.ParameterCount;

    public int Workers => shape.Workers;

    public int Rank => shape.Rank;

    public (int Offset, int Length) Owned { get; private set; }

    /// <summary>Steps completed: the parameters in <see cref="Committed"/> are those after this many steps.</summary>
    public long CommittedSteps { get; private set; }

    public Network<T> Network => network;

    /// <summary>The parameters after the last exchange (in synchronous SGD, also the replica's own).</summary>
    public ReadOnlySpan<T> Committed => committed;

    public ReadOnlySpan<byte> CommittedBytes => MemoryMarshal.AsBytes(committed.AsSpan());

    /// <summary>Takes rank <paramref name="rank"/> of <paramref name="workers"/>: reads this rank's rows of every step of an epoch.</summary>
    public void Configure(int workers, int rank, IRowSource source)
    {
        if (source.Rows != rows || source.Inputs != network.Inputs || source.Outputs != network.Outputs)
        {
            throw new ArgumentException(
                $"The rows ({source.Rows} x {source.Inputs} -> {source.Outputs}) do not fit the job ({rows} x {network.Inputs} -> {network.Outputs}).", nameof(source));
        }
        Owned = Sharding.Slice(network.ParameterCount, workers, rank);
        if (shape == (workers, rank))
        {
            return;
        }
        shape = (workers, rank);
        received = new T[workers][];
        for (int w = 0; w < workers; w++)
        {
            received[w] = new T[Owned.Length];
        }
        reduced = new T[Owned.Length];
        weights = new T[workers];
        partStart = new int[stepsPerEpoch];
        partCount = new int[stepsPerEpoch];
        int total = 0;
        for (int s = 0; s < stepsPerEpoch; s++)
        {
            var (_, count) = Sharding.Part(s, rows, options.BatchSize, workers, rank);
            partStart[s] = total;
            partCount[s] = count;
            total += count;
        }
        x = new T[total * network.Inputs];
        y = new T[total * network.Outputs];
        var bufferX = new double[options.BatchSize * network.Inputs];
        var bufferY = new double[options.BatchSize * network.Outputs];
        for (int s = 0; s < stepsPerEpoch; s++)
        {
            var (start, count) = Sharding.Part(s, rows, options.BatchSize, workers, rank);
            source.Read(start, count, bufferX, bufferY);
            Convert(bufferX.AsSpan(0, count * network.Inputs), x.AsSpan(partStart[s] * network.Inputs));
            Convert(bufferY.AsSpan(0, count * network.Outputs), y.AsSpan(partStart[s] * network.Outputs));
        }
    }

    /// <summary>Starts (or restarts) at <paramref name="steps"/> completed steps from full parameters and the owned slice's optimizer state.</summary>
    public void Start(ReadOnlySpan<T> parameters, OptimizerState? ownedState, long steps)
    {
        if (parameters.Length != network.ParameterCount)
        {
            throw new ArgumentException($"{parameters.Length} parameters given, the network has {network.ParameterCount}.", nameof(parameters));
        }
        parameters.CopyTo(network.Parameters);
        parameters.CopyTo(committed);
        optimizer = options.CreateOptimizer();
        if (ownedState is not null)
        {
            optimizer.ImportState(ownedState);
        }
        CommittedSteps = steps;
    }

    public void StartBytes(ReadOnlySpan<byte> parameters, OptimizerState? ownedState, long steps) =>
        Start(MemoryMarshal.Cast<byte, T>(parameters), ownedState, steps);

    /// <summary>
    /// Computes step <paramref name="step"/>'s local work. Returns true when the step ends with an exchange; then
    /// <see cref="Contribution"/> holds what this worker sends (its gradient, or its parameters in local SGD).
    /// </summary>
    public bool Compute(long step)
    {
        int s = (int)(step % stepsPerEpoch);
        int n = partCount[s];
        if (options.Mode == ExchangeMode.Synchronous)
        {
            if (n == 0)
            {
                Array.Clear(network.Gradients);
            }
            else
            {
                network.ComputeGradients(x.AsSpan(partStart[s] * network.Inputs, n * network.Inputs),
                    y.AsSpan(partStart[s] * network.Outputs, n * network.Outputs), n, loss);
            }
            return true;
        }
        if (n > 0)
        {
            network.ComputeGradients(x.AsSpan(partStart[s] * network.Inputs, n * network.Inputs),
                y.AsSpan(partStart[s] * network.Outputs, n * network.Outputs), n, loss);
            AddDecay(network.Parameters, network.Gradients);
            optimizer.Step<T>(network.Parameters, network.Gradients);
        }
        return options.IsExchangeStep(step, totalSteps);
    }

    /// <summary>What this worker sends for the slice [offset, offset + length) after <see cref="Compute"/>.</summary>
    public ReadOnlySpan<T> Contribution(int offset, int length) =>
        options.Mode == ExchangeMode.Synchronous ? network.Gradients.AsSpan(offset, length) : network.Parameters.AsSpan(offset, length);

    public ReadOnlySpan<byte> ContributionBytes(int offset, int length) => MemoryMarshal.AsBytes(Contribution(offset, length));

    /// <summary>Worker <paramref name="from"/>'s contribution to the owned slice, at <paramref name="offset"/> within it.</summary>
    public void Receive(int from, int offset, ReadOnlySpan<T> values) => values.CopyTo(received[from].AsSpan(offset));

    public void ReceiveBytes(int from, int offset, ReadOnlySpan<byte> values) => Receive(from, offset, MemoryMarshal.Cast<byte, T>(values));

    /// <summary>
    /// Combines every worker's contribution to the owned slice in rank order and updates it: synchronous SGD weights
    /// each worker's mean gradient by its share of the global batch, adds weight decay and takes the optimizer step;
    /// local SGD takes the mean of the replicas. Returns the owned slice's new values.
    /// </summary>
    public ReadOnlySpan<T> ReduceOwned(long step)
    {
        var (offset, length) = Owned;
        Span<T> slice = next.AsSpan(offset, length);
        if (options.Mode == ExchangeMode.Synchronous)
        {
            int batch = Sharding.BatchRows(step, rows, options.BatchSize);
            for (int w = 0; w < weights.Length; w++)
            {
                weights[w] = T.CreateTruncating((double)Sharding.Part(step, rows, options.BatchSize, weights.Length, w).Count / batch);
            }
            Reduce(received, weights, reduced);
            committed.AsSpan(offset, length).CopyTo(slice);
            AddDecay(slice, reduced);
            optimizer.Step<T>(slice, reduced);
        }
        else
        {
            weights.AsSpan().Fill(T.One / T.CreateTruncating(weights.Length));
            Reduce(received, weights, slice);
        }
        return slice;
    }

    public ReadOnlySpan<byte> ReduceOwnedBytes(long step) => MemoryMarshal.AsBytes(ReduceOwned(step));

    /// <summary>Another owner's new values for [offset, offset + values.Length) of the flat buffer.</summary>
    public void ReceiveSlice(int offset, ReadOnlySpan<T> values) => values.CopyTo(next.AsSpan(offset));

    public void ReceiveSliceBytes(int offset, ReadOnlySpan<byte> values) => ReceiveSlice(offset, MemoryMarshal.Cast<byte, T>(values));

    /// <summary>Every slice of step <paramref name="step"/> has arrived: the new parameters become current.</summary>
    public void Commit(long step)
    {
        next.CopyTo(committed, 0);
        next.CopyTo(network.Parameters, 0);
        CommittedSteps = step + 1;
    }

    /// <summary>The owned slice's optimizer state, to be gathered into a checkpoint.</summary>
    public OptimizerState ExportOwnedState() => optimizer.ExportState();

    /// <summary>dest = sum over w in rank order of weights[w] * parts[w].</summary>
    internal static void Reduce(T[][] parts, ReadOnlySpan<T> weights, Span<T> dest)
    {
        var first = parts[0].AsSpan(0, dest.Length);
        T w0 = weights[0];
        for (int i = 0; i < dest.Length; i++)
        {
            dest[i] = w0 * first[i];
        }
        for (int w = 1; w < parts.Length; w++)
        {
            var part = parts[w].AsSpan(0, dest.Length);
            T weight = weights[w];
            for (int i = 0; i < dest.Length; i++)
            {
                dest[i] += weight * part[i];
            }
        }
    }

    private void AddDecay(ReadOnlySpan<T> parameters, Span<T> gradients)
    {
        if (options.WeightDecay == 0)
        {
            return;
        }
        T decay = T.CreateTruncating(options.WeightDecay);
        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] += decay * parameters[i];
        }
    }

    private static void Convert(ReadOnlySpan<double> source, Span<T> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = T.CreateTruncating(source[i]);
        }
    }
}

/// <summary>A replica seen through bytes, so the transport need not know the element type.</summary>
internal interface IReplica
{
    int ElementBytes { get; }

    int ParameterCount { get; }

    int Workers { get; }

    int Rank { get; }

    (int Offset, int Length) Owned { get; }

    long CommittedSteps { get; }

    ReadOnlySpan<byte> CommittedBytes { get; }

    void Configure(int workers, int rank, IRowSource source);

    void StartBytes(ReadOnlySpan<byte> parameters, OptimizerState? ownedState, long steps);

    bool Compute(long step);

    ReadOnlySpan<byte> ContributionBytes(int offset, int length);

    void ReceiveBytes(int from, int offset, ReadOnlySpan<byte> values);

    ReadOnlySpan<byte> ReduceOwnedBytes(long step);

    void ReceiveSliceBytes(int offset, ReadOnlySpan<byte> values);

    void Commit(long step);

    OptimizerState ExportOwnedState();
}
