namespace Backprop.Data;

/// <summary>What a model learns to predict from a label column.</summary>
public enum TaskKind
{
    /// <summary>One of a finite set of classes (any text, or a few distinct integers).</summary>
    Classification,

    /// <summary>A real number.</summary>
    Regression,
}
