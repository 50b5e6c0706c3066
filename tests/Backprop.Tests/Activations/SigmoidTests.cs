using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Activations;
using Backprop.Numerics;
using Backprop.Tests.Numerics;

namespace Backprop.Tests.Activations;

/// <summary>
/// The sigmoid's float exponential is one polynomial in lanes and in scalar loops alike: its lanes at every width against
/// its scalar form bit for bit, and its error against a double-precision reference.
/// </summary>
public class SigmoidTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(257)]
    public void VectorFormMatchesTheScalarForm(int n)
    {
        KernelsTests.VectorFormMatches<float, Sigmoid>(n);
        KernelsTests.VectorFormMatches<double, Sigmoid>(n);
    }

    [Fact]
    public void LanesAtEveryWidthGiveTheScalarBitsOverTheWholeRange()
    {
        LanesMatch<float>();
        LanesMatch<double>();
    }

    // Float against 1 / (1 + e^-z) in double, rounded to float: within 3 units in the last place (measured: 2 on this
    // grid, 3 at a few binade edges over every float; the exponential alone is within 0.751) from z = -87 (sigmoid
    // about 1.6e-38, the smallest normal floats) to 87 (sigmoid 1).
    [Fact]
    public void FloatIsWithinThreeUlpsOfTheDoubleReference()
    {
        double worst = 0;
        foreach (float z in Grid(87))
        {
            float y = Sigmoid.Forward(z);
            float reference = (float)(1 / (1 + Math.Exp(-(double)z)));
            float ulp = MathF.BitIncrement(reference) - reference;
            worst = Math.Max(worst, Math.Abs(y - reference) / ulp);
        }
        Assert.InRange(worst, 0, 3);
    }

    // The exponential alone (plus 0) against Math.Exp: within 0.751 units in the last place of the rounded value over
    // its range (measured 0.7509 over every float of [-87.33, 88], 0.7482 over every 7th), exactly 1 at 0.
    [Fact]
    public void FloatExponentialIsWithinItsBoundOfMathExp()
    {
        double worst = 0;
        foreach (float x in Grid(87.33).Concat(Grid(88)))
        {
            if (x < -87.33f || x > 88f)
                continue;
            float e = Simd.ExpFloat(Vector128.CreateScalar(x), Vector128<float>.Zero).ToScalar();
            double exact = Math.Exp(x);
            float rounded = (float)exact;
            worst = Math.Max(worst, Math.Abs(e - exact) / (MathF.BitIncrement(rounded) - rounded));
        }
        Assert.InRange(worst, 0, 0.751);
        Assert.Equal(1f, Simd.ExpFloat(Vector128<float>.Zero, Vector128<float>.Zero).ToScalar());
    }

    // Outside [-87.33, 88]: 0 below (where e^x would be subnormal), e^88 above, NaN stays NaN; the addend after it.
    [Theory]
    [InlineData(-87.34f, 0f)]
    [InlineData(-100f, 0f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(88.5f, 1.65163627e+38f)]
    [InlineData(1e30f, 1.65163627e+38f)]
    [InlineData(float.PositiveInfinity, 1.65163627e+38f)]
    public void FloatExponentialOutsideItsRange(float x, float expected)
    {
        Assert.Equal(expected, Simd.ExpFloat(Vector128.Create(x), Vector128<float>.Zero).ToScalar());
        Assert.Equal(expected + 1, Simd.ExpFloat(Vector128.Create(x), Vector128<float>.One).ToScalar());
        Assert.Equal((float)Math.Exp(88), Simd.ExpFloat(Vector128.Create(88f), Vector128<float>.Zero).ToScalar());
        Assert.True(float.IsNaN(Simd.ExpFloat(Vector128.Create(float.NaN), Vector128<float>.One).ToScalar()));
    }

    // The table of 2^(j / 16): each form the CPU runs (a permute on AVX-512, two and a blend on AVX2) gives the loads'
    // values for every j, whatever the lane's other bits.
    [Fact]
    public void TableFormsGiveTheLoadsValues()
    {
        var random = new Random(7);
        for (int i = 0; i < 64; i++)
        {
            var bits = Vector128.Create(random.Next() & ~15 | i % 16, random.Next(), -random.Next(), (i * 5) % 16);
            var expected = Simd.PowerTableLoads(bits);
            if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
                Assert.Equal(expected, Simd.PowerTable512(bits));
            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
                Assert.Equal(expected, Simd.PowerTable256(bits));
        }
        for (int j = 0; j < 16; j++)
        {
            var (power, error) = Simd.PowerTableLoads(Vector128.Create(j));
            Assert.Equal((float)Math.Pow(2, j / 16.0), power[0]);
            Assert.Equal((float)((Math.Pow(2, j / 16.0) - power[0]) / power[0]), error[0]);
        }
    }

    // Double keeps Math.Exp: the textbook formula's bits.
    [Fact]
    public void DoubleIsTheFormulaThroughMathExp()
    {
        foreach (float z in Grid(700))
            Assert.Equal(1 / (1 + Math.Exp(-(double)z)), Sigmoid.Forward((double)z));
    }

    [Fact]
    public void SaturatesWithoutNaN()
    {
        Assert.InRange(Sigmoid.Forward(-200f), 0f, 1e-38f);
        Assert.Equal(1f, Sigmoid.Forward(200f));
        Assert.Equal(0.0, Sigmoid.Forward(-1000.0));
        Assert.Equal(1.0, Sigmoid.Forward(1000.0));
        Assert.Equal(0.5f, Sigmoid.Forward(0f));
        Assert.True(float.IsNaN(Sigmoid.Forward(float.NaN)));
    }

    // Evenly spaced points over [-limit, limit] and random ones between them.
    private static IEnumerable<float> Grid(double limit)
    {
        for (double z = -limit; z <= limit; z += limit / 20_000)
            yield return (float)z;
        var random = new Random(3);
        for (int i = 0; i < 20_000; i++)
            yield return (float)((random.NextDouble() * 2 - 1) * limit);
    }

    private static void LanesMatch<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(5);
        var z = new T[4096];
        for (int i = 0; i < z.Length; i++)
            z[i] = T.CreateTruncating((random.NextDouble() * 2 - 1) * (i % 2 == 0 ? 10 : 800));
        var expected = new T[z.Length];
        for (int i = 0; i < z.Length; i++)
            expected[i] = Sigmoid.Forward(z[i]);
        if (Vector128.IsHardwareAccelerated)
            AtWidth<T, W128<T>, Vector128<T>>(z, expected);
        if (Vector256.IsHardwareAccelerated)
            AtWidth<T, W256<T>, Vector256<T>>(z, expected);
        if (Vector512.IsHardwareAccelerated)
            AtWidth<T, W512<T>, Vector512<T>>(z, expected);
    }

    private static void AtWidth<T, TW, TV>(T[] z, T[] expected)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TW : struct, IWidth<TV, T>
        where TV : struct
    {
        var y = new T[z.Length];
        Kernels.Map<T, Sigmoid, TW, TV>(z, y);
        for (int i = 0; i < z.Length; i++)
            Assert.True(expected[i].Equals(y[i]), $"{typeof(TV).Name} lane of z = {z[i]}: {y[i]}, scalar {expected[i]}");
    }
}
