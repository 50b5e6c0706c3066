using System.Numerics;
using System.Runtime.InteropServices;

namespace Backprop.Activations;

/// <summary>
/// An activation bound to one element type: what a layer calls per batch. <see cref="Activation"/>'s methods are generic
/// virtual methods, whose every call pays a runtime lookup; a layer asks for this kernel once and then makes one plain
/// virtual call per layer and batch, which matters at batch 1 on tiny networks.
/// </summary>
internal abstract class ActivationKernel<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>y = f(z). z, y: rows x cols.</summary>
    public abstract void Forward(ReadOnlySpan<T> z, Span<T> y, int rows, int cols);

    /// <summary>z += b on every row (b: cols), then y = f(z).</summary>
    public abstract void ForwardWithBias(ReadOnlySpan<T> b, Span<T> z, Span<T> y, int rows, int cols);

    /// <summary>
    /// One pattern through a small dense layer: z = x W + b (b read only where <paramref name="bias"/>), y = f(z); x: k,
    /// W: k x n, b, z, y: n, as references to buffers the layer has sized. The same bits as GEMM then
    /// <see cref="ForwardWithBias"/> (see <see cref="Numerics.Kernels.DenseRow{T, TFunction}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, int, int)"/>).
    /// </summary>
    public abstract void DenseRow(ref T x, ref T w, ref T b, bool bias, ref T z, ref T y, int k, int n);

    /// <summary>
    /// Rows r0 .. r1 of a dense layer's z = x W + b, y = f(z) with W packed (x: m x k, z, y: m x n), bias and f applied
    /// to each GEMM tile while it is in cache: the bits of the product then <see cref="ForwardWithBias"/>. False, doing
    /// nothing, where the activation is not element-wise (then the layer makes the two calls).
    /// </summary>
    public virtual bool DenseForwardPacked(ReadOnlySpan<T> x, Numerics.PackedMatrix<T> w, ReadOnlySpan<T> b, Span<T> z, Span<T> y,
        int m, int k, int n, int r0, int r1) => false;

    /// <summary>dZ = (dy/dz)^T dY for each row, given z, the cached y and dY. All rows x cols.</summary>
    public abstract void Backward(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols);

    /// <summary>
    /// One pattern back through a small dense layer from dLoss/dy: dZ = (dy/dz)^T dY (<see cref="Backward"/>), then dW,
    /// dB (where <paramref name="bias"/>) and dX (where <paramref name="inputGradient"/>) as
    /// <see cref="Numerics.Kernels.DenseRowBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, int, int)"/>
    /// writes them. z, y, dY, dZ, dB: n; x, dX: k; W, dW: k x n; references to buffers the layer has sized.
    /// </summary>
    public virtual void DenseRowBackward(ref T z, ref T y, ref T dY, ref T dZ, ref T x, ref T w, ref T dW, ref T dB, bool bias,
        ref T dX, bool inputGradient, int k, int n)
    {
        Backward(MemoryMarshal.CreateReadOnlySpan(ref z, n), MemoryMarshal.CreateReadOnlySpan(ref y, n), MemoryMarshal.CreateReadOnlySpan(ref dY, n),
            MemoryMarshal.CreateSpan(ref dZ, n), 1, n);
        Numerics.Kernels.DenseRowBackward<T>(ref x, ref dZ, ref w, ref dW, ref dB, bias, ref dX, inputGradient, k, n);
    }
}
