using System.Numerics;
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

    static TV IActivationFunction.ForwardVector<T, TW, TV>(TV z) => z;

    static TV IActivationFunction.DerivativeVector<T, TW, TV>(TV z, TV y) => TW.One;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => z;
}
