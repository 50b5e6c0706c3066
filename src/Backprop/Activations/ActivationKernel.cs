using System.Numerics;

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
    /// One pattern through a small dense layer: z = x W + b (b empty: no bias), y = f(z); x: k, W: k x n. The same bits
    /// as GEMM then <see cref="ForwardWithBias"/> (see <see cref="Numerics.Kernels.DenseRow{T, TFunction}"/>).
    /// </summary>
    public abstract void DenseRow(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> z, Span<T> y, int k, int n);

    /// <summary>dZ = (dy/dz)^T dY for each row, given z, the cached y and dY. All rows x cols.</summary>
    public abstract void Backward(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols);

    /// <summary>
    /// One pattern back through a small dense layer from dLoss/dy: dZ = (dy/dz)^T dY (<see cref="Backward"/>), then dW,
    /// dB and dX as <see cref="Numerics.Kernels.DenseRowBackward{T}"/> writes them. z, y, dY, dZ, dB: n; x, dX: k; W, dW: k x n.
    /// </summary>
    public virtual void DenseRowBackward(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, ReadOnlySpan<T> x,
        ReadOnlySpan<T> w, Span<T> dW, Span<T> dB, Span<T> dX, int k, int n)
    {
        Backward(z, y, dY, dZ, 1, n);
        Numerics.Kernels.DenseRowBackward<T>(x, dZ, w, dW, dB, dX, k, n);
    }
}
