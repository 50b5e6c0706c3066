using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backprop.Activations;
using Backprop.Persistence;

namespace Backprop.Layers;

/// <summary>
/// One layer of a <see cref="Network{T}"/>. Its parameters and their gradients are views into the network's two flat
/// buffers; it keeps z and y of the last forward pass for its backward pass. Buffers grow only when a batch is larger
/// than any before, so steady training allocates nothing.
/// </summary>
public abstract class Layer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] parameters = [];
    private T[] gradients = [];
    private T[] z = [];
    private T[] y = [];
    private T[] dZ = [];
    private T[] input = [];
    private ActivationKernel<T>? kernel;
    private int count;
    private WeightState<T>? weightState;

    /// <summary>Creates a layer mapping <paramref name="inputs"/> values to <paramref name="outputs"/> per pattern.</summary>
    protected Layer(int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Inputs per pattern.</summary>
    public int Inputs { get; }

    /// <summary>Outputs (units) per pattern.</summary>
    public int Outputs { get; }

    /// <summary>Number of learnable values (weights and biases).</summary>
    public abstract int ParameterCount { get; }

    /// <summary>The description this layer was built from (and is saved as).</summary>
    public abstract LayerSpec Spec { get; }

    /// <summary>The activation applied to z, as seen by the backward pass.</summary>
    public abstract Activation Activation { get; }

    /// <summary>Where this layer's parameters start in the network's flat buffer.</summary>
    public int Offset { get; private set; }

    /// <summary>Rows in the last forward pass.</summary>
    public int Rows { get; private set; }

    /// <summary>
    /// This layer's parameters (a view into the network's buffer). Writes through it are seen by later passes; the
    /// network then packs its weights for the GEMM on every pass instead of keeping a packed copy.
    /// </summary>
    public Span<T> Parameters
    {
        get
        {
            weightState?.Escape();
            return ParameterValues;
        }
    }

    /// <summary><see cref="Parameters"/> for the library's own use: reads, or writes followed by <see cref="WeightsChanged"/>.</summary>
    internal Span<T> ParameterValues { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => parameters.AsSpan(Offset, count); }

    /// <summary>The network's weight state (versions, shared packed copies); set by <see cref="Bind"/>.</summary>
    private protected WeightState<T> WeightVersions => weightState!;

    /// <summary>This layer's place in its network (its packed copy's slot).</summary>
    private protected int Index { get; private set; }

    /// <summary>Parameters changed through <see cref="ParameterValues"/>: packed copies are stale.</summary>
    internal void WeightsChanged() => weightState?.Changed();

    /// <summary>This layer's parameter gradients (a view into the network's gradient buffer).</summary>
    public Span<T> Gradients { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => gradients.AsSpan(Offset, count); }

    /// <summary>Pre-activations z of the last forward pass: rows x outputs.</summary>
    public ReadOnlySpan<T> Z { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => z.AsSpan(0, Rows * Outputs); }

    /// <summary>Outputs y = f(z) of the last forward pass: rows x outputs.</summary>
    public ReadOnlySpan<T> Y { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => y.AsSpan(0, Rows * Outputs); }

    /// <summary>dLoss/dz of the last backward pass: rows x outputs (the notes' deltas, scaled by 1 / rows).</summary>
    public ReadOnlySpan<T> Delta => dZ.AsSpan(0, Rows * Outputs);

    /// <summary>The input of the last forward pass: rows x inputs.</summary>
    protected ReadOnlySpan<T> Input { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => input.AsSpan(0, Rows * Inputs); }

    internal T[] OutputBuffer => y;

    // The row path's operands as references: the buffers Prepare sized (at least Rows x Outputs, the input Rows x Inputs)
    // and this layer's parameters and gradients in the network's buffers, without a span and its checks per access.
    private protected ref T InputAt => ref MemoryMarshal.GetArrayDataReference(input);

    private protected ref T ZAt => ref MemoryMarshal.GetArrayDataReference(z);

    private protected ref T YAt => ref MemoryMarshal.GetArrayDataReference(y);

    private protected ref T DeltaAt => ref MemoryMarshal.GetArrayDataReference(dZ);

    private protected ref T ParametersAt => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(parameters), Offset);

    private protected ref T GradientsAt => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(gradients), Offset);

    /// <summary><see cref="Activation"/> bound to <typeparamref name="T"/>, asked for once.</summary>
    internal ActivationKernel<T> Kernel { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => kernel ?? BindKernel(); }

    private ActivationKernel<T> BindKernel() => kernel = Activation.Kernel<T>();

    internal Span<T> DeltaBuffer { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => dZ.AsSpan(0, Rows * Outputs); }

    internal void Bind(T[] parameterBuffer, T[] gradientBuffer, int offset, WeightState<T> state, int index)
    {
        parameters = parameterBuffer;
        gradients = gradientBuffer;
        Offset = offset;
        count = ParameterCount;
        weightState = state;
        Index = index;
    }

    /// <summary>
    /// Before a forward pass over <paramref name="rows"/> patterns (and before it forks): readies whatever of the
    /// parameters the pass reads prepared (a packed copy of the weights), once for all its parts.
    /// </summary>
    internal virtual void PrepareWeights(int rows)
    {
    }

    /// <summary>
    /// Adds the ONNX nodes computing this layer's output from the value named <paramref name="x"/> (batch x inputs);
    /// <paramref name="name"/> prefixes its parameters' names. Returns the output's name.
    /// </summary>
    internal abstract string AddOnnx(OnnxGraph graph, string x, string name);

    /// <summary>Draws initial parameters.</summary>
    public abstract void Initialize(Random random, Initializer initializer);

    /// <summary>Forward pass over <paramref name="rows"/> patterns held in <paramref name="x"/> (rows x inputs).</summary>
    internal void Forward(T[] x, int rows, int threads)
    {
        Prepare(x, rows);
        PrepareWeights(rows);
        int size = rows * Outputs;
        Forward(Input, z.AsSpan(0, size), y.AsSpan(0, size), threads);
    }

    /// <summary>
    /// True when the layer computes one pattern in matrix-vector kernels of its own (<see cref="ForwardRow"/>, and a
    /// <see cref="BackwardRow"/> that takes every one-row backward): the bits its batch forward and backward give that row.
    /// </summary>
    internal virtual bool HasRowKernels => false;

    /// <summary>Forward pass of one pattern (x: inputs) in the row kernels; only where <see cref="HasRowKernels"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ForwardRow(T[] x)
    {
        Prepare(x, 1);
        ComputeRow();
    }

    /// <summary>z and y of the one prepared pattern; only where <see cref="HasRowKernels"/>.</summary>
    protected private virtual void ComputeRow() =>
        throw new NotSupportedException($"{this} has no row kernels.");

    /// <summary>Takes <paramref name="x"/> (rows x inputs) as the input and sizes the buffers, computing nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Prepare(T[] x, int rows)
    {
        int size = rows * Outputs;
        if (z.Length < size)
        {
            z = new T[size];
            y = new T[size];
            dZ = new T[size];
        }
        // The same input array step after step (the network's input buffer, the layer below's output): no store, so no
        // write barrier, then.
        if (!ReferenceEquals(input, x))
        {
            input = x;
        }
        Rows = rows;
        if (kernel is null)
        {
            BindKernel();
        }
    }

    /// <summary>
    /// The layer can compute a training step split by rows (<see cref="ForwardRows(int, int)"/>, <see cref="DeltaRows"/>,
    /// <see cref="InputGradientRows"/>, <see cref="ParameterGradientsPart"/>), each part giving exactly the bits the
    /// whole-batch calls give.
    /// </summary>
    internal virtual bool SplitsRows => false;

    /// <summary>Forward for rows r0 .. r1 of the prepared input.</summary>
    internal void ForwardRows(int r0, int r1)
    {
        int size = Rows * Outputs;
        ComputeRows(Input, z.AsSpan(0, size), y.AsSpan(0, size), r0, r1);
    }

    /// <summary>
    /// After <see cref="PrepareWeights"/>: the split step may compute this layer's product by columns
    /// (<see cref="ForwardColumns"/> over all rows, then <see cref="FinishRows(int, int)"/> on each part's rows) instead of
    /// <see cref="ForwardRows(int, int)"/>, for the same bits.
    /// </summary>
    internal virtual bool SplitsColumns => false;

    /// <summary>Whether this layer's product over the prepared rows can be split by columns, W packed or not.</summary>
    internal virtual bool MultipliesColumns => false;

    /// <summary>
    /// Set by a split training step before <see cref="PrepareWeights"/>: the step splits this layer's product by
    /// columns (<see cref="SplitsColumns"/>), each part packing its own panels of W where the kernel packs W, instead of
    /// one thread packing all of W before the fork (W changes every step, so that pack is on every step's path).
    /// </summary>
    internal bool ColumnsByPart { get; set; }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of z's columns, the product alone, over all rows.</summary>
    internal void ForwardColumns(int part, int parts) => ComputeColumns(Input, z.AsSpan(0, Rows * Outputs), part, parts);

    /// <summary>Rows r0 .. r1 of the pass after <see cref="ForwardColumns"/>: z's bias and y = f(z).</summary>
    internal void FinishRows(int r0, int r1)
    {
        int size = Rows * Outputs;
        FinishRows(z.AsSpan(0, size), y.AsSpan(0, size), r0, r1);
    }

    /// <summary>The product alone into z's columns of one part; only where <see cref="SplitsColumns"/>.</summary>
    protected private virtual void ComputeColumns(ReadOnlySpan<T> x, Span<T> z, int part, int parts) =>
        throw new NotSupportedException($"{this} does not split its columns.");

    /// <summary>Bias and f on rows r0 .. r1 of z (spans hold all rows); only where <see cref="SplitsColumns"/>.</summary>
    protected private virtual void FinishRows(Span<T> z, Span<T> y, int r0, int r1) =>
        throw new NotSupportedException($"{this} does not split its columns.");

    /// <summary>z and y for rows r0 .. r1 (spans hold all rows); only where <see cref="SplitsRows"/>.</summary>
    protected private virtual void ComputeRows(ReadOnlySpan<T> x, Span<T> z, Span<T> y, int r0, int r1) =>
        throw new NotSupportedException($"{this} does not split its rows.");

    /// <summary>dZ = f'(z)^T dY for rows r0 .. r1 (dY holds all rows).</summary>
    internal void DeltaRows(ReadOnlySpan<T> dY, int r0, int r1)
    {
        int o = Outputs, from = r0 * o, length = (r1 - r0) * o;
        Kernel.Backward(z.AsSpan(from, length), y.AsSpan(from, length), dY.Slice(from, length), dZ.AsSpan(from, length), r1 - r0, o);
    }

    /// <summary>Rows r0 .. r1 of dLoss/dx from <see cref="Delta"/>; dX holds all rows.</summary>
    internal virtual void InputGradientRows(Span<T> dX, int r0, int r1) =>
        throw new NotSupportedException($"{this} does not split its rows.");

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of the parameter gradients from all rows of
    /// <see cref="Delta"/>, overwritten; then <paramref name="ready"/>(from, to), indices into the network's buffers,
    /// for each range of them the part wrote.
    /// </summary>
    internal virtual void ParameterGradientsPart(int part, int parts, Action<int, int>? ready) =>
        throw new NotSupportedException($"{this} does not split its rows.");

    /// <summary>Computes z and y = f(z) for the current <see cref="Rows"/>.</summary>
    protected abstract void Forward(ReadOnlySpan<T> x, Span<T> z, Span<T> y, int threads);

    /// <summary>Backward from dLoss/dy: dZ = f'(z)^T dY, then <see cref="BackwardFromDelta"/>.</summary>
    internal void Backward(ReadOnlySpan<T> dY, Span<T> dX, int threads, bool accumulate)
    {
        if (accumulate || !BackwardRow(dY, dX))
        {
            Kernel.Backward(Z, Y, dY, DeltaBuffer, Rows, Outputs);
            BackwardFromDelta(dX, threads, accumulate);
        }
    }

    /// <summary>
    /// One pattern's whole backward from dLoss/dy in the layer's matrix-vector kernel, overwriting the gradients, where the
    /// layer has one for its shape (the same bits as the two steps of <see cref="Backward(ReadOnlySpan{T}, Span{T}, int, bool)"/>);
    /// false, doing nothing, where it has not.
    /// </summary>
    protected private virtual bool BackwardRow(ReadOnlySpan<T> dY, Span<T> dX) => false;

    /// <summary>
    /// Backward with <see cref="Delta"/> already set: adds dW, dB into the gradient buffer (or overwrites it with them
    /// when <paramref name="accumulate"/> is false) and writes dLoss/dx to <paramref name="dX"/> (rows x inputs) unless it is empty.
    /// </summary>
    internal void BackwardFromDelta(Span<T> dX, int threads, bool accumulate) =>
        Backward(Input, Delta, ParameterValues, Gradients, dX, threads, accumulate);

    /// <summary>
    /// The layer's own backward: given x and dZ, add the parameter gradients into <paramref name="gradients"/> (or
    /// overwrite them when <paramref name="accumulate"/> is false) and write dX.
    /// </summary>
    protected abstract void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dZ, ReadOnlySpan<T> parameters, Span<T> gradients,
        Span<T> dX, int threads, bool accumulate);
}
