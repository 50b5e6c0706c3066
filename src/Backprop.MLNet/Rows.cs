using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>The row a Backprop transformer reads: the features vector (its size is set from the data's schema).</summary>
public sealed class BackpropInputRow
{
    /// <summary>The features, already numeric (and, as a rule, normalised).</summary>
    [VectorType]
    public float[] Features { get; set; } = [];
}

/// <summary>What a binary classifier adds: the logit, the probability of <c>true</c> and the predicted label.</summary>
public sealed class BackpropBinaryRow
{
    /// <summary>The output unit's logit z; Probability is sigmoid(z).</summary>
    public float Score { get; set; }

    /// <summary>P(label = true).</summary>
    public float Probability { get; set; }

    /// <summary>Probability &gt;= 0.5.</summary>
    public bool PredictedLabel { get; set; }
}

/// <summary>What a multiclass classifier adds: one probability per class and the most probable class as a key.</summary>
public sealed class BackpropMulticlassRow
{
    /// <summary>Class probabilities (softmax outputs), in the label key's order.</summary>
    [VectorType]
    public float[] Score { get; set; } = [];

    /// <summary>The most probable class: its 0-based index here, the 1-based key of the label's key type in the data view.</summary>
    [KeyType(1)]
    public uint PredictedLabel { get; set; }
}

/// <summary>What a regressor adds: the predicted label value.</summary>
public sealed class BackpropRegressionRow
{
    /// <summary>The prediction, in the label's units.</summary>
    public float Score { get; set; }
}
