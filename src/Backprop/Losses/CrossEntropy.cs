using System.Numerics;
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
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols) =>
        MeanOfTerms<T, Term>(output, target, rows, cols);

    /// <inheritdoc />
    public override bool TryValueFromLogits<T>(Activation outputActivation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target,
        int rows, int cols, out double value)
    {
        if (!HasLogitForm(outputActivation is Softmax, logits, target, rows, cols, out value))
        {
            return false;
        }
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
    public override void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols) =>
        GradientOfTerms<T, Term>(output, target, dOutput, rows, cols);

    /// <inheritdoc />
    public override bool TryFusedGradient<T>(Activation outputActivation, ReadOnlySpan<T> output, ReadOnlySpan<T> target,
        Span<T> dZ, int rows, int cols) =>
        OutputMinusTarget(outputActivation is Softmax, output, target, dZ, rows, cols);

    /// <summary>-d log y and -d / y, y kept at eps or above; outputs whose target is 0 add nothing.</summary>
    private readonly struct Term : IProbabilityTerm
    {
        public static T Value<T>(T y, T d, T eps) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            d == T.Zero ? T.Zero : -(d * T.Log(T.Max(y, eps)));

        public static T Gradient<T>(T y, T d, T eps, T scale) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            -scale * d / T.Max(y, eps);
    }
}
