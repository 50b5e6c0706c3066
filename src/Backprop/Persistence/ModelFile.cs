using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Persistence;

/// <summary>
/// Saves and loads <see cref="Model"/>s in the binary model format (docs/model-format.md): a magic number, the format
/// version and the body length, then the body (schema, loss, architecture, parameters, training summary), then a
/// CRC-32 of everything before it. All numbers are little-endian. The loader trusts nothing in the file: every count
/// is checked against a limit and against the bytes that remain before anything is allocated, and every value is
/// checked (finite parameters, known names, shapes that agree).
/// </summary>
public static class ModelFile
{
    /// <summary>The format version this build writes and reads (4: the training summary holds the training data's SHA-256;
    /// 3: feature columns with encodings and missing-value fills).</summary>
    public const uint FormatVersion = 4;

    /// <summary>The oldest format version this build still reads (2: numeric feature columns only).</summary>
    public const uint OldestFormatVersion = 2;

    /// <summary>The most categories a categorical column may declare.</summary>
    public const int MaxCategories = 1 << 20;

    /// <summary>The most features (network inputs) a model file may declare: as many as a CSV file may have columns.</summary>
    public const int MaxFeatures = CsvReader.MaxColumns;

    /// <summary>The most classes a model file may declare.</summary>
    public const int MaxClasses = 1 << 20;

    /// <summary>The most layers a model file may declare.</summary>
    public const int MaxLayers = 1024;

    /// <summary>The most units a layer may have.</summary>
    public const int MaxUnits = 1 << 24;

    /// <summary>The most parameters a model file may declare (2^28: 1 GiB as float).</summary>
    public const int MaxParameters = 1 << 28;

    /// <summary>The longest name (feature, class, label, activation, ...) in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 4 << 20;

    /// <summary>The most training metrics a model file may declare.</summary>
    public const int MaxMetrics = 1024;

    /// <summary>The largest model file read, in bytes (2 GiB less a little: one array).</summary>
    public const long MaxFileBytes = FileEnvelope.MaxFileBytes;

    // "BPMODEL" and a byte that is not text, so a text file never starts like a model.
    private static readonly FileEnvelope Envelope = new("model", "BPMODEL\x1A"u8.ToArray(), FormatVersion, OldestFormatVersion);

