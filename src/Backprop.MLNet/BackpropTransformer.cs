using Backprop.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// A trained Backprop network as an ML.NET transformer: adds the prediction columns of its <see cref="BackpropTask"/>
/// to every row. Safe to use from many threads at once (each thread predicts with its own copy of the network's
/// buffers), so PredictionEngine pools and parallel cursors need no lock.
/// </summary>
/// <remarks>
/// ML.NET's model format (mlContext.Model.Save) is closed to transformers outside ML.NET: the writer of
/// <see cref="ModelSaveContext"/> and the loader registration are internal to ML.NET. Save the network with
/// Backprop instead (<see cref="Network"/>: Backprop's model file or ONNX export, which ML.NET's ApplyOnnxModel can run and save).
/// </remarks>
public sealed class BackpropTransformer : ITransformer
{
    // ML.NET's annotation kinds (its AnnotationUtils.Kinds is internal).
    private const string KeyValues = "KeyValues";
    private const string SlotNames = "SlotNames";

    private readonly ITransformer mapping;
    private readonly ThreadLocal<Network<float>> networks;

    internal BackpropTransformer(MLContext context, BackpropTask task, string featuresColumnName, Network<float> network,
        double labelMean, double labelScale, DataViewSchema.Column label, TrainingResult training)
    {
        Task = task;
        Network = network;
        Training = training;
        LabelMean = labelMean;
        LabelScale = labelScale;
        networks = new ThreadLocal<Network<float>>(network.WithSharedParameters);
        var input = InputDefinition(featuresColumnName, network.Inputs);
        var empty = context.Data.LoadFromEnumerable(Array.Empty<BackpropInputRow>(), input);
        mapping = task switch
        {
            BackpropTask.BinaryClassification =>
                context.Transforms.CustomMapping<BackpropInputRow, BackpropBinaryRow>(PredictBinary, null, input).Fit(empty),
            BackpropTask.MulticlassClassification =>
                context.Transforms.CustomMapping<BackpropInputRow, BackpropMulticlassRow>(PredictMulticlass, null, input, MulticlassDefinition(label, network.Outputs)).Fit(empty),
            _ => context.Transforms.CustomMapping<BackpropInputRow, BackpropRegressionRow>(PredictRegression, null, input).Fit(empty),
        };
    }

    /// <summary>What the network predicts.</summary>
    public BackpropTask Task { get; }

    /// <summary>The trained network (features in, sigmoid, softmax or standardised linear outputs out).</summary>
    public Network<float> Network { get; }

    /// <summary>How training went: epochs, why it stopped, the loss history.</summary>
    public TrainingResult Training { get; }

    /// <summary>Regression: the training label's mean, added back to predictions (0 otherwise).</summary>
    public double LabelMean { get; }

    /// <summary>Regression: the training label's standard deviation, multiplied back into predictions (1 otherwise).</summary>
    public double LabelScale { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => mapping.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => mapping.Transform(input);

    /// <summary>Not supported: ML.NET's model format takes no transformers from outside ML.NET (see the remarks).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "ML.NET's model format is closed to transformers outside ML.NET (its ModelSaveContext writer and loader registration are internal). " +
        "Save the network with Backprop (BackpropTransformer.Network: Backprop's model file or ONNX export; ML.NET's ApplyOnnxModel runs and saves ONNX).");

    /// <summary>The features column as the row class reads it, under the pipeline's name and with its size (0: any).</summary>
    internal static SchemaDefinition InputDefinition(string featuresColumnName, int size)
    {
        var definition = SchemaDefinition.Create(typeof(BackpropInputRow));
        var column = definition[nameof(BackpropInputRow.Features)];
        column.ColumnName = featuresColumnName;
        if (size > 0)
            column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return definition;
    }

    /// <summary>Score sized to the classes, PredictedLabel of the label's key type with its key values (for MapKeyToValue).</summary>
    private static SchemaDefinition MulticlassDefinition(DataViewSchema.Column label, int classes)
    {
        var definition = SchemaDefinition.Create(typeof(BackpropMulticlassRow));
        definition[nameof(BackpropMulticlassRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        var predicted = definition[nameof(BackpropMulticlassRow.PredictedLabel)];
        predicted.ColumnType = new KeyDataViewType(typeof(uint), classes);
        var keyValues = label.Annotations.Schema.GetColumnOrNull(KeyValues);
        if (keyValues is { Type: VectorDataViewType { ItemType: TextDataViewType } type })
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            label.Annotations.GetValue(KeyValues, ref names);
            predicted.AddAnnotation(KeyValues, names, type);
            definition[nameof(BackpropMulticlassRow.Score)].AddAnnotation(SlotNames, names, type);
        }
        return definition;
    }

    /// <summary>
    /// The multiclass columns' shape before fitting, when only the label's shape is known: PredictedLabel announces key
    /// values when the label has them, so that MapKeyToValue after the trainer checks out.
    /// </summary>
    internal static SchemaDefinition MulticlassShapeDefinition(bool labelHasKeyValues)
    {
        var definition = SchemaDefinition.Create(typeof(BackpropMulticlassRow));
        if (labelHasKeyValues)
        {
            var names = new VectorDataViewType(TextDataViewType.Instance);
            definition[nameof(BackpropMulticlassRow.PredictedLabel)].AddAnnotation(KeyValues, default(VBuffer<ReadOnlyMemory<char>>), names);
            definition[nameof(BackpropMulticlassRow.Score)].AddAnnotation(SlotNames, default(VBuffer<ReadOnlyMemory<char>>), names);
        }
        return definition;
    }

    private ReadOnlySpan<float> Forward(BackpropInputRow row) => networks.Value!.Forward(row.Features, 1);

    private void PredictBinary(BackpropInputRow row, BackpropBinaryRow result)
    {
        float probability = Forward(row)[0];
        result.Score = networks.Value!.Layers[^1].Z[0];
        result.Probability = probability;
        result.PredictedLabel = probability >= 0.5f;
    }

    private void PredictMulticlass(BackpropInputRow row, BackpropMulticlassRow result)
    {
        ReadOnlySpan<float> probabilities = Forward(row);
        if (result.Score.Length != probabilities.Length)
            result.Score = new float[probabilities.Length];
        probabilities.CopyTo(result.Score);
        int best = 0;
        for (int k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
                best = k;
        }
        // A key member of a row class holds the 0-based class index; ML.NET exposes it as the 1-based key.
        result.PredictedLabel = (uint)best;
    }

    private void PredictRegression(BackpropInputRow row, BackpropRegressionRow result) =>
        result.Score = (float)(Forward(row)[0] * LabelScale + LabelMean);
}
