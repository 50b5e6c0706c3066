using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Tests.Numerics;

/// <summary>
/// Each update rule through <see cref="UpdateKernels.Run{T, TRule}"/> (vector lanes, then the scalar tail) against a
/// plain loop of its formula, bit for bit, on awkward lengths in float and double.
/// </summary>
public class UpdateKernelsTests
{
    public static TheoryData<int> Lengths => [1, 7, 33, 257];

    private static T[] Values<T>(int n, int seed, double low = -2, double high = 2) where T : IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = T.CreateTruncating(low + random.NextDouble() * (high - low));
        }
        return values;
    }

    private static void Check<T, TRule>(int n, TRule rule, Func<T, T, T, T, (T W, T S0, T S1)> reference)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        // State stays positive where a rule takes its square root.
        var (w, g, s0, s1) = (Values<T>(n, 1), Values<T>(n, 2), Values<T>(n, 3, 0, 2), Values<T>(n, 4, 0, 2));
        var (w2, s02, s12) = ((T[])w.Clone(), (T[])s0.Clone(), (T[])s1.Clone());
        // The same update adding the gradients' share to a mean in its pass, on copies.
        var (w3, s03, s13, mean) = ((T[])w.Clone(), (T[])s0.Clone(), (T[])s1.Clone(), Values<T>(n, 5));
        var mean0 = (T[])mean.Clone();
        T share = T.CreateTruncating(0.25);
        UpdateKernels.Run(rule, w, g, TRule.States > 0 ? s0 : default, TRule.States > 1 ? s1 : default);
        UpdateKernels.RunAddingMean(rule, w3, g, TRule.States > 0 ? s03 : default, TRule.States > 1 ? s13 : default, mean, share);
        for (int i = 0; i < n; i++)
        {
            var (wi, s0i, s1i) = reference(w2[i], g[i], s02[i], s12[i]);
            Assert.Equal(wi, w[i]);
            Assert.Equal(wi, w3[i]);
            Assert.Equal(mean0[i] + share * g[i], mean[i]);
            if (TRule.States > 0)
            {
                Assert.Equal(s0i, s0[i]);
                Assert.Equal(s0i, s03[i]);
            }
            if (TRule.States > 1)
            {
                Assert.Equal(s1i, s1[i]);
                Assert.Equal(s1i, s13[i]);
            }
        }
    }

    private static void AllRules<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T eta = T.CreateTruncating(0.37), alpha = T.CreateTruncating(0.9), rho = T.CreateTruncating(0.95);
        T eps = T.CreateTruncating(1e-6), b1 = T.CreateTruncating(0.9), b2 = T.CreateTruncating(0.999);
        T cm = T.CreateTruncating(0.1), cg = T.CreateTruncating(0.02), cv = T.CreateTruncating(1.5);
        Check<T, AddScaledRule<T>>(n, new(eta), (w, g, s0, s1) => (w + eta * g, s0, s1));
        Check<T, SgdRule<T>>(n, new(eta), (w, g, s0, s1) => (w - eta * g, s0, s1));
        Check<T, MomentumRule<T>>(n, new(eta, alpha, nesterov: false), (w, g, d, s1) =>
        {
            d = alpha * d - eta * g;
            return (w + d, d, s1);
        });
        Check<T, MomentumRule<T>>(n, new(eta, alpha, nesterov: true), (w, g, d, s1) =>
        {
            d = alpha * d - eta * g;
            return (w + (alpha * d - eta * g), d, s1);
        });
        Check<T, ScaledRule<T>>(n, new(eta, T.One, T.One, eps), (w, g, s, s1) =>
        {
            s += g * g;
            return (w - eta * g / T.Sqrt(s + eps), s, s1);
        });
        Check<T, ScaledRule<T>>(n, new(eta, rho, T.One - rho, eps), (w, g, s, s1) =>
        {
            s = rho * s + (T.One - rho) * (g * g);
            return (w - eta * g / T.Sqrt(s + eps), s, s1);
        });
        Check<T, AdaDeltaRule<T>>(n, new(eta, rho, eps), (w, g, s, u) =>
        {
            s = rho * s + (T.One - rho) * (g * g);
            T dx = -(T.Sqrt(u + eps) / T.Sqrt(s + eps) * g);
            u = rho * u + (T.One - rho) * (dx * dx);
            return (w + eta * dx, s, u);
        });
        Check<T, AdamRule<T>>(n, new(b1, b2, cm, cg, cv, eps), (w, g, m, v) =>
        {
            m = b1 * m + (T.One - b1) * g;
            v = b2 * v + (T.One - b2) * (g * g);
            return (w - (cm * m + cg * g) / (T.Sqrt(cv * v) + eps), m, v);
        });
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryRuleMatchesItsPlainLoopInFloat(int n) => AllRules<float>(n);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryRuleMatchesItsPlainLoopInDouble(int n) => AllRules<double>(n);

    [Fact]
    public void MismatchedLengthsAreRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => UpdateKernels.Run(new MomentumRule<double>(0.1, 0.9, false), new double[3], new double[3], new double[2], default));
        Assert.Equal("s0", e.ParamName);
        Assert.Throws<ArgumentException>(() => UpdateKernels.Run(new SgdRule<double>(0.1), new double[3], new double[4], default, default));
        e = Assert.Throws<ArgumentException>(() => UpdateKernels.RunAddingMean(new SgdRule<double>(0.1), new double[3], new double[3], default, default, new double[2], 0.5));
        Assert.Equal("mean", e.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(257)]
    public void SumOfSquaresIsTheScalarChainInIndexOrder(int n)
    {
        // Magnitudes from 1e-20 to 1e20, so that rounding at each addition depends on the order.
        var random = new Random(n + 5);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 21)));
        }
        double expected = 0;
        foreach (float v in x)
        {
            expected += (double)v * v;
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(UpdateKernels.SumOfSquares<float>(x)));
        Assert.Equal(expected, UpdateKernels.SumOfSquares<double>(Array.ConvertAll(x, v => (double)v)));
        if (n > 0)
        {
            x[n / 2] = float.NaN;
            Assert.True(double.IsNaN(UpdateKernels.SumOfSquares<float>(x)));
        }
    }
}
