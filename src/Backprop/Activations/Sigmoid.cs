using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>Logistic sigmoid: y = 1 / (1 + e^-z); y' = y (1 - y).</summary>
/// <remarks>
/// In float, 1 + e^-z is <see cref="Simd.ExpFloat"/> (with the 1 added inside its last multiply-add) in vector lanes and in
/// scalar loops alike, so a layer's units go through in lanes and each gets the bits the scalar form gives it
/// (SigmoidTests bound its error against a double-precision reference); in double it is 1 + Math.Exp, lane by lane.
/// </remarks>
public readonly struct Sigmoid : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "sigmoid";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T> => T.One / Simd.OnePlusExp(-z);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T> => y * (T.One - y);

    /// <inheritdoc />
    public static bool IsVectorized => true;

    // The scalar form's operations lane by lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivationFunction.ForwardVector<T, TW, TV>(TV z) => TW.Divide(TW.One, TW.OnePlusExp(TW.Negate(z)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivationFunction.DerivativeVector<T, TW, TV>(TV z, TV y) => TW.Multiply(y, TW.Subtract(TW.One, y));

    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z) => graph.Node("Sigmoid", [z]);
}
