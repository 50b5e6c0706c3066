using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Layers;
using Backprop.Persistence;

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

    /// <inheritdoc />
    public static bool IsVectorized => true;

    /// <summary>z &gt; 0 ? z : 0 lane by lane (so NaN and -0 give +0, as the scalar form does).</summary>
    public static Vector512<T> ForwardVector<T>(Vector512<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<T>.Zero), z, Vector512<T>.Zero);

    /// <summary>z &gt;= 0 ? 1 : 0 lane by lane.</summary>
    public static Vector512<T> DerivativeVector<T>(Vector512<T> z, Vector512<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(z, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero);

    /// <inheritdoc />
    public static Initializer DefaultInitializer => Initializer.He;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Relu", [z]);
}
