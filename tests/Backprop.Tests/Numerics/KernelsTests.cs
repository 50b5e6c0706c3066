using System.Numerics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary>The vectorised element-wise kernels against the scalar activation formulas, element by element.</summary>
public class KernelsTests
{
    public static TheoryData<int> Lengths => [1, 7, 15, 16, 17, 33, 257];

    private static T[] Values<T>(int n, int seed) where T : IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = T.CreateTruncating(random.NextDouble() * 4 - 2);
        }
        // Edge cases where a careless vector form differs from z > 0 ? z : 0 and z >= 0 ? 1 : 0.
        T[] special = [T.Zero, -T.Zero, T.NaN, T.PositiveInfinity, T.NegativeInfinity];
        for (int i = 0; i < Math.Min(n, special.Length); i++)
        {
            values[(i * 7) % n] = special[i];
        }
        return values;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ReluMapsMatchTheScalarFormInFloat(int n) => VectorFormMatches<float, Relu>(n);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ReluMapsMatchTheScalarFormInDouble(int n) => VectorFormMatches<double, Relu>(n);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void IdentityMapsMatchTheScalarForm(int n)
    {
        VectorFormMatches<float, Identity>(n);
        VectorFormMatches<double, Identity>(n);
    }

    /// <summary>
    /// Map, AddBiasMap and MapBackward (which take the vector form where the function has one) against the scalar
    /// f and f', bit for bit. Each activation's own tests call this for its struct.
    /// </summary>
    internal static void VectorFormMatches<T, TFunction>(int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        var z = Values<T>(n, 1);
        var dY = Values<T>(n, 2);
        var b = Values<T>(n, 3);
        var y = new T[n];
        var dZ = new T[n];
        Kernels.Map<T, TFunction>(z, y);
        Kernels.MapBackward<T, TFunction>(z, y, dY, dZ);
        var biased = (T[])z.Clone();
        var yBiased = new T[n];
        Kernels.AddBiasMap<T, TFunction>(b, biased, yBiased, 1, n);
        for (int i = 0; i < n; i++)
        {
            T expectedY = TFunction.Forward(z[i]);
            T expectedDz = dY[i] * TFunction.Derivative(z[i], expectedY);
            AssertSameBits(expectedY, y[i]);
            AssertSameBits(expectedDz, dZ[i]);
            AssertSameBits(z[i] + b[i], biased[i]);
            AssertSameBits(TFunction.Forward(z[i] + b[i]), yBiased[i]);
        }
    }

    private static void AssertSameBits<T>(T expected, T actual) where T : IBinaryFloatingPointIeee754<T> =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(expected)), BitConverter.DoubleToInt64Bits(double.CreateTruncating(actual)));
}
