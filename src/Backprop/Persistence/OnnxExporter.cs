using System.Buffers.Binary;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;

namespace Backprop.Persistence;

/// <summary>
/// Writes a network, and the scaler its inputs go through, as a standard ONNX model that ONNX Runtime (or any ONNX
/// runtime) evaluates on raw features: one float input <see cref="InputName"/> (batch x inputs, the batch dimension
/// dynamic) and one float output <see cref="OutputName"/> (batch x outputs). The graph:
/// <list type="bullet">
/// <item>input scaler: <c>Div(Sub(x, mean), scale)</c>;</item>
/// <item>dense layer: <c>Gemm(x, W, b)</c>, or <c>MatMul(x, W)</c> without bias, then the activation: <c>Sigmoid</c>,
/// <c>Tanh</c>, <c>Relu</c>, <c>Softplus</c>, <c>Softmax</c> (last axis), nothing for identity, and
/// <c>Cast(GreaterOrEqual(z, 0))</c> for the step function;</item>
/// <item>RBF layer: <c>Exp(Mul(ReduceSum(Mul(d, d), axis 2), -beta))</c> with <c>d = Sub(Unsqueeze(x, 1), C)</c>,
/// the batch x units x inputs differences, as Backprop computes them;</item>
/// <item>a regression model's target scaler, undone: <c>Add(Mul(y, scale), mean)</c>, so the output is in the
/// target's own units; a classification model also gets <see cref="ClassOutputName"/>: <c>ArgMax(y, axis 1)</c>.</item>
/// </list>
/// Parameters are stored as float (a double network is rounded). IR version <see cref="IrVersion"/>, opset
/// <see cref="Opset"/>. The protobuf is written here by hand, so the library needs no ONNX or protobuf package.
/// </summary>
public static class OnnxExporter
{
    /// <summary>
    /// The name of the graph's input: the encoded, unscaled inputs, float, batch x inputs, in the order of
    /// <see cref="Schema.FeatureNames"/>. For numeric columns these are the raw values; the graph cannot take text, so a
    /// categorical column arrives as its 0/1 inputs (<c>column=category</c>) and a missing value must already be
    /// replaced by its fill (<see cref="FeatureColumn.NumericFill"/>), as <see cref="Schema.Encode(CsvTable)"/> does.
    /// </summary>
    public const string InputName = "input";

    /// <summary>
    /// The name of the graph's main output, float, batch x outputs: what <see cref="Model.Predict(ReadOnlySpan{double}, int)"/> returns (class
    /// probabilities or scores, or regression values in the target's units).
    /// </summary>
    public const string OutputName = "output";

    /// <summary>
    /// The name of a classification model's second output, int64, batch: the index of the highest-scoring output,
    /// i.e. of the predicted class in <see cref="Schema.Classes"/> (ties go to the first).
    /// </summary>
    public const string ClassOutputName = "class";

    /// <summary>The ONNX IR version written (8: ONNX 1.10 and later, ONNX Runtime 1.10 and later).</summary>
    public const int IrVersion = 8;

    /// <summary>The version of the default ONNX operator set the graph uses.</summary>
    public const int Opset = 17;

    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX model to <paramref name="destination"/>: its network with the input
    /// scaler in front, for regression the target scaler undone behind, for classification the class index as a
    /// second output. The metadata properties hold the schema as JSON strings: <c>task</c>, <c>label</c>,
    /// <c>features</c> and, for classification, <c>classes</c> (arrays of names).
    /// </summary>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX form here.</exception>
    public static void Export(Model model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        Schema schema = model.Schema;
        var metadata = new Dictionary<string, string>
        {
            ["task"] = schema.Task == TaskKind.Classification ? "classification" : "regression",
            ["label"] = schema.LabelName,
            ["features"] = JsonSerializer.Serialize(schema.FeatureNames),
        };
        bool classify = schema.Task == TaskKind.Classification;
        if (classify)
        {
            metadata["classes"] = JsonSerializer.Serialize(schema.Classes);
        }
        byte[] bytes = model switch
        {
            Model<float> m => Build(m.Network, schema.Scaler, schema.TargetScaler, classify, metadata),
            Model<double> m => Build(m.Network, schema.Scaler, schema.TargetScaler, classify, metadata),
            _ => throw new NotSupportedException($"ONNX export handles float and double models, not {model.Precision}."),
        };
        destination.Write(bytes);
    }

