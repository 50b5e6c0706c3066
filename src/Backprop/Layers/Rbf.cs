using System.Numerics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Gaussian radial-basis units: z_j = ||x - c_j||^2, y_j = exp(-beta_j z_j). Parameters: centres C (units x in,
/// row-major) then widths beta (units). Centres start as N(0, 1) draws (inputs are usually standardized), beta at 1.
/// </summary>
public sealed class Rbf<T> : Layer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly RbfSpec spec;

    internal Rbf(int inputs, RbfSpec spec) : base(inputs, spec.Units) => this.spec = spec;

    /// <inheritdoc />
    public override int ParameterCount => spec.ParameterCount(Inputs);

    /// <inheritdoc />
    public override LayerSpec Spec => spec;

    /// <summary>
    /// The Gaussian's derivative is taken inside the layer's own backward, so the generic step passes dLoss/dy through:
    /// for this layer <see cref="Layer{T}.Delta"/> holds dLoss/dy.
    /// </summary>
    public override Activation Activation => Activation.Identity;

    /// <summary>Centres, units x in.</summary>
    public Span<T> Centres => Parameters[..(Inputs * Outputs)];

    /// <summary>Widths beta, one per unit.</summary>
    public Span<T> Widths => Parameters[(Inputs * Outputs)..];

    /// <inheritdoc />
    public override void Initialize(Random random, Initializer initializer)
    {
        var c = Centres;
        var standardNormal = Initializer.Normal(1.0);
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = T.CreateChecked(standardNormal.Sample(random, Inputs, Outputs));
        }
        Widths.Fill(T.One);
    }

    /// <inheritdoc />
    protected override void Forward(ReadOnlySpan<T> x, Span<T> z, Span<T> y, int threads)
    {
        var p = Parameters;
        Kernels.SquaredDistances<T>(x, p[..(Inputs * Outputs)], z, Rows, Inputs, Outputs);
        Kernels.Gaussian<T>(z, p[(Inputs * Outputs)..], y, Rows, Outputs);
    }

    /// <inheritdoc />
    protected override void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dZ, ReadOnlySpan<T> parameters, Span<T> gradients,
        Span<T> dX, int threads, bool accumulate)
    {
        if (!accumulate)
        {
            gradients.Clear();
        }
        int centres = Inputs * Outputs;
        Kernels.GaussianBackward(x, parameters[..centres], parameters[centres..], Z, Y, dZ, gradients[..centres],
            gradients[centres..], dX, Rows, Inputs, Outputs);
    }

    /// <inheritdoc />
    public override string ToString() => $"Rbf({Inputs} -> {Outputs}, Gaussian)";
}
