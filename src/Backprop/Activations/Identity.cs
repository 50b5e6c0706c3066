using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>Identity: y = z; y' = 1.</summary>
public readonly struct Identity : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "identity";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => z;

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => T.One;

    /// <inheritdoc />
    public static bool IsVectorized => true;

    /// <inheritdoc />
    public static Vector512<T> ForwardVector<T>(Vector512<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T> => z;

    /// <inheritdoc />
    public static Vector512<T> DerivativeVector<T>(Vector512<T> z, Vector512<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector512<T>.One;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => z;
}
