using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Numerics;
using Backprop.Persistence;

namespace Backprop.Layers;

/// <summary>A fully connected layer: z = x W + b, y = f(z). <paramref name="Bias"/> false leaves b out.</summary>
public sealed record DenseSpec(int Units, Activation Activation, bool Bias = true) : LayerSpec
{
    /// <summary>Dense layers in model files: tag 0, then the activation's name and the bias flag.</summary>
    internal static LayerKind Declared { get; } = new("dense", 0, Read);

    /// <inheritdoc />
    public override int Units { get; } = CheckUnits(Units);

    /// <inheritdoc />
    public override LayerKind Kind => Declared;

    /// <inheritdoc />
    internal override Layer<T> Create<T>(int inputs) => new Dense<T>(inputs, this);

    /// <inheritdoc />
    public override int ParameterCount(int inputs) => inputs * Units + (Bias ? Units : 0);

    internal override void WriteFields(BinaryWriter writer)
    {
        ModelFile.WriteString(writer, Activation.Name);
        writer.Write(Bias);
    }

    private static LayerSpec Read(ref BodyReader r, int units, int layer)
    {
        string name = r.String("activation name");
        Activation activation = r.Build($"activation of layer {layer}", () => Activation.Parse(name));
        byte bias = r.Byte("bias flag");
        if (bias > 1)
            throw r.Corrupt($"bias flag {bias} of layer {layer} is neither 0 nor 1");
        return new DenseSpec(units, activation, bias == 1);
    }

    /// <inheritdoc />
    public override string ToString() => $"Dense({Units}, {Activation}{(Bias ? "" : ", no bias")})";
}

