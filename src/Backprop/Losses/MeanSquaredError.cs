using Backprop.Numerics;
namespace Backprop.Losses;

/// <summary>Mean squared error over outputs and patterns: E = 1/(T K) sum (y - t)^2; dE/dy = 2 (y - t) / (T K).</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        return Kernels.SumOfSquaredDifferences(output, target, rows * cols) / ((double)rows * cols);
    }

    /// <inheritdoc />
    public override void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        Kernels.ScaledDifference(output, target, dOutput, rows * cols, T.CreateChecked(2.0 / ((double)rows * cols)));
    }
}
