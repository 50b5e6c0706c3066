using System.Numerics;
using Backprop.Layers;
using Backprop.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>
/// An element-wise activation y = f(z) and everything the library needs to know about it, in one small readonly
/// struct: its name (command line and model files), f and f' side by side, optionally a vector form, its default
/// initializer and its ONNX nodes. <see cref="Numerics.Kernels.Map{T, TFunction}"/> inlines the calls per element.
/// A new activation is such a struct and one line in <see cref="Activation.All"/>.
/// </summary>
public interface IActivationFunction
{
    /// <summary>The name used on the command line and in model files.</summary>
    static abstract string Name { get; }

    /// <summary>y = f(z).</summary>
    static abstract T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T>;

    /// <summary>f'(z), given z and the cached output y = f(z) (whichever is cheaper).</summary>
    static abstract T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T>;

    /// <summary>
    /// True when the activation has real vector forms of f and f', giving each lane exactly what the scalar forms
    /// give; the kernels then run vector lanes (Vector512 on AVX-512, Vector256 on AVX2).
    /// </summary>
    static virtual bool IsVectorized => false;

    /// <summary>f on every lane, written once for every width; asked for only when <see cref="IsVectorized"/> is true.</summary>
    internal static virtual TV ForwardVector<T, TW, TV>(TV z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct =>
        throw new NotSupportedException("This activation has no vector form (IsVectorized is false).");

    /// <summary>f' on every lane, given z and y; asked for only when <see cref="IsVectorized"/> is true.</summary>
    internal static virtual TV DerivativeVector<T, TW, TV>(TV z, TV y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct =>
        throw new NotSupportedException("This activation has no vector form (IsVectorized is false).");

    /// <summary>False when f' is 0 wherever it exists (the step function): gradients cannot train it.</summary>
    static virtual bool IsDifferentiable => true;

    /// <summary>How a layer with this activation draws its weights unless told otherwise: Xavier, He for ReLU-like units.</summary>
    static virtual Initializer DefaultInitializer => Initializer.Xavier;

    /// <summary>Adds the ONNX nodes computing y = f(z) from the value named <paramref name="z"/>; returns y's name.</summary>
    internal static abstract string AddOnnx(OnnxGraph graph, string z);
}
