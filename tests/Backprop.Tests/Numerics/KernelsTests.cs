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
    public void ReluMapsMatchTheScalarFormInFloat(int n) => ReluMatches<float>(n);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ReluMapsMatchTheScalarFormInDouble(int n) => ReluMatches<double>(n);

    private static void ReluMatches<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var z = Values<T>(n, 1);
        var dY = Values<T>(n, 2);
        var y = new T[n];
        var dZ = new T[n];
        Kernels.Map<T, Relu>(z, y);
        Kernels.MapBackward<T, Relu>(z, y, dY, dZ);
        for (int i = 0; i < n; i++)
        {
            T expectedY = Relu.Forward(z[i]);
            T expectedDz = dY[i] * Relu.Derivative(z[i], expectedY);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(expectedY)), BitConverter.DoubleToInt64Bits(double.CreateTruncating(y[i])));
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(expectedDz)), BitConverter.DoubleToInt64Bits(double.CreateTruncating(dZ[i])));
        }
    }
}
