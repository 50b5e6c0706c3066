namespace Backprop.Persistence;

/// <summary>
/// A model's answer for one raw row. Classification: the most probable <see cref="Class"/> and every class's
/// probability (the network's outputs). Regression: the <see cref="Value"/> in the target's own units.
/// </summary>
/// <param name="Class">The predicted class name; null for regression.</param>
/// <param name="Probabilities">Class name to probability, in the model's class order; empty for regression.</param>
/// <param name="Value">The predicted value for regression; NaN for classification.</param>
public sealed record Prediction(string? Class, IReadOnlyDictionary<string, double> Probabilities, double Value)
{
    /// <summary>Prints as <c>setosa (p = 0.97)</c> or <c>151.2</c>.</summary>
    public override string ToString() => Class is null
        ? NumberText.Format(Value, 6)
        : $"{Class} (p = {NumberText.Format(Probabilities[Class], 3)})";
}
