using Backprop.Numerics;

namespace Backprop.Losses;

/// <summary>Sum of squared errors per pattern: E = sum_k (t_k - y_k)^2; dE/dy_k = 2 (y_k - t_k).</summary>
public sealed class SquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "squared-error";

    /// <inheritdoc />
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        return Kernels.SumOfSquaredDifferences(output, target, rows * cols) / rows;
    }

    /// <inheritdoc />
    public override void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        Kernels.ScaledDifference(output, target, dOutput, rows * cols, T.CreateChecked(2.0 / rows));
    }
}
