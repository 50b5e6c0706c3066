using System.Numerics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Fully connected layer: Z = X W + b, Y = f(Z). X: rows x in, W: in x out (W[k, j] is the notes' w_jk, from input k
/// to unit j), b: out. Parameters are laid out as W (row-major) then b.
/// </summary>
public sealed class Dense<T> : Layer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly DenseSpec spec;

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

    /// <inheritdoc />
    public override void Initialize(Random random, Initializer initializer)
    {
        var w = Weights;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = T.CreateChecked(initializer.Sample(random, Inputs, Outputs));
        }
        Biases.Clear();
    }

    /// <inheritdoc />
    protected override void Forward(ReadOnlySpan<T> x, Span<T> z, Span<T> y, int threads)
    {
        var p = Parameters;
        Gemm.Multiply<T>(x, p[..(Inputs * Outputs)], z, Rows, Inputs, Outputs, threads: threads);
        if (spec.Bias)
        {
            Activation.ForwardWithBias<T>(p[(Inputs * Outputs)..], z, y, Rows, Outputs);
        }
        else
        {
            Activation.Forward<T>(z, y, Rows, Outputs);
        }
    }

    /// <inheritdoc />
    protected override void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dZ, ReadOnlySpan<T> parameters, Span<T> gradients,
        Span<T> dX, int threads, bool accumulate)
    {
        int weights = Inputs * Outputs;
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

    /// <inheritdoc />
    public override string ToString() => $"Dense({Inputs} -> {Outputs}, {Activation}{(spec.Bias ? "" : ", no bias")})";
}
