using System.Numerics;
using Backprop.Activations;

namespace Backprop.Layers;

/// <summary>What a layer is, without its numbers: enough to build it, print it and save it.</summary>
public abstract record LayerSpec
{
    /// <summary>Units (outputs per pattern).</summary>
    public abstract int Units { get; }

    /// <summary>Builds the layer for the given number of inputs.</summary>
    internal abstract Layer<T> Create<T>(int inputs) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Weights and biases a layer with this spec has for the given inputs.</summary>
    public abstract int ParameterCount(int inputs);
}

/// <summary>A fully connected layer: z = x W + b, y = f(z). <paramref name="Bias"/> false leaves b out.</summary>
public sealed record DenseSpec(int Units, Activation Activation, bool Bias = true) : LayerSpec
{
    /// <inheritdoc />
    public override int Units { get; } = Units > 0 ? Units : throw new ArgumentOutOfRangeException(nameof(Units), Units, "A layer needs at least one unit.");

    /// <inheritdoc />
    internal override Layer<T> Create<T>(int inputs) => new Dense<T>(inputs, this);

    /// <inheritdoc />
    public override int ParameterCount(int inputs) => inputs * Units + (Bias ? Units : 0);

    /// <inheritdoc />
    public override string ToString() => $"Dense({Units}, {Activation}{(Bias ? "" : ", no bias")})";
}

/// <summary>A layer of Gaussian radial-basis units y_j = exp(-beta_j ||x - c_j||^2) with learnable centres and widths.</summary>
public sealed record RbfSpec(int Units) : LayerSpec
{
    /// <inheritdoc />
    public override int Units { get; } = Units > 0 ? Units : throw new ArgumentOutOfRangeException(nameof(Units), Units, "A layer needs at least one unit.");

    /// <inheritdoc />
    internal override Layer<T> Create<T>(int inputs) => new Rbf<T>(inputs, this);

    /// <inheritdoc />
    public override int ParameterCount(int inputs) => inputs * Units + Units;

    /// <inheritdoc />
    public override string ToString() => $"Rbf({Units})";
}
