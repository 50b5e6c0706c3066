using System.Numerics;
using Backprop.Layers;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>Softplus: y = log(1 + e^z), computed as max(z, 0) + log(1 + e^-|z|) to stay finite; y' = sigmoid(z).</summary>
public readonly struct Softplus : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "softplus";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> =>
        T.Max(z, T.Zero) + T.LogP1(T.Exp(-T.Abs(z)));

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => Sigmoid.Forward(z);

    /// <inheritdoc />
    public static Initializer DefaultInitializer => Initializer.He;

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Softplus", [z]);
}
