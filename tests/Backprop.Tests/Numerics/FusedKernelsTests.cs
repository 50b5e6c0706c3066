using System.Numerics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary>
/// The fused kernels (one pass doing the work of two) against the two passes they replace, bit for bit, on awkward
/// lengths in float and double.
/// </summary>
public class FusedKernelsTests
{
    public static TheoryData<int> Lengths => [1, 7, 33, 257];

    private static T[] Values<T>(int n, int seed) where T : IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = T.CreateTruncating(random.NextDouble() * 4 - 2);
        }
        T[] special = [T.Zero, -T.Zero];
        for (int i = 0; i < Math.Min(n, special.Length); i++)
        {
            values[(i * 5) % n] = special[i];
        }
        return values;
    }

    private static void AssertBits<T>(T[] expected, T[] actual) where T : IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(expected[i])), BitConverter.DoubleToInt64Bits(double.CreateTruncating(actual[i])));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AddBiasMapEqualsAddBiasThenMapInFloat(int n)
    {
        AddBiasMapMatches<float, Relu>(n);
        AddBiasMapMatches<float, Sigmoid>(n);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AddBiasMapEqualsAddBiasThenMapInDouble(int n)
    {
        AddBiasMapMatches<double, Relu>(n);
        AddBiasMapMatches<double, Tanh>(n);
    }

    private static void AddBiasMapMatches<T, TFunction>(int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        const int rows = 3;
        var b = Values<T>(cols, 5);
        b[cols / 2] = T.NaN;
        var z1 = Values<T>(rows * cols, 6);
        var z2 = (T[])z1.Clone();
        var y1 = new T[rows * cols];
        var y2 = new T[rows * cols];
        Kernels.AddBias<T>(b, z1, rows, cols);
        Kernels.Map<T, TFunction>(z1, y1);
        Kernels.AddBiasMap<T, TFunction>(b, z2, y2, rows, cols);
        AssertBits(z1, z2);
        AssertBits(y1, y2);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ColumnSumsEqualAddColumnSumsFromZeroInFloat(int n) => ColumnSumsMatch<float>(n);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ColumnSumsEqualAddColumnSumsFromZeroInDouble(int n) => ColumnSumsMatch<double>(n);

    private static void ColumnSumsMatch<T>(int rows) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int cols = 19;
        var dZ = Values<T>(rows * cols, 7);
        var expected = new T[cols];
        Kernels.AddColumnSums<T>(dZ, expected, rows, cols);
        var actual = Values<T>(cols, 8);
        Kernels.ColumnSums<T>(dZ, actual, rows, cols);
        for (int j = 0; j < cols; j++)
        {
            // Equal values; only a zero sum's sign may differ (0 + -0 is +0, the copy keeps -0).
            Assert.Equal(double.CreateTruncating(expected[j]), double.CreateTruncating(actual[j]));
        }
    }
}
