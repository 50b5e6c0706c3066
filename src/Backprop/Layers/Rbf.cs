using System.Numerics;
using Backprop.Activations;
using Backprop.Numerics;
using Backprop.Persistence;

namespace Backprop.Layers;

/// <summary>A layer of Gaussian radial-basis units y_j = exp(-beta_j ||x - c_j||^2) with learnable centres and widths.</summary>
public sealed record RbfSpec(int Units) : LayerSpec
{
    /// <summary>RBF layers in model files: tag 1 and the unit count, nothing else; offered as hidden units (<c>rbf</c>).</summary>
    internal static LayerKind Declared { get; } = new("rbf", 1, (ref BodyReader _, int units, int _) => new RbfSpec(units), units => new RbfSpec(units));

    /// <inheritdoc />
    public override int Units { get; } = CheckUnits(Units);

    /// <inheritdoc />
    public override LayerKind Kind => Declared;

    /// <inheritdoc />
    internal override Layer<T> Create<T>(int inputs) => new Rbf<T>(inputs, this);

    /// <inheritdoc />
    public override int ParameterCount(int inputs) => inputs * Units + Units;

    /// <inheritdoc />
    public override string ToString() => $"Rbf({Units})";
}

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

    /// <summary>
    /// ONNX: <c>Exp(Mul(ReduceSum(Mul(d, d), axis 2), -beta))</c> with <c>d = Sub(Unsqueeze(x, 1), C)</c>, the
    /// batch x units x inputs differences as the layer computes them: the shorter ||x||^2 - 2 x.c + ||c||^2 would lose
    /// digits to cancellation.
    /// </summary>
    internal override string AddOnnx(OnnxGraph graph, string x, string name)
    {
        string centres = graph.Floats($"{name}.centres", [Outputs, Inputs], OnnxGraph.ToFloats<T>(Centres));
        string rows = graph.Node("Unsqueeze", [x, graph.Ints("axis1", [1])]);
        string difference = graph.Node("Sub", [rows, centres]);
        string squares = graph.Node("Mul", [difference, difference]);
        string distance = graph.Node("ReduceSum", [squares, graph.Ints("axis2", [2])], ("keepdims", 0));
        var negativeWidths = OnnxGraph.ToFloats<T>(Widths);
        for (int j = 0; j < negativeWidths.Length; j++)
        {
            negativeWidths[j] = -negativeWidths[j];
        }
        string exponent = graph.Node("Mul", [distance, graph.Floats($"{name}.negative_widths", [Outputs], negativeWidths)]);
        return graph.Node("Exp", [exponent]);
    }

    /// <inheritdoc />
    public override string ToString() => $"Rbf({Inputs} -> {Outputs}, Gaussian)";
}
