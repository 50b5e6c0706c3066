using System.Numerics;
using Backprop.Layers;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>
/// Leaky rectified linear unit (Maas, Hannun and Ng 2013): y = z for z &gt; 0, else a z with a = 0.01;
/// y' = 1 for z &gt;= 0 (ReLU's convention at 0), else a.
/// </summary>
public readonly struct LeakyRelu : IActivationFunction
{
    /// <summary>The slope a for negative z.</summary>
    public const double Slope = 0.01;

    /// <inheritdoc />
    public static string Name => "leaky-relu";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => z > T.Zero ? z : T.CreateTruncating(Slope) * z;

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => z >= T.Zero ? T.One : T.CreateTruncating(Slope);

    /// <inheritdoc />
    public static bool IsVectorized => true;

    // z > 0 ? z : a z lane by lane, the scalar form's operations.
    static TV IActivationFunction.ForwardVector<T, TW, TV>(TV z) =>
        TW.ConditionalSelect(TW.GreaterThan(z, TW.Zero), z, TW.Multiply(TW.Create(T.CreateTruncating(Slope)), z));

    // z >= 0 ? 1 : a lane by lane.
    static TV IActivationFunction.DerivativeVector<T, TW, TV>(TV z, TV y) =>
        TW.ConditionalSelect(TW.GreaterThanOrEqual(z, TW.Zero), TW.One, TW.Create(T.CreateTruncating(Slope)));

    /// <inheritdoc />
    public static Initializer DefaultInitializer => Initializer.He;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("LeakyRelu", [z], "alpha", (float)Slope);
}
