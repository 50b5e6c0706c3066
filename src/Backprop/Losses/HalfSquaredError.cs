using Backprop.Numerics;
namespace Backprop.Losses;

/// <summary>Half squared error per pattern: E = 1/2 ||y - d||^2; dE/dy = y - d.</summary>
public sealed class HalfSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "half-squared-error";

    /// <inheritdoc />
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        return 0.5 * Kernels.SumOfSquaredDifferences(output, target, rows * cols) / rows;
    }

    /// <inheritdoc />
    public override void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        Kernels.ScaledDifference(output, target, dOutput, rows * cols, T.CreateChecked(1.0 / rows));
    }
}
