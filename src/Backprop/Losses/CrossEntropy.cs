using Backprop.Numerics;
using Backprop.Activations;

namespace Backprop.Losses;

/// <summary>
/// Cross-entropy for one-hot targets: E = -sum_k d_k log y_k (y clamped away from 0); dE/dy_k = -d_k / y_k.
/// After softmax the two fuse to dE/dz = y - d, which is also the numerically stable form, and the value is taken
/// from the logits: E = sum_k d_k (logsumexp(z) - z_k), exact where log y_k would round to 0 or to -infinity.
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
    public override bool TryValueFromLogits<T>(Activation outputActivation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target,
        int rows, int cols, out double value)
    {
        value = 0;
        if (outputActivation is not Softmax)
        {
            return false;
        }
        CheckShapes(logits, target, rows, cols);
        Span<double> z = cols <= 256 ? stackalloc double[cols] : new double[cols];
        Span<double> d = cols <= 256 ? stackalloc double[cols] : new double[cols];
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < cols; k++)
            {
                z[k] = double.CreateChecked(logits[r * cols + k]);
                d[k] = double.CreateChecked(target[r * cols + k]);
            }
            sum += StableMath.SoftmaxCrossEntropy(z, d);
        }
        value = sum / rows;
        return true;
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
        Span<T> dZ, int rows, int cols) =>
        OutputMinusTarget(outputActivation is Softmax, output, target, dZ, rows, cols);
}
