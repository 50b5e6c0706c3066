using System.Numerics;
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

    // z > 0 ? z : 0 lane by lane (so NaN and -0 give +0, as the scalar form does).
    static TV IActivationFunction.ForwardVector<T, TW, TV>(TV z) => TW.ConditionalSelect(TW.GreaterThan(z, TW.Zero), z, TW.Zero);

    // z >= 0 ? 1 : 0 lane by lane.
    static TV IActivationFunction.DerivativeVector<T, TW, TV>(TV z, TV y) =>
        TW.ConditionalSelect(TW.GreaterThanOrEqual(z, TW.Zero), TW.One, TW.Zero);

    /// <inheritdoc />
    public static Initializer DefaultInitializer => Initializer.He;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Relu", [z]);
}
