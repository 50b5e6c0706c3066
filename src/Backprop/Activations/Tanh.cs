using System.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>Hyperbolic tangent: y = tanh(z); y' = 1 - y^2.</summary>
public readonly struct Tanh : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "tanh";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => T.Tanh(z);

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => T.One - y * y;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Tanh", [z]);
}
