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

    // Float against 1 / (1 + e^-z) in double, rounded to float: within 3 units in the last place (measured: 2.5; the
    // exponential alone is within 1) from z = -87 (sigmoid about 1.6e-38, the smallest normal floats) to 87 (sigmoid 1).
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
