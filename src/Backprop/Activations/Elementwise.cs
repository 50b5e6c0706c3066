using System.Numerics;
using Backprop.Layers;
using Backprop.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>An activation applied to each element on its own; its Jacobian is diagonal, so backward is dZ = dY * f'(z).</summary>
public sealed class Elementwise<TFunction> : Activation where TFunction : IActivationFunction
{
    private Elementwise()
    {
    }

    /// <summary>The one instance, so that activations compare by reference.</summary>
    internal static Elementwise<TFunction> Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => TFunction.Name;

    /// <inheritdoc />
    public override bool IsDifferentiable => TFunction.IsDifferentiable;

    /// <inheritdoc />
    public override Initializer DefaultInitializer => TFunction.DefaultInitializer;

    internal override ActivationKernel<T> Kernel<T>() => Bound<T>.Instance;

    internal override string AddOnnx(OnnxGraph graph, string z) => TFunction.AddOnnx(graph, z);

    /// <inheritdoc />
    public override void Forward<T>(ReadOnlySpan<T> z, Span<T> y, int rows, int cols) => Bound<T>.Instance.Forward(z, y, rows, cols);

    /// <inheritdoc />
    public override void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols) =>
        Bound<T>.Instance.Backward(z, y, dY, dZ, rows, cols);

    // The kernels with TFunction and T both known, so f and f' inline per element; bias and f in one pass.
    private sealed class Bound<T> : ActivationKernel<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly Bound<T> Instance = new();

        public override void Forward(ReadOnlySpan<T> z, Span<T> y, int rows, int cols) =>
            Kernels.Map<T, TFunction>(z[..(rows * cols)], y);

        public override void ForwardWithBias(ReadOnlySpan<T> b, Span<T> z, Span<T> y, int rows, int cols) =>
            Kernels.AddBiasMap<T, TFunction>(b, z, y, rows, cols);

        public override bool DenseForwardPacked(ReadOnlySpan<T> x, PackedMatrix<T> w, ReadOnlySpan<T> b, Span<T> z, Span<T> y,
            int m, int k, int n, int r0, int r1)
        {
            Gemm.MultiplyPackedBiasMap<T, TFunction>(x, w, b, z, y, m, k, n, r0, r1);
            return true;
        }

        public override void DenseRow(ref T x, ref T w, ref T b, bool bias, ref T z, ref T y, int k, int n) =>
            Kernels.DenseRow<T, TFunction>(ref x, ref w, ref b, bias, ref z, ref y, k, n);

        public override void Backward(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols) =>
            Kernels.MapBackward<T, TFunction>(z[..(rows * cols)], y, dY, dZ);

        public override void DenseRowBackward(ref T z, ref T y, ref T dY, ref T dZ, ref T x, ref T w, ref T dW, ref T dB, bool bias,
            ref T dX, bool inputGradient, int k, int n) =>
            Kernels.DenseRowBackward<T, TFunction>(ref z, ref y, ref dY, ref dZ, ref x, ref w, ref dW, ref dB, bias, ref dX, inputGradient, k, n);
    }
}
