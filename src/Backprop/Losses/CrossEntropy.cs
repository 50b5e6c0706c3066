using Backprop.Numerics;
using Backprop.Activations;

namespace Backprop.Losses;

/// <summary>
/// Cross-entropy for one-hot targets: E = -sum_k d_k log y_k (y clamped away from 0); dE/dy_k = -d_k / y_k.
/// After softmax the two fuse to dE/dz = y - d, which is also the numerically stable form.
/// </summary>
public sealed class CrossEntropy : Loss
{
    /// <inheritdoc />
    public override string Name => "cross-entropy";

    /// <inheritdoc />
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        T eps = Epsilon<T>();
        double sum = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            if (target[i] != T.Zero)
            {
                sum -= double.CreateChecked(target[i] * T.Log(T.Max(output[i], eps)));
            }
        }
        return sum / rows;
    }

    /// <inheritdoc />
    public override void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        T eps = Epsilon<T>();
        T scale = T.CreateChecked(1.0 / rows);
        for (int i = 0; i < rows * cols; i++)
        {
            dOutput[i] = -scale * target[i] / T.Max(output[i], eps);
        }
    }

    /// <inheritdoc />
    public override bool TryFusedGradient<T>(Activation outputActivation, ReadOnlySpan<T> output, ReadOnlySpan<T> target,
        Span<T> dZ, int rows, int cols)
    {
        if (outputActivation is not Softmax)
        {
            return false;
        }
        CheckShapes(output, target, rows, cols);
        Kernels.ScaledDifference(output, target, dZ, rows * cols, T.CreateChecked(1.0 / rows));
        return true;
    }
}
