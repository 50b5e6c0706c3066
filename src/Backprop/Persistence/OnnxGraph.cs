using System.Buffers.Binary;
using System.Numerics;
using System.Reflection;

namespace Backprop.Persistence;

/// <summary>
/// An ONNX graph being built: each layer and activation adds its own nodes (<c>AddOnnx</c>), the exporter frames them.
/// Collects nodes and initializers, then writes the ModelProto. Field numbers are those of onnx.proto:
/// the comment on each write names the message and field.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int FloatType = 1;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64Type = 7;

    private readonly List<NodeRecord> nodes = [];
    private readonly List<TensorRecord> initializers = [];
    private readonly List<(string Name, int Type, int? Width)> outputs = [];

    /// <summary>Adds a node with a fresh output name and returns that name.</summary>
    public string Node(string op, string[] inputs, params (string Name, long Value)[] attributes)
    {
        string output = $"{op.ToLowerInvariant()}{nodes.Count}";
        nodes.Add(new NodeRecord(op, inputs, output, attributes, []));
        return output;
    }

    /// <summary>Adds a node with one float attribute (e.g. LeakyRelu's alpha) and returns its output name.</summary>
    public string Node(string op, string[] inputs, string attribute, float value)
    {
        string output = $"{op.ToLowerInvariant()}{nodes.Count}";
        nodes.Add(new NodeRecord(op, inputs, output, [], [(attribute, value)]));
        return output;
    }

    /// <summary>A float scalar initializer named after its value, for constants such as 0.5 or sqrt(2).</summary>
    public string Scalar(float value) => Floats(FormattableString.Invariant($"const_{value:R}"), [], [value]);

    /// <summary>The values as float, the precision ONNX parameters are stored in.</summary>
    public static float[] ToFloats<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = float.CreateTruncating(values[i]);
        }
        return result;
    }

    /// <summary>A float initializer; returns its name (see <see cref="Initializer"/> for a name asked for twice).</summary>
    public string Floats(string name, long[] dims, float[] values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }
        return Initializer(name, FloatType, dims, raw);
    }

    /// <summary>A one-dimensional int64 initializer (axes for Unsqueeze and ReduceSum).</summary>
    public string Ints(string name, long[] values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }
        return Initializer(name, Int64Type, [values.Length], raw);
    }

    /// <summary>Names the graph's final value: the last node's output is consumed by no other node.</summary>
    public void RenameLastOutput(string name) => nodes[^1] = nodes[^1] with { Output = name };

    /// <summary>Declares a graph output: batch x <paramref name="width"/>, or just batch when the width is null.</summary>
    public void Output(string name, int type, int? width) => outputs.Add((name, type, width));

    public byte[] ToModel<T>(Network<T> network, IReadOnlyDictionary<string, string>? metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var graph = new ProtobufWriter();
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            graph.Message(1, n => // GraphProto.node
            {
                foreach (string input in node.Inputs)
                {
                    n.String(1, input); // NodeProto.input
                }
                n.String(2, node.Output).String(3, $"node{i}").String(4, node.Op); // output, name, op_type
                foreach (var (name, value) in node.Attributes)
                {
                    // AttributeProto: name, i, type INT (2).
                    n.Message(5, a => a.String(1, name).Int(3, value).Int(20, 2));
                }
                foreach (var (name, value) in node.FloatAttributes)
                {
                    // AttributeProto: name, f, type FLOAT (1).
                    n.Message(5, a => a.String(1, name).Float(2, value).Int(20, 1));
                }
            });
        }
        graph.String(2, "backprop"); // GraphProto.name
        foreach (var tensor in initializers)
        {
            // TensorProto: dims, data_type, name, raw_data (little-endian).
            graph.Message(5, t => t.PackedInts(1, tensor.Dims).Int(2, tensor.DataType).String(8, tensor.Name).Bytes(9, tensor.Raw));
        }
        graph.String(10, network.ToString()); // GraphProto.doc_string
        graph.Message(11, v => ValueInfo(v, OnnxExporter.InputName, FloatType, network.Inputs)); // GraphProto.input
        foreach (var (name, type, width) in outputs)
        {
            graph.Message(12, v => ValueInfo(v, name, type, width)); // GraphProto.output
        }

        var model = new ProtobufWriter();
        model.Int(1, OnnxExporter.IrVersion) // ModelProto.ir_version
            .String(2, "Backprop") // producer_name
            .String(3, typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "")
            .Message(7, graph) // graph
            .Message(8, o => o.String(1, "").Int(2, OnnxExporter.Opset)); // opset_import: the default domain
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.Message(14, e => e.String(1, key).String(2, value)); // metadata_props: StringStringEntryProto
        }
        return model.Written.ToArray();
    }

    private string Initializer(string name, int dataType, long[] dims, byte[] raw)
    {
        // Two layers may ask for the same helper constant ("zero", "axis1"): the first one serves both. Layer
        // parameters carry the layer's index in their names, so a clash with other contents is a bug here.
        var existing = initializers.Find(t => t.Name == name);
        if (existing is null)
        {
            initializers.Add(new TensorRecord(name, dataType, dims, raw));
        }
        else if (existing.DataType != dataType || !existing.Dims.SequenceEqual(dims) || !existing.Raw.AsSpan().SequenceEqual(raw))
        {
            throw new InvalidOperationException($"Two different ONNX initializers named '{name}'.");
        }
        return name;
    }

    // ValueInfoProto: name, type = TypeProto { tensor_type { elem_type, shape [batch, width] or [batch] } }.
    private static void ValueInfo(ProtobufWriter value, string name, int elementType, int? width) =>
        value.String(1, name).Message(2, type => type.Message(1, tensor => tensor
            .Int(1, elementType)
            .Message(2, shape =>
            {
                shape.Message(1, dim => dim.String(2, "batch")); // Dimension.dim_param: dynamic
                if (width is int w)
                {
                    shape.Message(1, dim => dim.Int(1, w)); // Dimension.dim_value
                }
            })));

    private sealed record NodeRecord(string Op, string[] Inputs, string Output, (string Name, long Value)[] Attributes,
        (string Name, float Value)[] FloatAttributes);

    private sealed record TensorRecord(string Name, int DataType, long[] Dims, byte[] Raw);
}
