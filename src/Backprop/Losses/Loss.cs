using System.Numerics;
using Backprop.Numerics;
using Backprop.Activations;

namespace Backprop.Losses;

/// <summary>
/// A divergence between network outputs and targets, both row-major <c>rows x cols</c>. The value is the mean over
/// the rows (patterns) of each pattern's divergence, so its gradient is the per-pattern gradient divided by rows:
/// an update W - eta * dW is then the notes' W - (eta / T) * sum of per-pattern gradients.
/// </summary>
public abstract class Loss
{
    /// <summary>The name used on the command line and in model files, e.g. <c>cross-entropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Mean over rows of the per-pattern divergence.</summary>
    public abstract double Value<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>dLoss/dOutput, written to <paramref name="dOutput"/> (rows x cols).</summary>
    public abstract void Gradient<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>
    /// For output activations where loss and activation combine into a simple dLoss/dz (softmax + cross-entropy,
    /// sigmoid + binary cross-entropy: both y - d), writes it and returns true; otherwise returns false.
    /// </summary>
    public virtual bool TryFusedGradient<T>(Activation outputActivation, ReadOnlySpan<T> output, ReadOnlySpan<T> target,
        Span<T> dZ, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => false;

    /// <summary>
    /// For output activations whose loss has a stable form in the logits z (softmax + cross-entropy: log-sum-exp;
    /// sigmoid + binary cross-entropy: softplus), writes the mean over rows of the loss computed from z and returns
    /// true; otherwise returns false and the value comes from the outputs through <see cref="Value{T}"/>, where
    /// a log of a probability rounded to 0 or 1 would be capped.
    /// </summary>
    public virtual bool TryValueFromLogits<T>(Activation outputActivation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target,
        int rows, int cols, out double value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        value = 0;
        return false;
    }

    /// <summary>Sum of squared errors: sum_k (t_k - y_k)^2; gradient 2 (y - t).</summary>
    public static Loss SquaredError { get; } = new SquaredError();

    /// <summary>Half squared error: 1/2 ||y - d||^2; gradient y - d.</summary>
    public static Loss HalfSquaredError { get; } = new HalfSquaredError();

    /// <summary>Mean squared error averaged over outputs and patterns.</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredError();

    /// <summary>Cross-entropy -sum_k d_k log y_k for one-hot targets.</summary>
    public static Loss CrossEntropy { get; } = new CrossEntropy();

    /// <summary>Binary cross-entropy -[d ln y + (1 - d) ln(1 - y)] per output.</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropy();

    /// <summary>Every loss, in the order they are listed to users.</summary>
    public static IReadOnlyList<Loss> All { get; } = [SquaredError, HalfSquaredError, MeanSquaredError, CrossEntropy, BinaryCrossEntropy];

    /// <summary>Finds a loss by its <see cref="Name"/>; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static Loss Parse(string name)
    {
        foreach (var loss in All)
        {
            if (string.Equals(loss.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return loss;
            }
        }
        throw new ArgumentException($"Unknown loss '{name}'. Valid: {string.Join(", ", All.Select(l => l.Name))}.", nameof(name));
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Checks that output and target hold a rows x cols block each.</summary>
    protected static void CheckShapes<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
    {
        if (rows <= 0 || cols <= 0 || output.Length < rows * cols || target.Length < rows * cols)
        {
            ThrowShapes(output.Length, target.Length, rows, cols);
        }
    }

    // Out of line, so that the check above inlines into every loss call (one pattern per step calls two).
    private static void ThrowShapes(int output, int target, int rows, int cols)
    {
        if (rows <= 0 || cols <= 0)
        {
            throw new ArgumentException($"A loss needs at least one row and one column, got {rows} x {cols}.");
        }
        throw new ArgumentException(
            $"Loss shapes differ: expected {rows} x {cols} = {rows * cols} values, output has {output}, target has {target}.");
    }

    /// <summary>
    /// The fused gradient of a loss and its canonical output activation (softmax with cross-entropy, sigmoid with binary
    /// cross-entropy): dE/dz = (y - d) / rows. False, writing nothing, when <paramref name="canonical"/> is false.
    /// </summary>
    private protected static bool OutputMinusTarget<T>(bool canonical, ReadOnlySpan<T> output, ReadOnlySpan<T> target,
        Span<T> dZ, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!canonical)
        {
            return false;
        }
        CheckShapes(output, target, rows, cols);
        Kernels.ScaledDifference(output, target, dZ, rows * cols, T.CreateChecked(1.0 / rows));
        return true;
    }

    /// <summary>
    /// The start of <see cref="TryValueFromLogits{T}"/>: false with <paramref name="value"/> 0 when
    /// <paramref name="canonical"/> is false (no logit form for this output activation), else checks the shapes.
    /// </summary>
    private protected static bool HasLogitForm<T>(bool canonical, ReadOnlySpan<T> logits, ReadOnlySpan<T> target, int rows, int cols,
        out double value)
    {
        value = 0;
        if (canonical)
        {
            CheckShapes(logits, target, rows, cols);
        }
        return canonical;
    }

    /// <summary>
    /// One output's term of a loss on probabilities (cross-entropy, binary cross-entropy): its value and its gradient
    /// dE/dy times the scale 1 / rows, given the smallest probability a log is taken of.
    /// </summary>
    private protected interface IProbabilityTerm
    {
        static abstract T Value<T>(T y, T d, T eps) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

        static abstract T Gradient<T>(T y, T d, T eps, T scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>;
    }

    /// <summary>The mean over rows of the sum of <typeparamref name="TTerm"/>'s values over every output.</summary>
    private protected static double MeanOfTerms<T, TTerm>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTerm : struct, IProbabilityTerm
    {
        CheckShapes(output, target, rows, cols);
        T eps = Epsilon<T>();
        double sum = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            sum += double.CreateChecked(TTerm.Value(output[i], target[i], eps));
        }
        return sum / rows;
    }

    /// <summary>Writes <typeparamref name="TTerm"/>'s gradient of every output, scaled by 1 / rows.</summary>
    private protected static void GradientOfTerms<T, TTerm>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput,
        int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTerm : struct, IProbabilityTerm
    {
        CheckShapes(output, target, rows, cols);
        T eps = Epsilon<T>();
        T scale = T.CreateChecked(1.0 / rows);
        for (int i = 0; i < rows * cols; i++)
        {
            dOutput[i] = TTerm.Gradient(output[i], target[i], eps, scale);
        }
    }

    /// <summary>The smallest probability a log is taken of, so that log(0) never yields infinity.</summary>
    protected static T Epsilon<T>() where T : IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateChecked(1e-7) : T.CreateChecked(1e-15);
}
