namespace Backprop.Data;

/// <summary>How a feature column becomes network inputs.</summary>
public enum ColumnKind
{
    /// <summary>A number: one input, standardised with the training part's mean and standard deviation.</summary>
    Numeric,

    /// <summary>A category: one 0/1 input per category seen in the training part (one-hot).</summary>
    Categorical,
}
