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
/// <item>input scaler: folded into a first dense layer's weights and biases (<c>Gemm(x, W / scale, b - (mean / scale) W)</c>),
/// else <c>Div(Sub(x, mean), scale)</c>;</item>
/// <item>each layer as its kind writes it (<c>AddOnnx</c> on the layer; a dense layer is <c>Gemm</c> then its activation's
/// nodes, which the activation writes);</item>
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
    public static void Export(Model model, Stream destination) => Export(model, destination, foldScaler: true);

    /// <summary>
    /// <see cref="Export(Model, Stream)"/>; <paramref name="foldScaler"/> false keeps the input scaler as its own Sub and
    /// Div nodes (the form the folded graph is tested against).
    /// </summary>
    internal static void Export(Model model, Stream destination, bool foldScaler)
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
            Model<float> m => Build(m.Network, schema.Scaler, schema.TargetScaler, classify, metadata, foldScaler),
            Model<double> m => Build(m.Network, schema.Scaler, schema.TargetScaler, classify, metadata, foldScaler),
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
        destination.Write(Build(network, scaler, targetScaler: null, classify: false, metadata, foldScaler: true));
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
        IReadOnlyDictionary<string, string>? metadata, bool foldScaler)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (scaler is not null && scaler.Columns != network.Inputs)
        {
            throw new ArgumentException(
                $"The scaler has {scaler.Columns} columns but the network takes {network.Inputs} inputs.", nameof(scaler));
        }
        var graph = new OnnxGraph();
        string x = InputName;
        int first = 0;
        if (scaler is not null && foldScaler && network.Layers[0] is Dense<T> dense)
        {
            x = dense.AddOnnxFolded(graph, x, "layer0", scaler);
            first = 1;
        }
        else if (scaler is not null)
        {
            x = graph.Node("Sub", [x, graph.Floats("mean", [scaler.Columns], OnnxGraph.ToFloats<double>(scaler.Mean))]);
            x = graph.Node("Div", [x, graph.Floats("scale", [scaler.Columns], OnnxGraph.ToFloats<double>(scaler.Scale))]);
        }
        for (int i = first; i < network.Layers.Count; i++)
        {
            x = network.Layers[i].AddOnnx(graph, x, $"layer{i}");
        }
        if (targetScaler is not null)
        {
            x = graph.Node("Mul", [x, graph.Floats("target_scale", [targetScaler.Columns], OnnxGraph.ToFloats<double>(targetScaler.Scale))]);
            graph.Node("Add", [x, graph.Floats("target_mean", [targetScaler.Columns], OnnxGraph.ToFloats<double>(targetScaler.Mean))]);
        }
        graph.RenameLastOutput(OutputName);
        graph.Output(OutputName, OnnxGraph.FloatType, network.Outputs);
        if (classify)
        {
            graph.Node("ArgMax", [OutputName], ("axis", 1), ("keepdims", 0));
            graph.RenameLastOutput(ClassOutputName);
            graph.Output(ClassOutputName, OnnxGraph.Int64Type, width: null);
        }
        return graph.ToModel(network, metadata);
    }
}