    private const byte FloatTag = 4, DoubleTag = 8;
    private const byte ClassificationTag = 0, RegressionTag = 1;
    private const byte NumericTag = 0, CategoricalTag = 1;
    private const byte HasFillFlag = 1, MissingIndicatorFlag = 2;
    private const int Sha256Bytes = 32;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (the old file, if any, stays intact on failure).</summary>
    public static void Save(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] bytes = ToBytes(model);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// Checks an architecture against the limits <see cref="Load"/> enforces, so that what is trained can be saved and
    /// loaded again: at most <see cref="MaxFeatures"/> inputs, <see cref="MaxLayers"/> layers, <see cref="MaxUnits"/> units
    /// per layer and <see cref="MaxParameters"/> parameters in all. Sizes are added in 64 bits, so no product overflows.
    /// </summary>
    /// <exception cref="ArgumentException">A limit is exceeded; the message names it.</exception>
    public static void CheckLimits(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Inputs > MaxFeatures)
            throw new ArgumentException($"{spec.Inputs} inputs are more than the {MaxFeatures} a model file allows");
        if (spec.Layers.Count > MaxLayers)
            throw new ArgumentException(
                $"{spec.Layers.Count} layers are more than the {MaxLayers} a model file allows ({MaxLayers - 1} hidden layers and the output layer)");
        long parameters = 0;
        long width = spec.Inputs;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            long units = spec.Layers[i].Units;
            if (units > MaxUnits)
                throw new ArgumentException($"layer {i + 1} has {units} units, more than the {MaxUnits} (2^24) a model file allows");
            // The loader's bound for one layer (weights and one bias per unit), then the exact count, which is an int product.
            if (width * units + units > MaxParameters)
                throw new ArgumentException(
                    $"layer {i + 1} ({width} -> {units}) would have about {width * units + units} parameters, more than the {MaxParameters} (2^28) a model file allows");
            parameters += spec.Layers[i].ParameterCount((int)width);
            if (parameters > MaxParameters)
                throw new ArgumentException(
                    $"the network would have more than the {MaxParameters} (2^28) parameters a model file allows (reached at layer {i + 1})");
            width = units;
        }
    }

    /// <summary>The complete file content for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The model exceeds a limit that <see cref="Load"/> enforces (<see cref="CheckLimits"/>), has a
    /// class count the format does not allow, or a weight that is NaN or infinite: it could be written but never read back.</exception>
    public static byte[] ToBytes(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckLimits(model.Spec);
        int classes = model.Schema.Classes.Count;
        if (model.Schema.Task == TaskKind.Classification && (classes < 2 || classes > MaxClasses))
            throw new ArgumentException($"{classes} classes; a model file holds from 2 to {MaxClasses}", nameof(model));
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            switch (model)
            {
                case Model<float> f:
                    WriteBody(writer, f, FloatTag);
                    break;
                case Model<double> d:
                    WriteBody(writer, d, DoubleTag);
                    break;
                default:
                    throw new ArgumentException($"cannot save a model of type {model.GetType().Name}", nameof(model));
            }
        }
        return Envelope.Wrap(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    /// <summary>
    /// True when <paramref name="path"/> starts with the model file's magic number, so that a command given it in place of
    /// another kind of file (a CSV) can say what it is.
    /// </summary>
    public static bool IsModelFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Envelope.StartsFile(path);
    }

    /// <summary>Loads a model file, or a weights file (<see cref="WeightsFile"/>) as a model (<see cref="HandSetNetwork.ToModel"/>).</summary>
    /// <exception cref="ModelFileException">The file is missing or unreadable, or is not a valid model file; the message says why.</exception>
    public static Model Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromBytes(Envelope.ReadFile(path), path);
    }

    /// <summary>Reads a model from the complete content of a model file or a weights file.</summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="fileName">Names the file in error messages; null if none.</param>
    /// <exception cref="ModelFileException">The content is not a valid model file; the message says why.</exception>
    public static Model FromBytes(ReadOnlySpan<byte> bytes, string? fileName = null)
    {
        // The binary magic starts with 'B', so JSON text is never mistaken for a model or the other way round.
        if (WeightsFile.LooksLikeWeightsFile(bytes))
            return WeightsFile.Parse(bytes, fileName).ToModel(fileName);
        var reader = new BodyReader(Envelope.Unwrap(bytes, fileName, out uint version), fileName);
        Model model = ReadBody(ref reader, version);
        if (reader.Remaining != 0)
            throw reader.Corrupt($"{reader.Remaining} unread bytes at the end of the body");
        return model;
    }

    private static void WriteBody<T>(BinaryWriter w, Model<T> model, byte precision) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Schema schema = model.Schema;
        w.Write(precision);
        w.Write(schema.Task == TaskKind.Classification ? ClassificationTag : RegressionTag);
        WriteString(w, schema.LabelName);
        w.Write((uint)schema.Columns.Count);
        foreach (FeatureColumn column in schema.Columns)
        {
            WriteString(w, column.Name);
            w.Write(column.Kind == ColumnKind.Numeric ? NumericTag : CategoricalTag);
            bool hasFill = column.NumericFill is not null || column.CategoryFill is not null;
            w.Write((byte)((hasFill ? HasFillFlag : 0) | (column.MissingIndicator ? MissingIndicatorFlag : 0)));
            if (column.Kind == ColumnKind.Numeric)
            {
                if (column.NumericFill is double fill)
                    w.Write(fill);
                continue;
            }
            w.Write((uint)column.Categories.Count);
            foreach (string category in column.Categories)
                WriteString(w, category);
            if (column.CategoryFill is string fillCategory)
                w.Write((uint)column.Categories.ToList().IndexOf(fillCategory));
        }
        w.Write((uint)schema.Inputs);
        WriteDoubles(w, schema.Scaler.Mean);
        WriteDoubles(w, schema.Scaler.Scale);
        if (schema.TargetScaler is { } target)
        {
            w.Write(target.Mean[0]);
            w.Write(target.Scale[0]);
        }
        else
        {
            w.Write((uint)schema.Classes.Count);
            foreach (string name in schema.Classes)
                WriteString(w, name);
        }
        WriteString(w, model.Loss.Name);

        WriteSpec(w, model.Spec);
        T[] parameters = model.Network.ParameterArray;
        w.Write((ulong)parameters.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            T p = parameters[i];
            if (!T.IsFinite(p))
                throw new ArgumentException($"parameter {i} is {NumberText.Format(double.CreateTruncating(p))}; a model file holds finite weights only", nameof(model));
            if (precision == FloatTag)
                w.Write(float.CreateChecked(p));
            else
                w.Write(double.CreateChecked(p));
        }

        TrainingSummary? t = model.Training;
        w.Write(t is not null);
        if (t is null)
            return;
        WriteString(w, t.Optimizer);
        w.Write(t.LearningRate);
        w.Write(t.BatchSize);
        w.Write(t.Epochs);
        w.Write(t.Updates);
        WriteString(w, t.StopReason);
        w.Write(t.Seed);
        w.Write(t.TrainRows);
        w.Write(t.TestRows);
        w.Write((uint)t.Metrics.Count);
        foreach (Metric metric in t.Metrics)
        {
            WriteString(w, metric.Name);
            w.Write(metric.Value);
        }
        w.Write(t.DataSha256 is not null);
        if (t.DataSha256 is not null)
            w.Write(Convert.FromHexString(t.DataSha256));
    }

    /// <summary>An architecture as the format stores it (checkpoints store it the same way): inputs, layers, each layer's kind, units and fields.</summary>
    internal static void WriteSpec(BinaryWriter w, NetworkSpec spec)
    {
        w.Write((uint)spec.Inputs);
        w.Write((uint)spec.Layers.Count);
        foreach (LayerSpec layer in spec.Layers)
        {
            w.Write(layer.Kind.Tag);
            w.Write((uint)layer.Units);
            layer.WriteFields(w);
        }
    }

    /// <summary>A string as the format stores it: its UTF-8 length, then its bytes.</summary>
    internal static void WriteString(BinaryWriter w, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > MaxStringBytes)
            throw new ArgumentException($"a name of {bytes.Length} UTF-8 bytes is longer than the {MaxStringBytes} a model file allows");
        w.Write((uint)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteDoubles(BinaryWriter w, ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            w.Write(v);
    }

    private static Model ReadBody(ref BodyReader r, uint version)
    {
        byte precision = r.Byte("precision");
        if (precision is not (FloatTag or DoubleTag))
            throw r.Corrupt($"precision tag {precision} is neither {FloatTag} (float) nor {DoubleTag} (double)");
        byte task = r.Byte("task");
        if (task is not (ClassificationTag or RegressionTag))
            throw r.Corrupt($"task tag {task} is neither {ClassificationTag} (classification) nor {RegressionTag} (regression)");
        string label = r.String("label name");

        FeatureColumn[] columns;
        int features;
        if (version == 2)
        {
            features = r.Count("feature count", MaxFeatures, minimum: 1, bytesEach: 4 + 8 + 8);
            columns = new FeatureColumn[features];
            for (int i = 0; i < features; i++)
            {
                string name = r.String("feature name");
                columns[i] = r.Build("feature column", () => FeatureColumn.Numeric(name));
            }
        }
        else
        {
            columns = ReadColumns(ref r);
            features = r.Count("input count", MaxFeatures, minimum: 1, bytesEach: 8 + 8);
            int widths = columns.Sum(c => c.Width);
            if (features != widths)
                throw r.Corrupt($"the file declares {features} inputs but its columns encode to {widths}");
        }
        double[] mean = r.Doubles(features), scale = r.Doubles(features);
        StandardScaler scaler = r.Build("feature scaler", () => new StandardScaler(mean, scale));

        string[] classes = [];
        StandardScaler? targetScaler = null;
        if (task == ClassificationTag)
        {
            int count = r.Count("class count", MaxClasses, minimum: 2, bytesEach: 4);
            classes = new string[count];
            for (int i = 0; i < count; i++)
                classes[i] = r.String("class name");
        }
        else
        {
            double[] target = r.Doubles(2);
            targetScaler = r.Build("target scaler", () => new StandardScaler([target[0]], [target[1]]));
        }
        var kind = task == ClassificationTag ? TaskKind.Classification : TaskKind.Regression;
        Schema schema = r.Build("schema", () => new Schema(kind, label, columns, scaler, classes, targetScaler));

        string lossName = r.String("loss name");
        Loss loss = r.Build("loss", () => Loss.Parse(lossName));

        NetworkSpec spec = ReadSpec(ref r);
        if (spec.Inputs != schema.Inputs)
            throw r.Corrupt($"the network has {spec.Inputs} inputs but the file names {schema.Inputs} features");
        if (spec.Layers[^1].Units != schema.Outputs)
            throw r.Corrupt($"the network has {spec.Layers[^1].Units} outputs but the schema needs {schema.Outputs}");

        return precision == FloatTag
            ? new Model<float>(ReadNetwork<float>(ref r, spec), schema, loss, ReadTraining(ref r, version))
            : new Model<double>(ReadNetwork<double>(ref r, spec), schema, loss, ReadTraining(ref r, version));
    }

    private static FeatureColumn[] ReadColumns(ref BodyReader r)
    {
        int count = r.Count("column count", MaxFeatures, minimum: 1, bytesEach: 4 + 1 + 1);
        var columns = new FeatureColumn[count];
        for (int i = 0; i < count; i++)
        {
            string name = r.String("column name");
            byte kind = r.Byte("column kind");
            byte flags = r.Byte("column flags");
            if (kind is not (NumericTag or CategoricalTag))
                throw r.Corrupt($"column kind {kind} is neither {NumericTag} (numeric) nor {CategoricalTag} (categorical)");
            if ((flags & ~(HasFillFlag | MissingIndicatorFlag)) != 0)
                throw r.Corrupt($"unknown column flags {flags}");
            bool hasFill = (flags & HasFillFlag) != 0, indicator = (flags & MissingIndicatorFlag) != 0;
            if (kind == NumericTag)
            {
                double? fill = hasFill ? r.Double() : null;
                columns[i] = r.Build("numeric column", () => FeatureColumn.Numeric(name, fill, indicator));
                continue;
            }
            int categories = r.Count("category count", MaxCategories, minimum: 1, bytesEach: 4);
            var names = new string[categories];
            for (int k = 0; k < categories; k++)
                names[k] = r.String("category");
            string? fillCategory = null;
            if (hasFill)
            {
                int index = r.Count("fill category", categories - 1, minimum: 0, bytesEach: 0);
                fillCategory = names[index];
            }
            columns[i] = r.Build("categorical column", () => FeatureColumn.Categorical(name, names, fillCategory, indicator));
        }
        return columns;
    }

    internal static NetworkSpec ReadSpec(ref BodyReader r)
    {
        int inputs = r.Count("network input count", MaxFeatures, minimum: 1, bytesEach: 0);
        int layers = r.Count("layer count", MaxLayers, minimum: 1, bytesEach: 1 + 4);
        var spec = NetworkSpec.Input(inputs);
        long parameters = 0;
        int width = inputs;
        for (int i = 0; i < layers; i++)
        {
            byte kind = r.Byte("layer kind");
            int units = r.Count($"units of layer {i + 1}", MaxUnits, minimum: 1, bytesEach: 0);
            // Bound the layer's size before asking the spec for its exact count, which is an int product.
            if ((long)width * units + units > MaxParameters)
                throw r.Corrupt($"layer {i + 1} ({width} -> {units}) would have more than {MaxParameters} parameters");
            LayerKind layerKind = LayerKind.FromTag(kind) ?? throw r.Corrupt($"layer {i + 1} has unknown kind {kind}");
            LayerSpec layer = layerKind.Read(ref r, units, i + 1);
            parameters += layer.ParameterCount(width);
            if (parameters > MaxParameters)
                throw r.Corrupt($"the network would have more than {MaxParameters} parameters");
            spec = spec.Append(layer);
            width = units;
        }
        return spec;
    }

    private static Network<T> ReadNetwork<T>(ref BodyReader r, NetworkSpec spec) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int size = typeof(T) == typeof(float) ? 4 : 8;
        ulong declared = r.UInt64("parameter count");
        if (declared > MaxParameters)
            throw r.Corrupt($"parameter count {declared} exceeds the limit of {MaxParameters}");
        if ((long)declared != spec.ParameterCount)
            throw r.Corrupt($"parameter count {declared} does not match the architecture, which has {spec.ParameterCount}");
        if ((long)declared * size > r.Remaining)
            throw r.Corrupt($"{declared} parameters need {(long)declared * size} bytes, only {r.Remaining} remain");
        Network<T> network = spec.Build<T>();
        T[] p = network.ParameterArray;
        for (int i = 0; i < p.Length; i++)
        {
            double value = size == 4 ? r.Single() : r.Double();
            if (!double.IsFinite(value))
                throw r.Corrupt($"parameter {i} is {NumberText.Format(value)}; weights must be finite");
            p[i] = T.CreateChecked(value);
        }
        network.ParametersChanged();
        return network;
    }

    private static TrainingSummary? ReadTraining(ref BodyReader r, uint version)
    {
        byte present = r.Byte("training flag");
        if (present > 1)
            throw r.Corrupt($"training flag {present} is neither 0 nor 1");
        if (present == 0)
            return null;
        string optimizer = r.String("optimizer name");
        double rate = r.Double();
        int batch = r.Int32(), epochs = r.Int32();
        long updates = r.Int64();
        string stop = r.String("stop reason");
        int seed = r.Int32();
        int trainRows = r.Int32(), testRows = r.Int32();
        int count = r.Count("metric count", MaxMetrics, minimum: 0, bytesEach: 4 + 8);
        var metrics = new Metric[count];
        for (int i = 0; i < count; i++)
            metrics[i] = new Metric(r.String("metric name"), r.Double());
        // Version 4 added the data's hash; older files have none.
        string? sha256 = null;
        if (version >= 4)
        {
            byte hasHash = r.Byte("data hash flag");
            if (hasHash > 1)
                throw r.Corrupt($"data hash flag {hasHash} is neither 0 nor 1");
            if (hasHash == 1)
                sha256 = Convert.ToHexStringLower(r.Bytes(Sha256Bytes, "data hash"));
        }
        return new TrainingSummary(optimizer, rate, batch, epochs, updates, stop, seed, trainRows, testRows, metrics, sha256);
    }
}
