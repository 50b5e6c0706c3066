using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary>The vectorised element-wise kernels against the scalar activation formulas, element by element.</summary>
public class KernelsTests
{
    // Around both widths' lanes: 8 floats or 4 doubles (Vector256), 16 floats or 8 doubles (Vector512).
    public static TheoryData<int> Lengths => [1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 257];

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

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AddMatchesTheScalarSumAtEveryWidth(int n)
    {
        AddMatches<float>(n);
        AddMatches<double>(n);
    }

    /// <summary>
    /// Map, AddBiasMap and MapBackward (which take the vector form where the function has one) against the scalar
    /// f and f', bit for bit: the width this CPU's kernels choose, then each width the CPU runs natively (Vector256 on
    /// AVX2, and Vector512 too on AVX-512). Each activation's own tests call this for its struct.
    /// </summary>
    internal static void VectorFormMatches<T, TFunction>(int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        var (z, dY, b) = (Values<T>(n, 1), Values<T>(n, 2), Values<T>(n, 3));
        var (y, dZ, biased, yBiased) = (new T[n], new T[n], (T[])z.Clone(), new T[n]);
        Kernels.Map<T, TFunction>(z, y);
        Kernels.MapBackward<T, TFunction>(z, y, dY, dZ);
        Kernels.AddBiasMap<T, TFunction>(b, biased, yBiased, 1, n);
        MatchesScalar<T, TFunction>(z, dY, b, y, dZ, biased, yBiased);
        if (Vector256.IsHardwareAccelerated)
            AtWidthMatches<T, TFunction, W256<T>, Vector256<T>>(z, dY, b);
        if (Vector512.IsHardwareAccelerated)
            AtWidthMatches<T, TFunction, W512<T>, Vector512<T>>(z, dY, b);
    }

    private static void AtWidthMatches<T, TFunction, TW, TV>(T[] z, T[] dY, T[] b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
        where TW : struct, IWidth<TV, T>
        where TV : struct
    {
        int n = z.Length;
        var (y, dZ, biased, yBiased) = (new T[n], new T[n], (T[])z.Clone(), new T[n]);
        Kernels.Map<T, TFunction, TW, TV>(z, y);
        Kernels.MapBackward<T, TFunction, TW, TV>(z, y, dY, dZ);
        Kernels.AddBiasMap<T, TFunction, TW, TV>(b, biased, yBiased, 1, n);
        MatchesScalar<T, TFunction>(z, dY, b, y, dZ, biased, yBiased);
    }

    private static void AddMatches<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y0) = (Values<T>(n, 4), Values<T>(n, 5));
        var expected = new T[n];
        for (int i = 0; i < n; i++)
            expected[i] = y0[i] + x[i];
        var y = (T[])y0.Clone();
        Kernels.Add<T>(x, y);
        for (int i = 0; i < n; i++)
            AssertSameBits(expected[i], y[i]);
        if (Vector256.IsHardwareAccelerated)
        {
            y = (T[])y0.Clone();
            Kernels.Add<T, W256<T>, Vector256<T>>(x, y);
            for (int i = 0; i < n; i++)
                AssertSameBits(expected[i], y[i]);
        }
        if (Vector512.IsHardwareAccelerated)
        {
            y = (T[])y0.Clone();
            Kernels.Add<T, W512<T>, Vector512<T>>(x, y);
            for (int i = 0; i < n; i++)
                AssertSameBits(expected[i], y[i]);
        }
    }

    private static void MatchesScalar<T, TFunction>(T[] z, T[] dY, T[] b, T[] y, T[] dZ, T[] biased, T[] yBiased)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        for (int i = 0; i < z.Length; i++)
        {
            T expectedY = TFunction.Forward(z[i]);
            T expectedDz = dY[i] * TFunction.Derivative(z[i], expectedY);
            AssertSameBits(expectedY, y[i]);
            AssertSameBits(expectedDz, dZ[i]);
            AssertSameBits(z[i] + b[i], biased[i]);
            AssertSameBits(TFunction.Forward(z[i] + b[i]), yBiased[i]);
        }
    }

    // Finite and infinite values bit for bit; a NaN only as a NaN: with two NaN operands (dY and f'(z) from a NaN z) the
    // CPU returns the first one's bits, and the JIT may put a product's operands in either order.
    private static void AssertSameBits<T>(T expected, T actual) where T : IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNaN(expected))
        {
            Assert.True(T.IsNaN(actual), $"NaN expected, {actual} found");
            return;
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.CreateTruncating(expected)), BitConverter.DoubleToInt64Bits(double.CreateTruncating(actual)));
    }
}
