namespace Backprop.Optimizers;

/// <summary>Validation of hyperparameters, naming the bad value.</summary>
internal static class Check
{
    public static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and greater than 0, got {NumberText.Exact(value)}.");

    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and at least 0, got {NumberText.Exact(value)}.");

    /// <summary>A decay or momentum factor in [0, 1).</summary>
    public static double Fraction(double value, string name) =>
        double.IsFinite(value) && value >= 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), got {NumberText.Exact(value)}.");

    /// <summary>A momentum factor in [0, 1], as the notes allow.</summary>
    public static double UnitInterval(double value, string name) =>
        double.IsFinite(value) && value >= 0 && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1], got {NumberText.Exact(value)}.");
}
