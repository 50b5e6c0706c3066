using Backprop.Activations;
using Backprop.Losses;
using Backprop.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// A Backprop multi-layer perceptron as an ML.NET trainer: <see cref="Fit"/> reads the features and label columns,
/// trains the network with Backprop's <see cref="Trainer{T}"/> and returns a <see cref="BackpropTransformer"/> that
/// adds the task's prediction columns (<see cref="BackpropTask"/>). Created by the catalog extensions in
/// <see cref="BackpropCatalog"/>.
/// </summary>
public sealed class BackpropEstimator : IEstimator<BackpropTransformer>
{
    private readonly MLContext context;

    internal BackpropEstimator(MLContext context, BackpropTask task, BackpropTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        this.context = context;
        Task = task;
        Options = options;
    }

    /// <summary>What the trainer learns.</summary>
    public BackpropTask Task { get; }

    /// <summary>The trainer's settings.</summary>
    public BackpropTrainerOptions Options { get; }

    /// <summary>The input schema with the prediction columns added; throws when the features or label column is missing or of the wrong type.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!TryFindColumn(inputSchema, Options.FeaturesColumnName, out var features))
            throw new ArgumentException($"The features column '{Options.FeaturesColumnName}' is not in the input.", nameof(inputSchema));
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"The features column '{Options.FeaturesColumnName}' must be a known-size vector of Single, not {features.ItemType} ({features.Kind}).", nameof(inputSchema));
        if (!TryFindColumn(inputSchema, Options.LabelColumnName, out var label))
            throw new ArgumentException($"The label column '{Options.LabelColumnName}' is not in the input.", nameof(inputSchema));
        CheckLabel(label.ItemType, label.IsKey, label.Kind == SchemaShape.Column.VectorKind.Scalar);
        // The output columns are those of the mapping that does the predicting; its size-free shape is enough here.
        var definition = BackpropTransformer.InputDefinition(Options.FeaturesColumnName, size: 0);
        return Task switch
        {
            BackpropTask.BinaryClassification =>
                context.Transforms.CustomMapping<BackpropInputRow, BackpropBinaryRow>((_, _) => { }, null, definition).GetOutputSchema(inputSchema),
            BackpropTask.MulticlassClassification =>
                context.Transforms.CustomMapping<BackpropInputRow, BackpropMulticlassRow>((_, _) => { }, null, definition,
                    BackpropTransformer.MulticlassShapeDefinition(TryFindColumn(label.Annotations, "KeyValues", out _))).GetOutputSchema(inputSchema),
            _ => context.Transforms.CustomMapping<BackpropInputRow, BackpropRegressionRow>((_, _) => { }, null, definition).GetOutputSchema(inputSchema),
        };
    }

    /// <summary>Trains a network on <paramref name="input"/> and returns the transformer that applies it.</summary>
    public BackpropTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var featuresColumn = input.Schema.GetColumnOrNull(Options.FeaturesColumnName)
            ?? throw new ArgumentException($"The features column '{Options.FeaturesColumnName}' is not in the input.", nameof(input));
        if (featuresColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"The features column '{Options.FeaturesColumnName}' must be a known-size vector of Single, not {featuresColumn.Type}.", nameof(input));
        var labelColumn = input.Schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw new ArgumentException($"The label column '{Options.LabelColumnName}' is not in the input.", nameof(input));
        CheckLabel(labelColumn.Type, labelColumn.Type is KeyDataViewType, labelColumn.Type is not VectorDataViewType);

        int inputs = vector.Size;
        int outputs = Task == BackpropTask.MulticlassClassification ? checked((int)((KeyDataViewType)labelColumn.Type).Count) : 1;
        var (x, y, rows) = Read(input, featuresColumn, labelColumn, inputs, outputs);

        // Regression trains on the standardised label; predictions are turned back into its units.
        double mean = 0, scale = 1;
        if (Task == BackpropTask.Regression)
            (mean, scale) = Standardise(y);

        var spec = NetworkSpec.Input(inputs);
        var hidden = Activation.Parse(Options.Activation);
        foreach (int units in Options.HiddenLayers)
            spec = spec.Dense(units, hidden);
        var (output, loss) = Task switch
        {
            BackpropTask.BinaryClassification => (Activation.Sigmoid, Loss.BinaryCrossEntropy),
            BackpropTask.MulticlassClassification => (Activation.Softmax, Loss.CrossEntropy),
            _ => (Activation.Identity, Loss.MeanSquaredError),
        };
        var network = spec.Dense(outputs, output).Build<float>(Options.Seed);
        var data = Dataset<float>.FromDoubles(x, y, rows, inputs, outputs);
        var trainer = new Trainer<float>(network, loss, Optimizers.Optimizer.Create(Options.Optimizer, Options.LearningRate),
            new TrainingOptions { Epochs = Options.Epochs, BatchSize = Options.BatchSize, Seed = Options.Seed });
        var result = trainer.Fit(data);
        return new BackpropTransformer(context, Task, Options.FeaturesColumnName, network, mean, scale, labelColumn, result);
    }

    private static bool TryFindColumn(SchemaShape schema, string name, out SchemaShape.Column column)
    {
        foreach (var candidate in schema)
        {
            if (candidate.Name == name)
            {
                column = candidate;
                return true;
            }
        }
        column = default;
        return false;
    }

    private void CheckLabel(DataViewType type, bool isKey, bool scalar)
    {
        string expected = Task switch
        {
            BackpropTask.BinaryClassification => "Boolean",
            BackpropTask.MulticlassClassification => "a key (map it with MapValueToKey)",
            _ => "Single",
        };
        bool ok = scalar && Task switch
        {
            BackpropTask.BinaryClassification => type == BooleanDataViewType.Instance,
            BackpropTask.MulticlassClassification => isKey,
            _ => type == NumberDataViewType.Single,
        };
        if (!ok)
            throw new ArgumentException($"The label column '{Options.LabelColumnName}' must be {expected} for {Task}, not {type}.");
    }

    /// <summary>Every row's features (rows x inputs) and target (rows x outputs: 0/1, one-hot, or the value).</summary>
    private (double[] X, double[] Y, int Rows) Read(IDataView input, DataViewSchema.Column features, DataViewSchema.Column label, int inputs, int outputs)
    {
        var x = new List<double>();
        var y = new List<double>();
        using var cursor = input.GetRowCursor([features, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        VBuffer<float> buffer = default;
        ValueGetter<bool>? getBool = Task == BackpropTask.BinaryClassification ? cursor.GetGetter<bool>(label) : null;
        ValueGetter<uint>? getKey = Task == BackpropTask.MulticlassClassification ? cursor.GetGetter<uint>(label) : null;
        ValueGetter<float>? getFloat = Task == BackpropTask.Regression ? cursor.GetGetter<float>(label) : null;
        int rows = 0;
        while (cursor.MoveNext())
        {
            getFeatures(ref buffer);
            var dense = buffer.DenseValues();
            int count = 0;
            foreach (float v in dense)
            {
                if (!float.IsFinite(v))
                    throw new InvalidOperationException($"Row {rows + 1} of '{features.Name}' holds {v}; Backprop needs finite features (replace missing values first).");
                x.Add(v);
                count++;
            }
            if (count != inputs)
                throw new InvalidOperationException($"Row {rows + 1} of '{features.Name}' has {count} values, expected {inputs}.");
            if (getBool is not null)
            {
                bool value = false;
                getBool(ref value);
                y.Add(value ? 1 : 0);
            }
            else if (getKey is not null)
            {
                uint key = 0;
                getKey(ref key);
                if (key == 0 || key > outputs)
                    throw new InvalidOperationException($"Row {rows + 1} of '{label.Name}' has a missing or out-of-range key ({key}); Backprop needs a class for every row.");
                for (int k = 1; k <= outputs; k++)
                    y.Add(k == key ? 1 : 0);
            }
            else
            {
                float value = 0;
                getFloat!(ref value);
                if (!float.IsFinite(value))
                    throw new InvalidOperationException($"Row {rows + 1} of '{label.Name}' holds {value}; Backprop needs a finite label.");
                y.Add(value);
            }
            rows++;
        }
        if (rows == 0)
            throw new InvalidOperationException("The training data has no rows.");
        return ([.. x], [.. y], rows);
    }

    private static (double Mean, double Scale) Standardise(double[] y)
    {
        double mean = y.Average();
        double variance = 0;
        foreach (double v in y)
            variance += (v - mean) * (v - mean);
        double scale = Math.Sqrt(variance / y.Length);
        if (scale == 0)
            scale = 1;
        for (int i = 0; i < y.Length; i++)
            y[i] = (y[i] - mean) / scale;
        return (mean, scale);
    }
}
