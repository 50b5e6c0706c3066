using System.Numerics;

namespace Backprop.Numerics;

/// <summary>Matrix multiply (placeholder reference; replaced by the blocked SIMD kernel).</summary>
public static class Gemm
{
    /// <summary>C = op(A) op(B) (+ C).</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA = false, bool transB = false, bool accumulate = false, int threads = 1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        MultiplyReference(a, b, c, m, k, n, transA, transB, accumulate);

    /// <summary>Reference triple loop.</summary>
    public static void MultiplyReference<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n,
        bool transA = false, bool transB = false, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = accumulate ? c[i * n + j] : T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = sum;
            }
        }
    }
}
