using System.Numerics;

namespace Backprop.Activations;

/// <summary>
/// An element-wise activation y = f(z) with its derivative beside it. Implemented by small readonly structs
/// so that <see cref="Numerics.Kernels.Map{T, TFunction}"/> inlines the call per element.
/// </summary>
public interface IActivationFunction
{
    /// <summary>The name used on the command line and in model files.</summary>
    static abstract string Name { get; }

    /// <summary>y = f(z).</summary>
    static abstract T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T>;

    /// <summary>f'(z), given z and the cached output y = f(z) (whichever is cheaper).</summary>
    static abstract T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T>;
}
