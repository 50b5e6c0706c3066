using Backprop.Persistence;

namespace Backprop.Layers;

/// <summary>
/// A kind of layer as files and the command line know it: its name, its tag in model files and how it reads its own
/// fields back. Each kind declares itself beside its layer (e.g. <c>DenseSpec.Declared</c>) and is listed
/// once in <see cref="All"/>; nothing else switches over kinds.
/// </summary>
public sealed class LayerKind
{
    internal delegate LayerSpec FieldReader(ref BodyReader reader, int units, int layer);

    internal LayerKind(string name, byte tag, FieldReader read, Func<int, LayerSpec>? fromUnits = null)
    {
        Name = name;
        Tag = tag;
        Read = read;
        FromUnits = fromUnits;
    }

    /// <summary>The name, e.g. <c>dense</c>, <c>rbf</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Builds a layer of this kind from its unit count alone, for kinds that need nothing else (radial-basis units); null
    /// for kinds that need more (a dense layer needs an activation). The command line offers these as hidden units.
    /// </summary>
    public Func<int, LayerSpec>? FromUnits { get; }

    /// <summary>The byte that opens this kind's entry in a model file.</summary>
    internal byte Tag { get; }

    /// <summary>Reads the fields <see cref="LayerSpec.WriteFields"/> wrote, after the tag and the unit count.</summary>
    internal FieldReader Read { get; }

    /// <summary>The registry: every layer kind, one line each.</summary>
    public static IReadOnlyList<LayerKind> All { get; } =
    [
        DenseSpec.Declared,
        RbfSpec.Declared,
    ];

    /// <summary>The kind with this model-file tag, or null.</summary>
    internal static LayerKind? FromTag(byte tag)
    {
        foreach (var kind in All)
        {
            if (kind.Tag == tag)
            {
                return kind;
            }
        }
        return null;
    }

    /// <summary>The kind with this name (any case), or null.</summary>
    public static LayerKind? Find(string name)
    {
        foreach (var kind in All)
        {
            if (string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
