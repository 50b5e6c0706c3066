using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Numerics;

namespace Backprop;

/// <summary>
/// A feedforward network: layers applied in order. All weights and biases live in one flat <see cref="Parameters"/>
/// array and their gradients in <see cref="Gradients"/> of the same shape; layers hold views into both. A batch is a
/// row-major <c>rows x inputs</c> block; the forward pass keeps every layer's z and y, the backward pass propagates
/// dLoss/dz from the output to the input. <typeparamref name="T"/> is <see cref="float"/> or <see cref="double"/>.
/// </summary>
public sealed class Network<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Layer<T>[] layers;
    private readonly T[] parameters;
    // Shared with the views on these parameters (WithSharedParameters): versions and the packed weights.
    private readonly WeightState<T> weightState;
    private T[] input = [];
    private T[] outputGradient = [];
    private T[][] layerInputGradients = [];
    private int threads = 1;
    private readonly bool differentiable;
    // The last loss used, bound to T: its generic virtual methods looked up once, then called as delegates.
    private Loss? boundLoss;
    private LossValue lossValue = null!;
    private LogitValue logitValue = null!;
    private LossGradient lossGradient = null!;
    private FusedGradient fusedGradient = null!;
    private bool fuses;
    // Whether the bound loss has a value from the output layer's logits (asked once, as for fuses).
    private bool fromLogits;
    // Every layer computes one pattern in its row kernels (small dense layers): ComputeGradients on one row takes RowGradients.
    private readonly bool rowKernels;
    // The row-split step's phases, bound once (no allocation per step), and its one flag.
    private readonly Action<int> forwardPart, deltaPart, gradientPart, columnPart;
    private bool splitInputGradient;
    // This split pass computes the first layer's product by columns before the forward parts (SplitForward).
    private bool firstByColumns;
    // The current split's part counts: over the batch's rows, and over the layers' inputs (rows of dW).
    private int rowParts, gradientParts;
    // During a split pass: the caller's input rows, pinned (each forward part copies its own rows into the input
    // buffer; null when the buffer is already filled), and the step's targets, pinned, for the loss value (computed
    // as one more part of the last phase) and its result.
    private unsafe T* splitSource;
    private unsafe T* splitTarget;
    private int splitTargetLength;
    private double splitLoss;
    // During a step given one: the caller's hook for parameter ranges whose gradients are final (see ComputeGradients).
    private Action<int, int>? gradientsReady;
    // During a step given one: the caller's hook that writes a part's input and target rows (see ComputeGradients).
    private Action<int, int>? fillRows;
    // The column fork's input rows (SplitForward), in pieces of FillPieceRows rows that its parts share out: how
    // many, the next to claim and those written.
    private int fillPieces, nextPiece, piecesDone;
    private const int FillPieceRows = 16;

    private delegate double LossValue(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols);

    private delegate bool LogitValue(Activation activation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target, int rows, int cols, out double value);

    private delegate void LossGradient(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols);

    private delegate bool FusedGradient(Activation activation, ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dZ, int rows, int cols);

    internal Network(NetworkSpec spec) : this(spec, null, null, null)
    {
    }

    // With parameter and gradient arrays given, the network is a view on another's weights (WithSharedParameters).
    private Network(NetworkSpec spec, T[]? parameters, T[]? gradients, WeightState<T>? state)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Networks are float or double, not {typeof(T).Name}.");
        }
        Spec = spec;
        forwardPart = ForwardPart;
        deltaPart = DeltaPart;
        gradientPart = GradientPart;
        columnPart = ColumnPart;
        layers = new Layer<T>[spec.Layers.Count];
        int inputs = spec.Inputs;
        int offset = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = spec.Layers[i].Create<T>(inputs);
            inputs = layers[i].Outputs;
            offset += layers[i].ParameterCount;
        }
        this.parameters = parameters ?? AlignedArrays.Allocate<T>(offset);
        Gradients = gradients ?? AlignedArrays.Allocate<T>(offset);
        weightState = state ?? new WeightState<T>(layers.Length);
        offset = 0;
        differentiable = true;
        rowKernels = true;
        for (int i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            layer.Bind(this.parameters, Gradients, offset, weightState, i);
            offset += layer.ParameterCount;
            differentiable &= layer.Activation.IsDifferentiable;
            rowKernels &= layer.HasRowKernels;
        }
    }

    /// <summary>The architecture this network was built from.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<Layer<T>> Layers => layers;

    /// <summary>Inputs per pattern.</summary>
    public int Inputs => Spec.Inputs;

    /// <summary>Outputs per pattern.</summary>
    public int Outputs => layers[^1].Outputs;

    /// <summary>
    /// Every weight and bias, layer after layer (each layer: its weights, then its biases). Writes into the array are
    /// seen by later passes; once it has been handed out, the network packs its weights for the GEMM on every pass
    /// instead of keeping a packed copy between passes (a write through the array could not be seen).
    /// </summary>
    public T[] Parameters
    {
        get
        {
            weightState.Escape();
            return parameters;
        }
    }

    /// <summary><see cref="Parameters"/> for the library's own use: reads, or writes followed by <see cref="ParametersChanged"/>.</summary>
    internal T[] ParameterArray => parameters;

    /// <summary>The parameters were written through <see cref="ParameterArray"/>: packed copies of the weights are stale.</summary>
    internal void ParametersChanged() => weightState.Changed();

    /// <summary>dLoss/dParameter, same layout as <see cref="Parameters"/>; backward passes add into it.</summary>
    public T[] Gradients { get; }

    /// <summary>Number of weights plus biases.</summary>
    public int ParameterCount => parameters.Length;

    /// <summary>The output layer's activation.</summary>
    public Activation OutputActivation => layers[^1].Activation;

    /// <summary>Most threads a matrix multiply may use (1 by default). Results do not depend on it.</summary>
    public int Threads
    {
        get => threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Threads));
            threads = value;
        }
    }

    /// <summary>True when every layer can be trained by gradients (no step activation).</summary>
    public bool IsDifferentiable => differentiable;

    /// <summary>
    /// Forward pass over <paramref name="rows"/> patterns (x: rows x <see cref="Inputs"/>). Returns the output block
    /// (rows x <see cref="Outputs"/>), valid until the next forward pass.
    /// </summary>
    public unsafe ReadOnlySpan<T> Forward(ReadOnlySpan<T> x, int rows)
    {
        if (!SplitsForward(rows))
        {
            return ForwardInPlace(TakeInput(x, rows), rows);
        }
        T[] buffer = InputBuffer(x.Length, rows);
        fixed (T* source = x)
        {
            splitSource = IsInputBuffer(x) ? null : source;
            try
            {
                return ForwardInPlace(buffer, rows);
            }
            finally
            {
                splitSource = null;
            }
        }
    }

    /// <summary>
    /// <see cref="Forward"/> on an input buffer the caller owns, without copying it: the layers keep a reference to it,
    /// so it must stay unchanged until the next forward pass (Model's forward-pass workers fill it in place).
    /// </summary>
    internal ReadOnlySpan<T> ForwardInPlace(T[] x, int rows)
    {
        T[] current = x;
        if (SplitsForward(rows))
        {
            // The batch's rows split once for every layer (one fork and join, bias and activation included).
            foreach (var layer in layers)
            {
                layer.Prepare(current, rows);
                layer.PrepareWeights(rows);
                current = layer.OutputBuffer;
            }
            rowParts = SplitParts(rows);
            SplitForward();
            return layers[^1].Y;
        }
        foreach (var layer in layers)
        {
            layer.Forward(current, rows, threads);
            current = layer.OutputBuffer;
        }
        return layers[^1].Y;
    }

    /// <summary>Rows in the last forward pass.</summary>
    public int Rows => layers[^1].Rows;

    /// <summary>
    /// The loss of the last forward pass against <paramref name="target"/> (rows x <see cref="Outputs"/>); from the
    /// output layer's logits where the loss has a stable form there (softmax + cross-entropy, sigmoid + binary cross-entropy).
    /// </summary>
    public double Loss(Loss loss, ReadOnlySpan<T> target)
    {
        Bind(loss);
        return BoundLossValue(target);
    }

    // The bound loss's value for the last forward pass: from the output layer's logits where the pair has that form.
    private double BoundLossValue(ReadOnlySpan<T> target)
    {
        var last = layers[^1];
        return fromLogits && logitValue(last.Activation, last.Z, target, Rows, Outputs, out double value)
            ? value
            : lossValue(last.Y, target, Rows, Outputs);
    }

    /// <summary>
    /// Backward pass for the last forward pass: propagates dLoss/dy through every layer, adding dLoss/dW and dLoss/db
    /// into <see cref="Gradients"/>. With <paramref name="inputGradient"/> it also computes <see cref="InputGradient"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<T> dOutput, bool inputGradient = false)
    {
        RequireDifferentiable();
        var last = layers[^1];
        last.Kernel.Backward(last.Z, last.Y, dOutput, last.DeltaBuffer, Rows, Outputs);
        PropagateFromOutputDelta(inputGradient, accumulate: true, null);
    }

    /// <summary>
    /// Backward pass driven by a loss: uses the fused dLoss/dz where the loss and output activation have one
    /// (softmax + cross-entropy, sigmoid + binary cross-entropy), else dLoss/dy through the activation's Jacobian.
    /// </summary>
    public void Backward(Loss loss, ReadOnlySpan<T> target, bool inputGradient = false) =>
        Backward(loss, target, inputGradient, accumulate: true, null);

    // Backward driven by a loss; with accumulate false every layer overwrites its gradients instead of adding to them.
    // ready (ComputeGradients' hook) hears of each layer's parameters once its backward is done.
    private void Backward(Loss loss, ReadOnlySpan<T> target, bool inputGradient, bool accumulate, Action<int, int>? ready)
    {
        RequireDifferentiable();
        Bind(loss);
        if (FusedDeltaOrOutputGradient(target, out var dY))
        {
            PropagateFromOutputDelta(inputGradient, accumulate, ready);
            return;
        }
        // The output layer's whole backward from dLoss/dy (one kernel for a pattern through a small layer).
        EnsureInputGradients(inputGradient);
        layers[^1].Backward(dY, OutputLayerInputGradient(inputGradient), threads, accumulate);
        Done(layers[^1], ready);
        PropagateBelowOutput(inputGradient, accumulate, ready);
    }

    // The output layer's dZ from the bound loss: fused with the output activation where the pair allows.
    private void OutputDelta(ReadOnlySpan<T> target)
    {
        if (!FusedDeltaOrOutputGradient(target, out var dY))
        {
            var last = layers[^1];
            last.Kernel.Backward(last.Z, last.Y, dY, last.DeltaBuffer, Rows, Outputs);
        }
    }

    // True with the output layer's dZ written where the loss fuses with the output activation; else false, with dLoss/dy
    // in dY (the network's buffer).
    private bool FusedDeltaOrOutputGradient(ReadOnlySpan<T> target, out Span<T> dY)
    {
        var last = layers[^1];
        if (fuses && fusedGradient(last.Activation, last.Y, target, last.DeltaBuffer, Rows, Outputs))
        {
            dY = [];
            return true;
        }
        int size = Rows * Outputs;
        if (outputGradient.Length < size)
        {
            outputGradient = new T[size];
        }
        dY = outputGradient.AsSpan(0, size);
        lossGradient(last.Y, target, dY, Rows, Outputs);
        return false;
    }

    /// <summary>dLoss/dx of the last backward pass that asked for it: rows x <see cref="Inputs"/>.</summary>
    public ReadOnlySpan<T> InputGradient => layerInputGradients.Length == 0 ? [] : layerInputGradients[0].AsSpan(0, Rows * Inputs);

    // A step on several threads splits the batch's rows once for the whole step (not per matrix product) when every layer
    // can and the step has enough arithmetic: at least this many multiply-adds in the forward pass.
    private const long SplitWork = 2L * 96 * 96 * 96;

    internal bool SplitsRows(int rows) => differentiable && SplitsForward(rows);

    // The forward pass alone splits the same way (inference needs no derivative).
    private bool SplitsForward(int rows)
    {
        if (threads < 2 || rows < 16)
        {
            return false;
        }
        long work = 0;
        foreach (var layer in layers)
        {
            if (!layer.SplitsRows)
            {
                return false;
            }
            work += (long)rows * layer.Inputs * layer.Outputs;
        }
        return work >= SplitWork;
    }

    // ComputeGradients on persistent workers in three phases, each a fork and a join of a fixed partition:
    // (1) every layer's forward pass on each part's rows; then, on this thread, the loss and the output layer's delta;
    // (2) each part's rows of every layer's delta and input gradient, top down; (3) each part's share of every layer's
    // parameter gradients (rows of dW, columns of dB), summed over all rows, each range handed to the caller's hook (the
    // trainer's update) as soon as the part has written it. Parts are claimed by whichever thread is
    // free (SplitParts), but their boundaries depend on the sizes alone, and every kernel gives each element the bits
    // the one-thread step gives it, so the result is the same for any thread count and any timing.
    private unsafe double ComputeGradientsSplit(ReadOnlySpan<T> x, ReadOnlySpan<T> target, int rows, Loss loss, bool inputGradient,
        Action<int, int>? ready, Action<int, int>? fill)
    {
        Bind(loss);
        T[] current = InputBuffer(x.Length, rows);
        foreach (var layer in layers)
        {
            layer.Prepare(current, rows);
            layer.ColumnsByPart = layer == layers[0] && layer.MultipliesColumns;
            layer.PrepareWeights(rows);
            current = layer.OutputBuffer;
        }
        EnsureInputGradients(inputGradient);
        splitInputGradient = inputGradient;
        rowParts = SplitParts(rows);
        int widest = 0;
        foreach (var layer in layers)
        {
            widest = Math.Max(widest, layer.Inputs);
        }
        gradientParts = SplitParts(widest);
        fixed (T* source = x, targets = target)
        {
            splitSource = IsInputBuffer(x) ? null : source;
            splitTarget = targets;
            splitTargetLength = target.Length;
            gradientsReady = ready;
            fillRows = fill;
            try
            {
                SplitForward();
                OutputDelta(target);
                GemmPool.RunParts(rowParts, deltaPart);
                // One more part than the parameter gradients': the loss value, taken by whichever thread is free first.
                GemmPool.RunParts(gradientParts + 1, gradientPart);
            }
            finally
            {
                layers[0].ColumnsByPart = false;
                splitSource = null;
                splitTarget = null;
                gradientsReady = null;
                fillRows = null;
            }
        }
        return splitLoss;
    }

    // Checks x (rows x Inputs) and copies it into the network's input buffer, which the first layer reads (unless x is
    // that buffer already: rows written in place by InputRows' caller).
    private T[] TakeInput(ReadOnlySpan<T> x, int rows)
    {
        T[] buffer = InputBuffer(x.Length, rows);
        if (x.Length <= 16)
        {
            // A few values (one pattern of a tiny network): element by element costs less than a memory-move call.
            for (int i = 0; i < x.Length; i++)
            {
                buffer[i] = x[i];
            }
        }
        else if (!IsInputBuffer(x))
        {
            x.CopyTo(buffer);
        }
        return buffer;
    }

    // Checks the input's size (rows x Inputs) and returns the network's input buffer, grown to hold it.
    private T[] InputBuffer(int length, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (length != rows * Inputs)
        {
            throw new ArgumentException($"Input has {length} values; {rows} rows x {Inputs} inputs = {rows * Inputs} expected.", "x");
        }
        if (input.Length < length)
        {
            input = new T[length];
        }
        return input;
    }

    /// <summary>
    /// The buffer the forward pass reads its input rows from, at least <paramref name="rows"/> rows long: a caller that
    /// writes a batch straight into it (the trainer's gather) and passes its first rows x <see cref="Inputs"/> values
    /// to <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, int, Losses.Loss, bool)"/> or
    /// <see cref="Forward"/> saves their copy of the rows. Valid until the next call that takes other input.
    /// </summary>
    internal T[] InputRows(int rows) => InputBuffer(rows * Inputs, rows);

    // True when x starts at the input buffer (rows written there by InputRows' caller): nothing to copy.
    private bool IsInputBuffer(ReadOnlySpan<T> x) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetArrayDataReference(input));

    // Parts for a split of `total` rows of C: a multiple of the threads, so that equal parts share out evenly when the
    // cores run at one speed (a core the scheduler slows claims fewer when there are several per thread), each of at
    // least SplitPartRows rows where there are that many: smaller parts run the GEMM below its best (each packs its own
    // copy of the shared operand, and the kernel's loops are shorter).
    private int SplitParts(int total)
    {
        int pool = Math.Min(threads, GemmPool.MaxParts);
        return pool * Math.Max(1, total / (pool * SplitPartRows));
    }

    // Measured on 784 x 256 x 256 products (AVX2): 128- and 256-row parts ran alike, 64- and 48-row parts 10-20% slower.
    private const int SplitPartRows = 192;

    private (int From, int To) PartRows(int part) =>
        (Gemm.PartStart<T>(Rows, part, rowParts), Gemm.PartStart<T>(Rows, part + 1, rowParts));

    // A split pass's forward: each part's rows through every layer, in one fork. Where the first layer's product reads
    // a large W in place for few rows (a small batch), a split by rows would have every part stream all of W; and in a
    // training step, where W changes every step, a split by rows needs W packed on one thread before the fork. Then the
    // first layer's product is split by columns (each part reads or packs only its share of W), its parts first
    // filling the input rows between them (FillShared), and the forward parts go on from its bias and f; one fork
    // more, the same bits.
    private unsafe void SplitForward()
    {
        firstByColumns = layers[0].SplitsColumns;
        if (firstByColumns)
        {
            fillPieces = fillRows is not null || splitSource != null ? (Rows + FillPieceRows - 1) / FillPieceRows : 0;
            nextPiece = 0;
            piecesDone = 0;
            GemmPool.RunParts(Math.Min(threads, GemmPool.MaxParts), columnPart);
        }
        GemmPool.RunParts(rowParts, forwardPart);
    }

    private void ForwardPart(int part)
    {
        var (r0, r1) = PartRows(part);
        if (firstByColumns)
        {
            layers[0].FinishRows(r0, r1);
        }
        else
        {
            FillInput(r0, r1);
            layers[0].ForwardRows(r0, r1);
        }
        for (int i = 1; i < layers.Length; i++)
        {
            layers[i].ForwardRows(r0, r1);
        }
    }

    private void ColumnPart(int part)
    {
        FillShared();
        layers[0].ForwardColumns(part, Math.Min(threads, GemmPool.MaxParts));
    }

    // The column fork's input rows, before any part reads them: pieces claimed one at a time until none is left, then
    // a wait for those the other parts claimed (a thread the scheduler runs late finds them all claimed, and no part
    // waits for a piece no thread has begun). Which thread copies a piece does not change what it writes. One fork
    // less than a fork of its own for the fill.
    private void FillShared()
    {
        int piece;
        while ((piece = Interlocked.Increment(ref nextPiece) - 1) < fillPieces)
        {
            try
            {
                FillInput(piece * FillPieceRows, Math.Min(Rows, (piece + 1) * FillPieceRows));
            }
            finally
            {
                Interlocked.Increment(ref piecesDone);
            }
        }
        var spin = new SpinWait();
        while (Volatile.Read(ref piecesDone) < fillPieces)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    // Rows r0 .. r1 of the input buffer: the caller's fill hook, or the caller's rows copied.
    private unsafe void FillInput(int r0, int r1)
    {
        fillRows?.Invoke(r0, r1);
        if (splitSource != null)
        {
            int from = r0 * Inputs, length = (r1 - r0) * Inputs;
            new ReadOnlySpan<T>(splitSource + from, length).CopyTo(input.AsSpan(from, length));
        }
    }

    private void DeltaPart(int part)
    {
        var (r0, r1) = PartRows(part);
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            var layer = layers[i];
            if (i < layers.Length - 1)
            {
                layer.DeltaRows(layerInputGradients[i + 1].AsSpan(0, Rows * layer.Outputs), r0, r1);
            }
            if (i > 0 || splitInputGradient)
            {
                layer.InputGradientRows(layerInputGradients[i].AsSpan(0, Rows * layer.Inputs), r0, r1);
            }
        }
    }

    private unsafe void GradientPart(int part)
    {
        if (part == gradientParts)
        {
            splitLoss = BoundLossValue(new ReadOnlySpan<T>(splitTarget, splitTargetLength));
            return;
        }
        // A layer with fewer inputs takes fewer parts (at least SplitPartRows rows of dW each where there are enough):
        // each part packs all of that layer's dZ, which costs more than its share of a small dW saves.
        foreach (var layer in layers)
        {
            int parts = Math.Min(gradientParts, SplitParts(layer.Inputs));
            if (part < parts)
            {
                layer.ParameterGradientsPart(part, parts, gradientsReady);
            }
        }
    }

    /// <summary>Sets every gradient to 0 (backward passes accumulate).</summary>
    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>
    /// One training step's gradient: forward, loss, backward into <see cref="Gradients"/>, which it overwrites (as
    /// <see cref="ZeroGradients"/> then <see cref="Backward(Losses.Loss, ReadOnlySpan{T}, bool)"/> would, without the
    /// pass that clears them). Returns the loss.
    /// </summary>
    public double ComputeGradients(ReadOnlySpan<T> x, ReadOnlySpan<T> target, int rows, Loss loss, bool inputGradient = false)
    {
        if (rows == 1 && rowKernels && differentiable)
        {
            return RowGradients(x, target, loss, inputGradient);
        }
        return ComputeGradients(x, target, rows, loss, inputGradient, null, null);
    }

    /// <summary>
    /// <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, int, Losses.Loss, bool)"/> on a batch (not the
    /// one-row path) that calls <paramref name="ready"/>(from, to) once for each of disjoint ranges covering all
    /// parameters, as soon as the gradients in the range are final and the step reads neither them nor those parameters
    /// again: the trainer updates a layer's parameters while its gradient is still in cache. On several threads the
    /// calls come from the pool's threads, several at once. <paramref name="fill"/>(r0, r1), where given, writes rows
    /// r0 .. r1 of <paramref name="x"/> and <paramref name="target"/> before the step reads them, once for each of
    /// disjoint ranges covering all rows (each forward part its own rows, on the thread that multiplies them).
    /// </summary>
    internal double ComputeGradients(ReadOnlySpan<T> x, ReadOnlySpan<T> target, int rows, Loss loss, bool inputGradient,
        Action<int, int>? ready, Action<int, int>? fill)
    {
        if (SplitsRows(rows))
        {
            return ComputeGradientsSplit(x, target, rows, loss, inputGradient, ready, fill);
        }
        fill?.Invoke(0, rows);
        Forward(x, rows);
        double value = Loss(loss, target);
        Backward(loss, target, inputGradient, accumulate: false, ready);
        return value;
    }

    // ComputeGradients for one pattern when every layer has row kernels: the same layer calls as the general path makes
    // for one row (so the same bits), without its checks for splitting and its sizing passes over the layers; the step
    // of W1 (a 2-4-1 network, one pattern per update) is mostly such overhead (calling Loss and Backward here instead
    // measured about 15% slower on W1).
    private double RowGradients(ReadOnlySpan<T> x, ReadOnlySpan<T> target, Loss loss, bool inputGradient)
    {
        T[] current = TakeInput(x, 1);
        if (!ReferenceEquals(loss, boundLoss))
        {
            Bind(loss);
        }
        foreach (var layer in layers)
        {
            layer.ForwardRow(current);
            current = layer.OutputBuffer;
        }
        double value = BoundLossValue(target);
        if (layerInputGradients.Length != layers.Length || (inputGradient && layerInputGradients[0] is null))
        {
            EnsureInputGradients(inputGradient);
        }
        Span<T> dX = OutputLayerInputGradient(inputGradient);
        if (FusedDeltaOrOutputGradient(target, out var dY))
        {
            layers[^1].BackwardFromDelta(dX, 1, accumulate: false);
        }
        else
        {
            layers[^1].Backward(dY, dX, 1, accumulate: false);
        }
        PropagateBelowOutput(inputGradient, accumulate: false, null);
        return value;
    }

    /// <summary>
    /// A network on this one's <see cref="Parameters"/> array (and <see cref="Gradients"/>), not a copy, with
    /// activation buffers of its own: it runs <see cref="Forward"/> on another thread while this one does, and sees
    /// every later change to the weights. Serving code keeps one per thread (as <c>Model.Predict</c> does); training
    /// either network while the other runs is not safe.
    /// </summary>
    public Network<T> WithSharedParameters() => new(Spec, parameters, Gradients, weightState) { Threads = threads };

    /// <summary>A copy with the same architecture and parameters.</summary>
    public Network<T> Clone()
    {
        var copy = new Network<T>(Spec) { Threads = threads };
        parameters.CopyTo(copy.parameters, 0);
        copy.ParametersChanged();
        return copy;
    }

    /// <summary>Draws all parameters anew from <paramref name="random"/>; <paramref name="initializer"/> null picks one per layer.</summary>
    public void Initialize(Random random, Initializer? initializer = null)
    {
        foreach (var layer in layers)
        {
            layer.Initialize(random, initializer ?? NetworkSpec.DefaultInitializer(layer.Activation));
        }
        ParametersChanged();
    }

    /// <summary>The architecture, e.g. <c>Dense(2 -> 4, Sigmoid) -> Dense(4 -> 1, Sigmoid)</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var layer in layers)
        {
            if (text.Length > 0)
            {
                text.Append(" -> ");
            }
            text.Append(layer);
        }
        return text.ToString();
    }

    /// <summary>Why gradients cannot train this network, naming the first layer with a step activation.</summary>
    internal string StepRefusal()
    {
        foreach (var layer in layers)
        {
            if (!layer.Activation.IsDifferentiable)
            {
                return $"{layer} uses the step activation, whose derivative is 0 wherever it exists, so backpropagation cannot " +
                    "train it. Use a differentiable activation (sigmoid, tanh, relu, ...) or a classic rule from Backprop.Rules (e.g. the perceptron).";
            }
        }
        return $"{this} can be trained by gradients.";
    }

    private void Bind(Loss loss)
    {
        if (!ReferenceEquals(loss, boundLoss))
        {
            ArgumentNullException.ThrowIfNull(loss);
            lossValue = loss.Value<T>;
            logitValue = loss.TryValueFromLogits<T>;
            lossGradient = loss.Gradient<T>;
            fusedGradient = loss.TryFusedGradient<T>;
            // Whether the loss fuses with the output activation depends on their types alone: ask once, on scratch values.
            int cols = Outputs;
            fuses = loss.TryFusedGradient<T>(layers[^1].Activation, new T[cols], new T[cols], new T[cols], 1, cols);
            fromLogits = loss.TryValueFromLogits<T>(layers[^1].Activation, new T[cols], new T[cols], 1, cols, out _);
            boundLoss = loss;
        }
    }

    private void RequireDifferentiable()
    {
        if (!IsDifferentiable)
        {
            throw new InvalidOperationException(StepRefusal());
        }
        if (Rows == 0)
        {
            throw new InvalidOperationException("Backward needs a forward pass first.");
        }
    }

    // dLoss/dx buffers for every layer that needs one (all but the first, and the first when asked), sized for Rows.
    private void EnsureInputGradients(bool inputGradient)
    {
        if (layerInputGradients.Length != layers.Length)
        {
            layerInputGradients = new T[layers.Length][];
        }
        for (int i = inputGradient ? 0 : 1; i < layers.Length; i++)
        {
            int size = Rows * layers[i].Inputs;
            if (layerInputGradients[i] is null || layerInputGradients[i].Length < size)
            {
                layerInputGradients[i] = new T[size];
            }
        }
    }

    private void PropagateFromOutputDelta(bool inputGradient, bool accumulate, Action<int, int>? ready)
    {
        EnsureInputGradients(inputGradient);
        layers[^1].BackwardFromDelta(OutputLayerInputGradient(inputGradient), threads, accumulate);
        Done(layers[^1], ready);
        PropagateBelowOutput(inputGradient, accumulate, ready);
    }

    // A layer's backward is done: its gradients are final and the step reads its parameters no more.
    private static void Done(Layer<T> layer, Action<int, int>? ready) => ready?.Invoke(layer.Offset, layer.Offset + layer.ParameterCount);

    // Where the output layer writes dLoss/dx: the buffer of the layer below, or nothing for a one-layer network not asked for it.
    private Span<T> OutputLayerInputGradient(bool inputGradient) =>
        layers.Length > 1 || inputGradient ? layerInputGradients[^1].AsSpan(0, Rows * layers[^1].Inputs) : [];

    // Every layer below the output one, top down, from the dLoss/dx of the layer above.
    private void PropagateBelowOutput(bool inputGradient, bool accumulate, Action<int, int>? ready)
    {
        for (int i = layers.Length - 2; i >= 0; i--)
        {
            var layer = layers[i];
            Span<T> dX = i > 0 || inputGradient ? layerInputGradients[i].AsSpan(0, Rows * layer.Inputs) : [];
            layer.Backward(layerInputGradients[i + 1].AsSpan(0, Rows * layer.Outputs), dX, threads, accumulate);
            Done(layer, ready);
        }
    }
}