    /// <summary>Writes the ONNX form of <paramref name="model"/> to <paramref name="path"/> atomically (see <see cref="Export(Model, Stream)"/>).</summary>
    public static void Write(string path, Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(path, stream => Export(model, stream));
    }

    /// <summary>
    /// Writes <paramref name="network"/>, preceded by <paramref name="scaler"/> when there is one, as an ONNX model to
    /// <paramref name="destination"/>. <paramref name="metadata"/> (e.g. feature and label names) is stored as the
    /// model's metadata properties.
    /// </summary>
    /// <exception cref="ArgumentException">The scaler's column count differs from the network's inputs.</exception>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX form here.</exception>
    public static void Export<T>(Network<T> network, StandardScaler? scaler, Stream destination,
        IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Build(network, scaler, targetScaler: null, classify: false, metadata));
    }

    /// <summary>Writes the ONNX model to <paramref name="path"/> atomically (see <see cref="Export{T}"/>).</summary>
    public static void Write<T>(string path, Network<T> network, StandardScaler? scaler,
        IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        AtomicFile.Write(path, stream => Export(network, scaler, stream, metadata));
    }

    private static byte[] Build<T>(Network<T> network, StandardScaler? scaler, StandardScaler? targetScaler, bool classify,
        IReadOnlyDictionary<string, string>? metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (scaler is not null && scaler.Columns != network.Inputs)
        {
            throw new ArgumentException(
                $"The scaler has {scaler.Columns} columns but the network takes {network.Inputs} inputs.", nameof(scaler));
        }
        var graph = new GraphBuilder();
        string x = InputName;
        if (scaler is not null)
        {
            x = graph.Node("Sub", [x, graph.Floats("mean", [scaler.Columns], ToFloats(scaler.Mean))]);
            x = graph.Node("Div", [x, graph.Floats("scale", [scaler.Columns], ToFloats(scaler.Scale))]);
        }
        for (int i = 0; i < network.Layers.Count; i++)
        {
            x = network.Layers[i] switch
            {
                Dense<T> dense => AddDense(graph, dense, x, $"layer{i}"),
                Rbf<T> rbf => AddRbf(graph, rbf, x, $"layer{i}"),
                var other => throw new NotSupportedException($"ONNX export does not know the layer {other}."),
            };
        }
        if (targetScaler is not null)
        {
            x = graph.Node("Mul", [x, graph.Floats("target_scale", [targetScaler.Columns], ToFloats(targetScaler.Scale))]);
            graph.Node("Add", [x, graph.Floats("target_mean", [targetScaler.Columns], ToFloats(targetScaler.Mean))]);
        }
        graph.RenameLastOutput(OutputName);
        graph.Output(OutputName, GraphBuilder.FloatType, network.Outputs);
        if (classify)
        {
            graph.Node("ArgMax", [OutputName], ("axis", 1), ("keepdims", 0));
            graph.RenameLastOutput(ClassOutputName);
            graph.Output(ClassOutputName, GraphBuilder.Int64Type, width: null);
        }
        return graph.ToModel(network, metadata);
    }

    private static string AddDense<T>(GraphBuilder graph, Dense<T> dense, string x, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string w = graph.Floats($"{name}.weights", [dense.Inputs, dense.Outputs], ToFloats(dense.Weights));
        string z = dense.HasBias
            ? graph.Node("Gemm", [x, w, graph.Floats($"{name}.biases", [dense.Outputs], ToFloats(dense.Biases))])
            : graph.Node("MatMul", [x, w]);
        return AddActivation(graph, dense.Activation, z, dense);
    }

    private static string AddActivation(GraphBuilder graph, Activation activation, string z, object layer)
    {
        if (activation == Activation.Identity)
        {
            return z;
        }
        if (activation == Activation.Softmax)
        {
            return graph.Node("Softmax", [z], ("axis", -1));
        }
        if (activation == Activation.Step)
        {
            // ONNX has no step operator: 1 where z >= 0 (a boolean), cast to float.
            string positive = graph.Node("GreaterOrEqual", [z, graph.Floats("zero", [], [0f])]);
            return graph.Node("Cast", [positive], ("to", GraphBuilder.FloatType));
        }
        string op = activation == Activation.Sigmoid ? "Sigmoid"
            : activation == Activation.Tanh ? "Tanh"
            : activation == Activation.Relu ? "Relu"
            : activation == Activation.Softplus ? "Softplus"
            : throw new NotSupportedException($"ONNX export does not know the {activation.Name} activation of {layer}.");
        return graph.Node(op, [z]);
    }

    private static string AddRbf<T>(GraphBuilder graph, Rbf<T> rbf, string x, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Differences x_k - c_jk for every row and unit (batch x units x inputs), as the layer computes them: the
        // shorter ||x||^2 - 2 x.c + ||c||^2 would lose digits to cancellation.
        string centres = graph.Floats($"{name}.centres", [rbf.Outputs, rbf.Inputs], ToFloats(rbf.Centres));
        string rows = graph.Node("Unsqueeze", [x, graph.Ints("axis1", [1])]);
        string difference = graph.Node("Sub", [rows, centres]);
        string squares = graph.Node("Mul", [difference, difference]);
        string distance = graph.Node("ReduceSum", [squares, graph.Ints("axis2", [2])], ("keepdims", 0));
        var negativeWidths = ToFloats(rbf.Widths);
        for (int j = 0; j < negativeWidths.Length; j++)
        {
            negativeWidths[j] = -negativeWidths[j];
        }
        string exponent = graph.Node("Mul", [distance, graph.Floats($"{name}.negative_widths", [rbf.Outputs], negativeWidths)]);
        return graph.Node("Exp", [exponent]);
    }

    private static float[] ToFloats<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = float.CreateTruncating(values[i]);
        }
        return result;
    }

    /// <summary>
    /// Collects nodes and initializers, then writes the ModelProto. Field numbers are those of onnx.proto:
    /// the comment on each write names the message and field.
    /// </summary>
    private sealed class GraphBuilder
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
            nodes.Add(new NodeRecord(op, inputs, output, attributes));
            return output;
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
                });
            }
            graph.String(2, "backprop"); // GraphProto.name
            foreach (var tensor in initializers)
            {
                // TensorProto: dims, data_type, name, raw_data (little-endian).
                graph.Message(5, t => t.PackedInts(1, tensor.Dims).Int(2, tensor.DataType).String(8, tensor.Name).Bytes(9, tensor.Raw));
            }
            graph.String(10, network.ToString()); // GraphProto.doc_string
            graph.Message(11, v => ValueInfo(v, InputName, FloatType, network.Inputs)); // GraphProto.input
            foreach (var (name, type, width) in outputs)
            {
                graph.Message(12, v => ValueInfo(v, name, type, width)); // GraphProto.output
            }

            var model = new ProtobufWriter();
            model.Int(1, IrVersion) // ModelProto.ir_version
                .String(2, "Backprop") // producer_name
                .String(3, typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "")
                .Message(7, graph) // graph
                .Message(8, o => o.String(1, "").Int(2, Opset)); // opset_import: the default domain
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

        private sealed record NodeRecord(string Op, string[] Inputs, string Output, (string Name, long Value)[] Attributes);

        private sealed record TensorRecord(string Name, int DataType, long[] Dims, byte[] Raw);
    }
}
