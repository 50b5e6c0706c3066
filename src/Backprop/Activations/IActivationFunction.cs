using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Layers;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>
/// An element-wise activation y = f(z) and everything the library needs to know about it, in one small readonly
/// struct: its name (command line and model files), f and f' side by side, optionally a Vector512 form, its default
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
    /// True when <see cref="ForwardVector{T}"/> and <see cref="DerivativeVector{T}"/> are real vector forms, giving each
    /// lane exactly what the scalar forms give; the kernels then run Vector512 lanes.
    /// </summary>
    static virtual bool IsVectorized => false;

    /// <summary>f on every lane; asked for only when <see cref="IsVectorized"/> is true.</summary>
    static virtual Vector512<T> ForwardVector<T>(Vector512<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        throw new NotSupportedException("This activation has no vector form (IsVectorized is false).");

    /// <summary>f' on every lane, given z and y; asked for only when <see cref="IsVectorized"/> is true.</summary>
    static virtual Vector512<T> DerivativeVector<T>(Vector512<T> z, Vector512<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        throw new NotSupportedException("This activation has no vector form (IsVectorized is false).");

    /// <summary>False when f' is 0 wherever it exists (the step function): gradients cannot train it.</summary>
    static virtual bool IsDifferentiable => true;

    /// <summary>How a layer with this activation draws its weights unless told otherwise: Xavier, He for ReLU-like units.</summary>
    static virtual Initializer DefaultInitializer => Initializer.Xavier;

    /// <summary>Adds the ONNX nodes computing y = f(z) from the value named <paramref name="z"/>; returns y's name.</summary>
    internal static abstract string AddOnnx(OnnxGraph graph, string z);
}
