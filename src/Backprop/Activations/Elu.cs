using System.Numerics;
using Backprop.Layers;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>
/// Exponential linear unit (Clevert, Unterthiner and Hochreiter 2015) with alpha = 1: y = z for z &gt; 0, else
/// alpha (e^z - 1); y' = 1 for z &gt; 0, else y + alpha (= alpha e^z, so both sides give 1 at 0).
/// </summary>
public readonly struct Elu : IActivationFunction
{
    /// <summary>alpha: the value ELU saturates to, -alpha, as z goes to minus infinity.</summary>
    public const double Alpha = 1.0;

    /// <inheritdoc />
    public static string Name => "elu";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> =>
        z > T.Zero ? z : T.CreateTruncating(Alpha) * T.ExpM1(z);

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> =>
        z > T.Zero ? T.One : y + T.CreateTruncating(Alpha);

    /// <inheritdoc />
    public static Initializer DefaultInitializer => Initializer.He;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Elu", [z], "alpha", (float)Alpha);
}
