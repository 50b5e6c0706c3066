using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>Logistic sigmoid: y = 1 / (1 + e^-z); y' = y (1 - y).</summary>
public readonly struct Sigmoid : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "sigmoid";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-z));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => y * (T.One - y);

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Sigmoid", [z]);
}
