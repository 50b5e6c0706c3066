using System.Numerics;
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
    public override double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols) =>
        MeanOfTerms<T, Term>(output, target, rows, cols);

    /// <inheritdoc />
    public override bool TryValueFromLogits<T>(Activation outputActivation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target,
        int rows, int cols, out double value)
    {
        if (!HasLogitForm(outputActivation == Activation.Sigmoid, logits, target, rows, cols, out value))
        {
            return false;
        }
        double sum = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            sum += StableMath.SigmoidCrossEntropy(double.CreateChecked(logits[i]), double.CreateChecked(target[i]));
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
        OutputMinusTarget(outputActivation == Activation.Sigmoid, output, target, dZ, rows, cols);

    /// <summary>-[d ln y + (1 - d) ln(1 - y)] and (y - d) / (y (1 - y)), y clamped into [eps, 1 - eps].</summary>
    private readonly struct Term : IProbabilityTerm
    {
        public static T Value<T>(T y, T d, T eps) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            y = T.Clamp(y, eps, T.One - eps);
            return -(d * T.Log(y) + (T.One - d) * T.Log(T.One - y));
        }

        public static T Gradient<T>(T y, T d, T eps, T scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            y = T.Clamp(y, eps, T.One - eps);
            return scale * (y - d) / (y * (T.One - y));
        }
    }
}
