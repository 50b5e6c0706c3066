namespace Backprop.Numerics;

/// <summary>
/// Scalar functions for loss values taken from logits, accurate to a few ulps in double where the naive forms lose
/// everything (log(1 + 1e-40) is 0 in double). .NET's <c>double.LogP1</c> is log(1 + x), so it is not used here.
/// </summary>
internal static class StableMath
{
    /// <summary>log(1 + x) for x &gt; -1, to a few ulps also for tiny x (Kahan: log(u) x / (u - 1) with u = 1 + x).</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>
    /// Binary cross-entropy of a sigmoid unit from its logit z and target d:
    /// -[d log s(z) + (1 - d) log(1 - s(z))] = max(z, 0) - d z + log(1 + e^-|z|).
    /// </summary>
    public static double SigmoidCrossEntropy(double z, double d) => (Math.Max(z, 0.0) - d * z) + Log1P(Math.Exp(-Math.Abs(z)));

    /// <summary>
    /// Cross-entropy of a softmax row from its logits z and targets d: sum_k d_k (lse(z) - z_k), with
    /// lse(z) - z_k = (m - z_k) + log(1 + sum_{j != argmax} e^(z_j - m)) and m = max z, so a confident correct
    /// prediction keeps its tiny loss instead of rounding to 0.
    /// </summary>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> z, ReadOnlySpan<double> d)
    {
        int top = 0;
        for (int k = 1; k < z.Length; k++)
        {
            if (z[k] > z[top])
            {
                top = k;
            }
        }
        double m = z[top];
        double rest = 0;
        for (int k = 0; k < z.Length; k++)
        {
            if (k != top)
            {
                rest += Math.Exp(z[k] - m);
            }
        }
        double logSum = Log1P(rest);
        double sum = 0;
        for (int k = 0; k < z.Length; k++)
        {
            if (d[k] != 0)
            {
                sum += d[k] * ((m - z[k]) + logSum);
            }
        }
        return sum;
    }
}
