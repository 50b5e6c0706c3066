using System.Numerics;
using Backprop.Activations;

namespace Backprop.Numerics;

/// <summary>
/// A dense layer on a single pattern (a batch of one), forward and backward, for the per-pattern training path of small
/// networks. Each kernel performs exactly the floating-point operations of the batched path for rows = 1 (GEMM's
/// direct loop: z_j = fma(x_p, W_pj, z_j) over p in order from 0, then + b_j; dW_ij = fma(x_i, dZ_j, 0) into a cleared
/// row; dB_j = dZ_j as the column sum of one row; dX_i through the same dot product), so both paths give bit-identical
/// results. No allocation, no virtual calls:
/// the activation is a struct type parameter, inlined per element.
/// </summary>
internal static class PatternKernels
{
    /// <summary>z = x W + b (b may be empty: no bias), y = f(z). x: in, W: in x out (row-major), z, y: out.</summary>
    public static void DenseForward<T, TFunction>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> z, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : IActivationFunction
    {
        int inputs = x.Length, outputs = z.Length;
        Kernels.Require(w.Length >= inputs * outputs, nameof(w), inputs * outputs, w.Length);
        Kernels.Require(b.IsEmpty || b.Length >= outputs, nameof(b), outputs, b.Length);
        Kernels.Require(y.Length >= outputs, nameof(y), outputs, y.Length);
        for (int j = 0; j < outputs; j++)
        {
            T sum = T.Zero;
            for (int p = 0; p < inputs; p++)
            {
                sum = T.FusedMultiplyAdd(x[p], w[p * outputs + j], sum);
            }
            if (!b.IsEmpty)
            {
                sum += b[j];
            }
            z[j] = sum;
            y[j] = TFunction.Forward(sum);
        }
    }

    /// <summary>
    /// dW = x^T dZ, dB = dZ (dB empty: no bias), and dX = dZ W^T unless dX is empty: the gradients are overwritten,
    /// as the batched path's backward does in a training step, so nothing needs clearing first.
    /// x: in, dZ: out, W and dW: in x out, dB: out, dX: in.
    /// </summary>
    public static void DenseBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dZ, ReadOnlySpan<T> w, Span<T> dW, Span<T> dB, Span<T> dX)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputs = x.Length, outputs = dZ.Length;
        Kernels.Require(w.Length >= inputs * outputs, nameof(w), inputs * outputs, w.Length);
        Kernels.Require(dW.Length >= inputs * outputs, nameof(dW), inputs * outputs, dW.Length);
        Kernels.Require(dB.IsEmpty || dB.Length >= outputs, nameof(dB), outputs, dB.Length);
        Kernels.Require(dX.IsEmpty || dX.Length >= inputs, nameof(dX), inputs, dX.Length);
        for (int i = 0; i < inputs; i++)
        {
            T xi = x[i];
            var row = dW.Slice(i * outputs, outputs);
            for (int j = 0; j < outputs; j++)
            {
                row[j] = T.FusedMultiplyAdd(xi, dZ[j], T.Zero);
            }
        }
        if (!dB.IsEmpty)
        {
            // Element by element: a few values cost less than a memory-move call.
            for (int j = 0; j < outputs; j++)
            {
                dB[j] = dZ[j];
            }
        }
        if (!dX.IsEmpty)
        {
            for (int i = 0; i < inputs; i++)
            {
                dX[i] = Gemm.Dot(dZ, w.Slice(i * outputs, outputs));
            }
        }
    }
}
