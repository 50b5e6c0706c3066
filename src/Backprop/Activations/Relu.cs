using System.Numerics;

namespace Backprop.Activations;

/// <summary>Rectified linear unit: y = max(z, 0); y' = 1 for z &gt;= 0, else 0 (the notes' convention at 0).</summary>
public readonly struct Relu : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "relu";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => z > T.Zero ? z : T.Zero;

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => z >= T.Zero ? T.One : T.Zero;
}