/// <summary>
/// Fully connected layer: Z = X W + b, Y = f(Z). X: rows x in, W: in x out (W[k, j] is the notes' w_jk, from input k
/// to unit j), b: out. Parameters are laid out as W (row-major) then b.
/// </summary>
public sealed class Dense<T> : Layer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly DenseSpec spec;
    // The weights packed for this pass's GEMM (null where it reads them unpacked), and this view's own copy for when
    // the parameters escaped (WeightState).
    private PackedMatrix<T>? packed, ownPacked;

    internal Dense(int inputs, DenseSpec spec) : base(inputs, spec.Units) => this.spec = spec;

    /// <inheritdoc />
    public override int ParameterCount => spec.ParameterCount(Inputs);

    /// <inheritdoc />
    public override LayerSpec Spec => spec;

    /// <inheritdoc />
    public override Activation Activation => spec.Activation;

    /// <summary>True when the layer has biases.</summary>
    public bool HasBias => spec.Bias;

    /// <summary>Weights, in x out.</summary>
    public Span<T> Weights => Parameters[..(Inputs * Outputs)];

    /// <summary>Biases (empty when the layer has none).</summary>
    public Span<T> Biases => Parameters[(Inputs * Outputs)..];

    private Span<T> WeightValues => ParameterValues[..(Inputs * Outputs)];

    private Span<T> BiasValues => ParameterValues[(Inputs * Outputs)..];

    // The GEMM would pack W on this pass: pack it once for the pass and its parts, or take the copy still current.
    // Not where the split step's column parts pack their own panels.
    internal override void PrepareWeights(int rows) =>
        packed = !ColumnsByPart && Gemm.PacksB<T>(rows, Inputs, Outputs) ? WeightVersions.Packed(Index, WeightValues, Inputs, Outputs, ref ownPacked) : null;

    // One pattern through a small layer: the matrix-vector kernels, which give GEMM's bits without its dispatch.
    private bool IsSmallRow => Rows == 1 && IsSmall;

    private bool IsSmall => Inputs * Outputs <= Gemm.DirectWork;

    internal override bool HasRowKernels => IsSmall;

    protected private override void ComputeRow()
    {
        ref T w = ref ParametersAt;
        Kernel.DenseRow(ref InputAt, ref w, ref BiasesAt(ref w), spec.Bias, ref ZAt, ref YAt, Inputs, Outputs);
    }

    // The biases after the weights; without biases the weights' start stands in (never read), so that no reference points
    // past the layer's parameters.
    private ref T BiasesAt(ref T weights) => ref spec.Bias ? ref Unsafe.Add(ref weights, Inputs * Outputs) : ref weights;

    /// <inheritdoc />
    public override void Initialize(Random random, Initializer initializer)
    {
        var w = WeightValues;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = T.CreateChecked(initializer.Sample(random, Inputs, Outputs));
        }
        BiasValues.Clear();
        WeightsChanged();
    }

    /// <inheritdoc />
    protected override void Forward(ReadOnlySpan<T> x, Span<T> z, Span<T> y, int threads)
    {
        var p = ParameterValues;
        int weights = Inputs * Outputs;
        if (IsSmallRow)
        {
            Kernels.Require(x.Length >= Inputs && z.Length >= Outputs && y.Length >= Outputs, nameof(x), Inputs + 2 * Outputs,
                Math.Min(x.Length, Math.Min(z.Length, y.Length)));
            ref T w = ref MemoryMarshal.GetReference(p);
            Kernel.DenseRow(ref MemoryMarshal.GetReference(x), ref w, ref BiasesAt(ref w), spec.Bias, ref MemoryMarshal.GetReference(z),
                ref MemoryMarshal.GetReference(y), Inputs, Outputs);
            return;
        }
        // One thread: bias and f on each tile as the GEMM finishes it, not in a pass of their own.
        if (packed is not null && spec.Bias && threads == 1 && Kernel.DenseForwardPacked(x, packed, p[weights..], z, y, Rows, Inputs, Outputs, 0, Rows))
            return;
        if (packed is not null)
            Gemm.MultiplyPacked(x, p[..weights], packed, z, Rows, Inputs, Outputs, 0, Rows, threads);
        else
            Gemm.Multiply<T>(x, p[..weights], z, Rows, Inputs, Outputs, threads: threads);
        if (spec.Bias)
        {
            Kernel.ForwardWithBias(p[weights..], z, y, Rows, Outputs);
        }
        else
        {
            Kernel.Forward(z, y, Rows, Outputs);
        }
    }

    internal override bool SplitsRows => true;

    // The whole-batch Forward's operations on rows r0 .. r1: the same GEMM kernel (chosen for the whole shape), then
    // bias and f on those rows.
    protected private override void ComputeRows(ReadOnlySpan<T> x, Span<T> z, Span<T> y, int r0, int r1)
    {
        var p = ParameterValues;
        int weights = Inputs * Outputs;
        if (packed is not null && spec.Bias && Kernel.DenseForwardPacked(x, packed, p[weights..], z, y, Rows, Inputs, Outputs, r0, r1))
            return;
        if (packed is not null)
            Gemm.MultiplyPacked(x, p[..weights], packed, z, Rows, Inputs, Outputs, r0, r1, 1);
        else
            Gemm.MultiplyRows<T>(x, p[..weights], z, Rows, Inputs, Outputs, false, false, false, r0, r1);
        FinishRows(z, y, r0, r1);
    }

    // Each column part reads (few rows) or packs (many) only its panels of W.
    internal override bool SplitsColumns => ColumnsByPart || (packed is null && Gemm.SplitsColumns<T>(Rows, Inputs, Outputs));

    internal override bool MultipliesColumns => Gemm.MultipliesColumns<T>(Rows, Inputs, Outputs);

    protected private override void ComputeColumns(ReadOnlySpan<T> x, Span<T> z, int part, int parts) =>
        Gemm.MultiplyColumns<T>(x, WeightValues, z, Rows, Inputs, Outputs, part, parts);

    protected private override void FinishRows(Span<T> z, Span<T> y, int r0, int r1)
    {
        int from = r0 * Outputs, length = (r1 - r0) * Outputs;
        if (spec.Bias)
        {
            Kernel.ForwardWithBias(BiasValues, z.Slice(from, length), y.Slice(from, length), r1 - r0, Outputs);
        }
        else
        {
            Kernel.Forward(z.Slice(from, length), y.Slice(from, length), r1 - r0, Outputs);
        }
    }

    internal override void InputGradientRows(Span<T> dX, int r0, int r1) =>
        Gemm.MultiplyRows<T>(Delta, WeightValues, dX, Rows, Outputs, Inputs, false, true, false, r0, r1);

    // Rows of dW and columns of dB, in fixed shares: each element is the whole-batch Backward's sum over all rows.
    internal override void ParameterGradientsPart(int part, int parts, Action<int, int>? ready)
    {
        int weights = Inputs * Outputs;
        var gradients = Gradients;
        int i0 = Gemm.PartStart<T>(Inputs, part, parts), i1 = Gemm.PartStart<T>(Inputs, part + 1, parts);
        Gemm.MultiplyRows<T>(Input, Delta, gradients[..weights], Inputs, Rows, Outputs, true, false, false, i0, i1);
        ready?.Invoke(Offset + i0 * Outputs, Offset + i1 * Outputs);
        if (spec.Bias)
        {
            int c0 = (int)((long)Outputs * part / parts), c1 = (int)((long)Outputs * (part + 1) / parts);
            Kernels.ColumnSumsRange(Delta, gradients[weights..], Rows, Outputs, c0, c1);
            ready?.Invoke(Offset + weights + c0, Offset + weights + c1);
        }
    }

    // One pattern through a small layer: dZ from dY and the dense row backward in one kernel call.
    protected private override bool BackwardRow(ReadOnlySpan<T> dY, Span<T> dX)
    {
        if (!IsSmallRow)
        {
            return false;
        }
        Kernels.Require(dY.Length >= Outputs && (dX.IsEmpty || dX.Length >= Inputs), nameof(dY), Outputs, dY.Length);
        ref T dW = ref GradientsAt;
        Kernel.DenseRowBackward(ref ZAt, ref YAt, ref MemoryMarshal.GetReference(dY), ref DeltaAt, ref InputAt, ref ParametersAt, ref dW,
            ref BiasesAt(ref dW), spec.Bias, ref MemoryMarshal.GetReference(dX), !dX.IsEmpty, Inputs, Outputs);
        return true;
    }

    /// <inheritdoc />
    protected override void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dZ, ReadOnlySpan<T> parameters, Span<T> gradients,
        Span<T> dX, int threads, bool accumulate)
    {
        int weights = Inputs * Outputs;
        if (IsSmallRow && !accumulate)
        {
            Kernels.DenseRowBackward(x, dZ, parameters[..weights], gradients[..weights], gradients[weights..], dX, Inputs, Outputs);
            return;
        }
        Gemm.Multiply(x, dZ, gradients[..weights], Inputs, Rows, Outputs, transA: true, accumulate: accumulate, threads: threads);
        if (spec.Bias && accumulate)
        {
            Kernels.AddColumnSums(dZ, gradients[weights..], Rows, Outputs);
        }
        else if (spec.Bias)
        {
            Kernels.ColumnSums(dZ, gradients[weights..], Rows, Outputs);
        }
        if (!dX.IsEmpty)
        {
            Gemm.Multiply(dZ, parameters[..weights], dX, Rows, Outputs, Inputs, transB: true, threads: threads);
        }
    }

    /// <summary>ONNX: <c>Gemm(x, W, b)</c>, or <c>MatMul(x, W)</c> without bias, then the activation's nodes.</summary>
    internal override string AddOnnx(OnnxGraph graph, string x, string name)
    {
        string w = graph.Floats($"{name}.weights", [Inputs, Outputs], OnnxGraph.ToFloats<T>(WeightValues));
        string z = HasBias
            ? graph.Node("Gemm", [x, w, graph.Floats($"{name}.biases", [Outputs], OnnxGraph.ToFloats<T>(BiasValues))])
            : graph.Node("MatMul", [x, w]);
        return Activation.AddOnnx(graph, z);
    }

    /// <summary>
    /// ONNX of this layer with the input scaler x' = (x - mean) / scale folded in, on raw x: <c>Gemm(x, W', b')</c> with
    /// W'[k, j] = W[k, j] / scale[k] and b'[j] = b[j] - sum over k of mean[k] W'[k, j] (computed in double, then rounded
    /// to float), so the graph has no separate Sub and Div passes over the input.
    /// </summary>
    internal string AddOnnxFolded(OnnxGraph graph, string x, string name, StandardScaler scaler)
    {
        ReadOnlySpan<T> weights = WeightValues, biases = BiasValues;
        var folded = new float[weights.Length];
        var bias = new double[Outputs];
        for (int j = 0; j < Outputs; j++)
        {
            bias[j] = HasBias ? double.CreateChecked(biases[j]) : 0;
        }
        for (int k = 0; k < Inputs; k++)
        {
            double scale = scaler.Scale[k], mean = scaler.Mean[k];
            for (int j = 0; j < Outputs; j++)
            {
                double w = double.CreateChecked(weights[k * Outputs + j]) / scale;
                folded[k * Outputs + j] = (float)w;
                bias[j] -= mean * w;
            }
        }
        string z = graph.Node("Gemm", [x, graph.Floats($"{name}.weights", [Inputs, Outputs], folded),
            graph.Floats($"{name}.biases", [Outputs], OnnxGraph.ToFloats<double>(bias))]);
        return Activation.AddOnnx(graph, z);
    }

    /// <inheritdoc />
    public override string ToString() => $"Dense({Inputs} -> {Outputs}, {Activation}{(spec.Bias ? "" : ", no bias")})";
}
