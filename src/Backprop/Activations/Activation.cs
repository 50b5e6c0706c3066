using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Activations;

/// <summary>
/// The activation of a layer, applied to a row-major <c>rows x cols</c> block of pre-activations z.
/// Element-wise activations are <see cref="Elementwise{TFunction}"/>; <see cref="Softmax"/> acts on whole rows.
/// </summary>
public abstract class Activation
{
    /// <summary>The name used on the command line and in model files, e.g. <c>sigmoid</c>.</summary>
    public abstract string Name { get; }

    /// <summary>False for the step function, whose derivative is 0 wherever it exists: gradient descent cannot train through it.</summary>
    public virtual bool IsDifferentiable => true;

    /// <summary>y = f(z). z, y: rows x cols.</summary>
    public abstract void Forward<T>(ReadOnlySpan<T> z, Span<T> y, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>z += b on every row (b: cols), then y = f(z); element-wise activations do both in one pass.</summary>
    internal virtual void ForwardWithBias<T>(ReadOnlySpan<T> b, Span<T> z, Span<T> y, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Kernels.AddBias(b, z, rows, cols);
        Forward<T>(z, y, rows, cols);
    }

    /// <summary>dZ = (dy/dz)^T dY for each row, given z, the cached y and dY. All rows x cols.</summary>
    public abstract void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Hands the element-wise function struct to <paramref name="visitor"/>, or calls its <c>Other</c> for a row-wise activation.</summary>
    internal virtual TResult Accept<TResult>(IElementwiseVisitor<TResult> visitor) => visitor.Other();

    /// <summary>Threshold unit: 1 if z &gt;= 0, else 0.</summary>
    public static Activation Step { get; } = new Elementwise<Activations.Step>();

    /// <summary>Identity (linear) unit: y = z.</summary>
    public static Activation Identity { get; } = new Elementwise<Activations.Identity>();

    /// <summary>Logistic sigmoid: y = 1 / (1 + e^-z).</summary>
    public static Activation Sigmoid { get; } = new Elementwise<Activations.Sigmoid>();

    /// <summary>Hyperbolic tangent.</summary>
    public static Activation Tanh { get; } = new Elementwise<Activations.Tanh>();

    /// <summary>Rectified linear unit: y = max(z, 0).</summary>
    public static Activation Relu { get; } = new Elementwise<Activations.Relu>();

    /// <summary>Softplus: y = log(1 + e^z).</summary>
    public static Activation Softplus { get; } = new Elementwise<Activations.Softplus>();

    /// <summary>Softmax over each row: y_i = e^z_i / sum_j e^z_j.</summary>
    public static Activation Softmax { get; } = new Softmax();

    /// <summary>Every activation a dense layer can use, in the order they are listed to users.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Step, Identity, Sigmoid, Tanh, Relu, Softplus, Softmax];

    /// <summary>Finds an activation by its <see cref="Name"/>; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static Activation Parse(string name)
    {
        foreach (var activation in All)
        {
            if (string.Equals(activation.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return activation;
            }
        }
        throw new ArgumentException(
            $"Unknown activation '{name}'. Valid: {string.Join(", ", All.Select(a => a.Name))}.", nameof(name));
    }

    /// <summary>The name, capitalised: <c>Sigmoid</c>.</summary>
    public override string ToString() => char.ToUpperInvariant(Name[0]) + Name[1..];
}
