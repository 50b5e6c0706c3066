using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;

namespace Backprop;

/// <summary>
/// A network's architecture: the input width and its layers, input side first. Immutable; the fluent methods return
/// a new spec. <c>NetworkSpec.Input(2).Dense(4, Activation.Sigmoid).Dense(1, Activation.Sigmoid).Build&lt;double&gt;(seed: 1)</c>.
/// </summary>
public sealed record NetworkSpec
{
    /// <summary>Creates a spec; <paramref name="layers"/> may be empty only while it is being built.</summary>
    public NetworkSpec(int inputs, IReadOnlyList<LayerSpec> layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        Inputs = inputs;
        Layers = layers;
    }

    /// <summary>Inputs per pattern.</summary>
    public int Inputs { get; }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; }

    /// <summary>Starts a spec with <paramref name="inputs"/> inputs and no layers.</summary>
    public static NetworkSpec Input(int inputs) => new(inputs, []);

    /// <summary>Appends a dense layer.</summary>
    public NetworkSpec Dense(int units, Activation activation, bool bias = true) => Append(new DenseSpec(units, activation, bias));

    /// <summary>Appends a layer of Gaussian radial-basis units.</summary>
    public NetworkSpec Rbf(int units) => Append(new RbfSpec(units));

    /// <summary>Appends any layer.</summary>
    public NetworkSpec Append(LayerSpec layer) => new(Inputs, [.. Layers, layer]);

    /// <summary>Weights plus biases of a network with this architecture.</summary>
    public int ParameterCount
    {
        get
        {
            int inputs = Inputs;
            int count = 0;
            foreach (var layer in Layers)
            {
                count += layer.ParameterCount(inputs);
                inputs = layer.Units;
            }
            return count;
        }
    }

    /// <summary>
    /// Builds the network with parameters drawn from <c>new Random(seed)</c>: the same seed gives the same weights.
    /// <paramref name="initializer"/> null picks He for ReLU-like layers and Xavier for the others.
    /// </summary>
    public Network<T> Build<T>(int seed = 0, Initializer? initializer = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Layers.Count == 0)
        {
            throw new InvalidOperationException("A network needs at least one layer.");
        }
        var network = new Network<T>(this);
        network.Initialize(new Random(seed), initializer);
        return network;
    }

    /// <summary>The activation's own default: He for ReLU-like units, Xavier otherwise.</summary>
    public static Initializer DefaultInitializer(Activation activation) => activation.DefaultInitializer;

    /// <summary>The architecture, e.g. <c>2 -> Dense(4, Sigmoid) -> Dense(1, Sigmoid)</c>.</summary>
    public override string ToString() => $"{Inputs} -> {string.Join(" -> ", Layers)}";

    /// <inheritdoc />
    public bool Equals(NetworkSpec? other) =>
        other is not null && Inputs == other.Inputs && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Inputs, Layers.Count);
}
