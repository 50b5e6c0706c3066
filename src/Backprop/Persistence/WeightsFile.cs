using System.Text;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Losses;

namespace Backprop.Persistence;

/// <summary>
/// Reads weights files: a network written by hand as JSON (docs/weights-file.md), e.g. 000's XOR network
/// (<c>examples/weights/relu-xor.json</c>). Each layer gives its activation, W with one row per unit (the notes'
/// z = W x + b) and b; the file gives the loss and optionally input names, an output name or class names, and a pattern
/// to trace. <see cref="ModelFile.Load"/> reads these files too, so every command that takes a model takes one.
/// Errors name the file, line and column.
/// </summary>
public static class WeightsFile
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "backprop-weights";

    /// <summary>The value of the file's <c>version</c> field this build reads.</summary>
    public const int Version = 1;

    /// <summary>The largest weights file read, in bytes.</summary>
    public const int MaxFileBytes = 256 << 20;

    /// <summary>Loads a weights file.</summary>
    /// <exception cref="ModelFileException">The file is missing, unreadable or not a valid weights file; the message names line and column.</exception>
    public static HandSetNetwork Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
                throw new ModelFileException(path, $"the file is {info.Length} bytes, more than the {MaxFileBytes} a weights file may have");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFileException(path, "weights file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFileException(path, $"cannot read the file: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>True when <paramref name="bytes"/> look like a weights file rather than a binary model: JSON text starting with '{'.</summary>
    public static bool LooksLikeWeightsFile(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        foreach (byte b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                return b == (byte)'{';
        }
        return false;
    }

    /// <summary>True when the file at <paramref name="path"/> starts like a weights file (see <see cref="LooksLikeWeightsFile"/>).</summary>
    public static bool IsWeightsFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Span<byte> head = stackalloc byte[256];
            return LooksLikeWeightsFile(head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Reads a weights file from its UTF-8 content.</summary>
    /// <param name="utf8">The file's content.</param>
    /// <param name="fileName">Names the file in error messages; null if none.</param>
    /// <exception cref="ModelFileException">The content is not a valid weights file; the message names line and column.</exception>
    public static HandSetNetwork Parse(ReadOnlySpan<byte> utf8, string? fileName = null)
    {
        var text = new Source(utf8.StartsWith("\uFEFF"u8) ? utf8[3..].ToArray() : utf8.ToArray(), fileName);
        Node root = text.ReadDocument();
        return Build(text, root);
    }

    private static HandSetNetwork Build(Source file, Node root)
    {
        var fields = file.Object(root, "the file", "format", "version", "title", "inputs", "layers", "loss", "output", "classes", "example");
        Node format = file.Required(root, fields, "format");
        if (file.String(format, "format") != Format)
            throw file.Error(format, $"format must be \"{Format}\"");
        Node version = file.Required(root, fields, "version");
        if (file.Number(version, "version") != Version)
            throw file.Error(version, $"version {file.Number(version, "version")} is not one this build reads ({Version})");
        string? title = fields.TryGetValue("title", out var t) ? file.String(t, "title") : null;

        Node layersNode = file.Required(root, fields, "layers");
        List<Node> layerNodes = file.Array(layersNode, "layers");
        if (layerNodes.Count == 0)
            throw file.Error(layersNode, "layers is empty: give at least one layer");
        var parameters = new List<double>();
        NetworkSpec? built = null;
        int inputs = 0;
        for (int l = 0; l < layerNodes.Count; l++)
        {
            string where = $"layers[{l}]";
            var layer = file.Object(layerNodes[l], where, "activation", "W", "b");
            Node activationNode = file.Required(layerNodes[l], layer, "activation");
            string activationName = file.String(activationNode, $"{where}.activation");
            Activation activation = Activation.All.FirstOrDefault(a => string.Equals(a.Name, activationName, StringComparison.OrdinalIgnoreCase))
                ?? throw file.Error(activationNode, $"{where}.activation: unknown activation '{activationName}'. Valid: {string.Join(", ", Activation.All.Select(a => a.Name))}");
            Node wNode = file.Required(layerNodes[l], layer, "W");
            List<Node> rows = file.Array(wNode, $"{where}.W");
            if (rows.Count == 0)
                throw file.Error(wNode, $"{where}.W has no rows: give one row of weights per unit");
            int expected = built is null ? -1 : inputs;
            var w = new double[rows.Count][];
            for (int i = 0; i < rows.Count; i++)
            {
                w[i] = file.Numbers(rows[i], $"{where}.W[{i}]");
                if (expected < 0)
                {
                    expected = w[i].Length;
                    if (expected == 0)
                        throw file.Error(rows[i], $"{where}.W[{i}] is empty: a unit needs one weight per input");
                }
                if (w[i].Length != expected)
                {
                    string why = built is null ? $"as many as {where}.W[0]" : $"one per unit of layers[{l - 1}]";
                    throw file.Error(rows[i], $"{where}.W[{i}] has {w[i].Length} weights; expected {expected} ({why})");
                }
            }
            double[]? b = null;
            if (layer.TryGetValue("b", out Node? bNode))
            {
                b = file.Numbers(bNode, $"{where}.b");
                if (b.Length != rows.Count)
                    throw file.Error(bNode, $"{where}.b has {b.Length} biases; expected {rows.Count}, one per row of {where}.W");
            }
            if (built is null)
            {
                inputs = expected;
                built = NetworkSpec.Input(inputs);
            }
            built = built.Dense(rows.Count, activation, b is not null);
            // The network stores W inputs x units (z = x W + b); the file has the notes' units x inputs.
            for (int j = 0; j < inputs; j++)
            {
                for (int i = 0; i < rows.Count; i++)
                    parameters.Add(w[i][j]);
            }
            if (b is not null)
                parameters.AddRange(b);
            inputs = rows.Count;
        }
        NetworkSpec spec = built!;
        try
        {
            ModelFile.CheckLimits(spec);
        }
        catch (ArgumentException e)
        {
            throw file.Error(layersNode, e.Message);
        }
        var network = spec.Build<double>();
        parameters.CopyTo(network.ParameterArray);
        network.ParametersChanged();

        Node lossNode = file.Required(root, fields, "loss");
        string lossName = file.String(lossNode, "loss");
        Loss loss = Loss.All.FirstOrDefault(x => string.Equals(x.Name, lossName, StringComparison.OrdinalIgnoreCase))
            ?? throw file.Error(lossNode, $"unknown loss '{lossName}'. Valid: {string.Join(", ", Loss.All.Select(x => x.Name))}");

        string[] inputNames = [.. Enumerable.Range(1, spec.Inputs).Select(i => $"x{i}")];
        if (fields.TryGetValue("inputs", out Node? inputsNode))
        {
            inputNames = file.Names(inputsNode, "inputs");
            if (inputNames.Length != spec.Inputs)
                throw file.Error(inputsNode, $"inputs names {inputNames.Length} inputs; layers[0].W has {spec.Inputs} weights per unit");
        }
        string output = fields.TryGetValue("output", out Node? outputNode) ? file.Name(outputNode, "output") : "y";
        if (inputNames.Contains(output))
            throw file.Error(outputNode ?? root, $"the output '{output}' is also an input name");
        string[] classes = [];
        if (fields.TryGetValue("classes", out Node? classesNode))
        {
            classes = file.Names(classesNode, "classes");
            if (classes.Length != network.Outputs || classes.Length < 2)
                throw file.Error(classesNode, $"classes names {classes.Length} classes; give one per output unit ({network.Outputs}), at least 2");
        }

        double[]? exampleInput = null, exampleTarget = null;
        double? rate = null;
        if (fields.TryGetValue("example", out Node? exampleNode))
        {
            var example = file.Object(exampleNode, "example", "input", "target", "learning_rate");
            Node input = file.Required(exampleNode, example, "input");
            exampleInput = file.Numbers(input, "example.input");
            if (exampleInput.Length != spec.Inputs)
                throw file.Error(input, $"example.input has {exampleInput.Length} numbers; the network has {spec.Inputs} inputs");
            Node target = file.Required(exampleNode, example, "target");
            exampleTarget = file.Numbers(target, "example.target");
            if (exampleTarget.Length != network.Outputs)
                throw file.Error(target, $"example.target has {exampleTarget.Length} numbers; the network has {network.Outputs} outputs");
            if (example.TryGetValue("learning_rate", out Node? rateNode))
            {
                rate = file.Number(rateNode, "example.learning_rate");
                if (!(rate > 0))
                    throw file.Error(rateNode, "example.learning_rate must be positive");
            }
        }
        return new HandSetNetwork(title, network, loss, inputNames, output, classes, exampleInput, exampleTarget, rate);
    }

    // A JSON value and where it starts (a byte offset into the file), so that errors can name line and column.
    private sealed record Node(JsonTokenType Kind, int Offset, string? Text, double Value, List<Node>? Items, List<(string Key, int KeyOffset, Node Value)>? Members);

    // The file's bytes: reads them into nodes and words errors with the position of a node.
    private sealed class Source(byte[] bytes, string? fileName)
    {
        public Node ReadDocument()
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            try
            {
                if (!reader.Read())
                    throw Error(0, "the file is empty");
                Node root = ReadValue(ref reader);
                if (reader.Read())
                    throw Error((int)reader.TokenStartIndex, "more text after the end of the JSON object");
                return root;
            }
            catch (JsonException e)
            {
                throw Syntax(e);
            }
        }

        private Node ReadValue(ref Utf8JsonReader reader)
        {
            int offset = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var members = new List<(string, int, Node)>();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        int keyOffset = (int)reader.TokenStartIndex;
                        string key = reader.GetString()!;
                        if (members.Exists(m => m.Item1 == key))
                            throw Error(keyOffset, $"the field \"{key}\" appears twice");
                        reader.Read();
                        members.Add((key, keyOffset, ReadValue(ref reader)));
                    }
                    return new Node(JsonTokenType.StartObject, offset, null, 0, null, members);
                case JsonTokenType.StartArray:
                    var items = new List<Node>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        items.Add(ReadValue(ref reader));
                    return new Node(JsonTokenType.StartArray, offset, null, 0, items, null);
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
                        throw Error(offset, $"{Encoding.UTF8.GetString(reader.ValueSpan)} is not a finite double");
                    return new Node(JsonTokenType.Number, offset, null, value, null, null);
                case JsonTokenType.String:
                    return new Node(JsonTokenType.String, offset, reader.GetString(), 0, null, null);
                default:
                    return new Node(reader.TokenType, offset, null, 0, null, null);
            }
        }

        public Dictionary<string, Node> Object(Node node, string what, params string[] known)
        {
            if (node.Kind != JsonTokenType.StartObject)
                throw Error(node, $"{what} must be a JSON object {{...}}");
            var fields = new Dictionary<string, Node>(StringComparer.Ordinal);
            foreach (var (key, keyOffset, value) in node.Members!)
            {
                if (global::System.Array.IndexOf(known, key) < 0)
                    throw Error(keyOffset, $"unknown field \"{key}\" in {what}. Valid: {string.Join(", ", known)}");
                fields[key] = value;
            }
            return fields;
        }

        public Node Required(Node parent, Dictionary<string, Node> fields, string name) =>
            fields.TryGetValue(name, out Node? node) ? node : throw Error(parent, $"the field \"{name}\" is missing");

        public List<Node> Array(Node node, string what) =>
            node.Kind == JsonTokenType.StartArray ? node.Items! : throw Error(node, $"{what} must be a JSON array [...]");

        public string String(Node node, string what) =>
            node.Kind == JsonTokenType.String ? node.Text! : throw Error(node, $"{what} must be a string");

        public string Name(Node node, string what)
        {
            string name = String(node, what);
            return name.Trim().Length > 0 ? name : throw Error(node, $"{what} must not be empty");
        }

        public string[] Names(Node node, string what)
        {
            List<Node> items = Array(node, what);
            var names = new string[items.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = Name(items[i], $"{what}[{i}]");
                if (global::System.Array.IndexOf(names, names[i], 0, i) >= 0)
                    throw Error(items[i], $"{what}[{i}]: '{names[i]}' appears twice");
            }
            return names;
        }

        public double Number(Node node, string what) =>
            node.Kind == JsonTokenType.Number ? node.Value : throw Error(node, $"{what} must be a number");

        public double[] Numbers(Node node, string what)
        {
            List<Node> items = Array(node, what);
            var values = new double[items.Count];
            for (int i = 0; i < values.Length; i++)
                values[i] = Number(items[i], $"{what}[{i}]");
            return values;
        }

        public ModelFileException Error(Node node, string detail) => Error(node.Offset, detail);

        public ModelFileException Error(int offset, string detail)
        {
            var (line, column) = Position(offset);
            return new ModelFileException(fileName, $"line {line}, column {column}: {detail}");
        }

        private ModelFileException Syntax(JsonException e)
        {
            // The reader counts lines from 0 and bytes within the line; errors say lines from 1 and characters.
            int line = (int)(e.LineNumber ?? 0), offset = 0;
            for (int l = 0; l < line && offset < bytes.Length; offset++)
            {
                if (bytes[offset] == (byte)'\n')
                    l++;
            }
            offset = Math.Min(offset + (int)(e.BytePositionInLine ?? 0), bytes.Length);
            string message = e.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return Error(offset, $"not valid JSON: {(cut > 0 ? message[..cut] : message)}");
        }

        private (int Line, int Column) Position(int offset)
        {
            int line = 1, start = 0;
            for (int i = 0; i < offset && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    start = i + 1;
                }
            }
            int length = Math.Clamp(offset - start, 0, bytes.Length - start);
            return (line, Encoding.UTF8.GetCharCount(bytes, start, length) + 1);
        }
    }
}
