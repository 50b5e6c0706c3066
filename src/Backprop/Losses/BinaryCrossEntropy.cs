using Backprop.Numerics;
using Backprop.Activations;

namespace Backprop.Losses;

/// <summary>
/// Binary cross-entropy per output: E = -[d ln y + (1 - d) ln(1 - y)] (y clamped into (0, 1));
/// dE/dy = (y - d) / (y (1 - y)). After a sigmoid the two fuse to dE/dz = y - d, and the value is taken from the
/// logit: E = max(z, 0) - d z + log(1 + e^-|z|) (softplus), exact where y rounds to 0 or 1.
/// </summary>
public sealed class BinaryCrossEntropy : Loss
{
    /// <inheritdoc />
    public override string Name => "binary-cross-entropy";

    /// <inheritdoc />
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
    {
        CheckShapes(output, target, rows, cols);
        T eps = Epsilon<T>();
        double sum = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            T y = T.Clamp(output[i], eps, T.One - eps);
            sum -= double.CreateChecked(target[i] * T.Log(y) + (T.One - target[i]) * T.Log(T.One - y));
        }
        return sum / rows;
    }

    /// <inheritdoc />
    public override bool TryValueFromLogits<T>(Activation outputActivation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target,
        int rows, int cols, out double value)
    {
        value = 0;
        if (outputActivation != Activation.Sigmoid)
        {
            return false;
        }
        CheckShapes(logits, target, rows, cols);
        double sum = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            sum += StableMath.SigmoidCrossEntropy(double.CreateChecked(logits[i]), double.CreateChecked(target[i]));
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
            T y = T.Clamp(output[i], eps, T.One - eps);
            dOutput[i] = scale * (y - target[i]) / (y * (T.One - y));
        }
    }

    /// <inheritdoc />
    public override bool TryFusedGradient<T>(Activation outputActivation, ReadOnlySpan<T> output, ReadOnlySpan<T> target,
        Span<T> dZ, int rows, int cols) =>
        OutputMinusTarget(outputActivation == Activation.Sigmoid, output, target, dZ, rows, cols);
}
