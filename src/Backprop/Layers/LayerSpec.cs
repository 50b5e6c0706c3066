using System.Numerics;

namespace Backprop.Layers;

/// <summary>What a layer is, without its numbers: enough to build it, print it and save it.</summary>
public abstract record LayerSpec
{
    /// <summary>Units (outputs per pattern).</summary>
    public abstract int Units { get; }

    /// <summary>The kind: name, model-file tag and reader.</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>Builds the layer for the given number of inputs.</summary>
    internal abstract Layer<T> Create<T>(int inputs) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Weights and biases a layer with this spec has for the given inputs.</summary>
    public abstract int ParameterCount(int inputs);

    /// <summary>Writes this kind's own fields to a model file, after the tag and the unit count (none by default).</summary>
    internal virtual void WriteFields(BinaryWriter writer)
    {
    }

    /// <summary>The unit count, checked: at least one.</summary>
    protected static int CheckUnits(int units) =>
        units > 0 ? units : throw new ArgumentOutOfRangeException(nameof(units), units, "A layer needs at least one unit.");
}
