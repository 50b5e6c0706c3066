using System.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>Threshold: y = 1 if z &gt;= 0 else 0; y' = 0 (undefined at 0), so it cannot be trained by gradients.</summary>
public readonly struct Step : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "step";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => z >= T.Zero ? T.One : T.Zero;

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => T.Zero;

    /// <inheritdoc />
    public static bool IsDifferentiable => false;

    // ONNX has no step operator: 1 where z >= 0 (a boolean), cast to float.
    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) =>
        graph.Node("Cast", [graph.Node("GreaterOrEqual", [z, graph.Floats("zero", [], [0f])])], ("to", OnnxGraph.FloatType));
}
