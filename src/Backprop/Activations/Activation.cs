using System.Numerics;
using Backprop.Layers;
using Backprop.Numerics;
using Backprop.Persistence;

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

    /// <summary>How a layer with this activation draws its weights unless told otherwise (He for ReLU-like units, else Xavier).</summary>
    public virtual Initializer DefaultInitializer => Initializer.Xavier;

    /// <summary>y = f(z). z, y: rows x cols.</summary>
    public abstract void Forward<T>(ReadOnlySpan<T> z, Span<T> y, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>dZ = (dy/dz)^T dY for each row, given z, the cached y and dY. All rows x cols.</summary>
    public abstract void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>This activation bound to <typeparamref name="T"/>; layers ask once and call it per batch.</summary>
    internal abstract ActivationKernel<T> Kernel<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Adds the ONNX nodes computing y = f(z) from the value named <paramref name="z"/>; returns y's name.</summary>
    internal abstract string AddOnnx(OnnxGraph graph, string z);

    /// <summary>The activation whose function is the struct <typeparamref name="TFunction"/>, e.g. <c>Activation.Of&lt;Relu&gt;()</c>.</summary>
    public static Activation Of<TFunction>() where TFunction : IActivationFunction => Elementwise<TFunction>.Instance;

    /// <summary>Threshold unit: 1 if z &gt;= 0, else 0.</summary>
    public static Activation Step => Of<Activations.Step>();

    /// <summary>Identity (linear) unit: y = z.</summary>
    public static Activation Identity => Of<Activations.Identity>();

    /// <summary>Logistic sigmoid: y = 1 / (1 + e^-z).</summary>
    public static Activation Sigmoid => Of<Activations.Sigmoid>();

    /// <summary>Hyperbolic tangent.</summary>
    public static Activation Tanh => Of<Activations.Tanh>();

    /// <summary>Rectified linear unit: y = max(z, 0).</summary>
    public static Activation Relu => Of<Activations.Relu>();

    /// <summary>Softplus: y = log(1 + e^z).</summary>
    public static Activation Softplus => Of<Activations.Softplus>();

    /// <summary>Softmax over each row: y_i = e^z_i / sum_j e^z_j.</summary>
    public static Activation Softmax => Activations.Softmax.Instance;

    /// <summary>
    /// The registry: every activation a dense layer can use, in the order they are listed to users. Names, model files,
    /// ONNX export and the command line all find an activation here; a new one is its own file and one line below.
    /// </summary>
    public static IReadOnlyList<Activation> All { get; } =
    [
        Of<Activations.Step>(),
        Of<Activations.Identity>(),
        Of<Activations.Sigmoid>(),
        Of<Activations.Tanh>(),
        Of<Activations.Relu>(),
        Of<Activations.Softplus>(),
        Of<LeakyRelu>(),
        Of<Elu>(),
        Of<Gelu>(),
        Activations.Softmax.Instance,
    ];

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
