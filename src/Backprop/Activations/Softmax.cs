using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>
/// Softmax over each row: y_i = e^z_i / sum_j e^z_j, a vector activation. Its Jacobian dy_i/dz_j = y_i (delta_ij - y_j)
/// is not diagonal, so backward is a Jacobian-vector product (with cross-entropy the losses fuse it to y - d).
/// </summary>
public sealed class Softmax : Activation
{
    private Softmax()
    {
    }

    /// <summary>The one instance, so that activations compare by reference.</summary>
    internal static Softmax Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "softmax";

    /// <inheritdoc />
    public override void Forward<T>(ReadOnlySpan<T> z, Span<T> y, int rows, int cols) => Bound<T>.Instance.Forward(z, y, rows, cols);

    /// <inheritdoc />
    public override void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols) =>
        Bound<T>.Instance.Backward(z, y, dY, dZ, rows, cols);

    internal override ActivationKernel<T> Kernel<T>() => Bound<T>.Instance;

    internal override string AddOnnx(OnnxGraph graph, string z) => graph.Node("Softmax", [z], ("axis", -1));

    private sealed class Bound<T> : ActivationKernel<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public static readonly Bound<T> Instance = new();

        public override void Forward(ReadOnlySpan<T> z, Span<T> y, int rows, int cols) => Kernels.Softmax(z, y, rows, cols);

        public override void ForwardWithBias(ReadOnlySpan<T> b, Span<T> z, Span<T> y, int rows, int cols)
        {
            Kernels.AddBias(b, z, rows, cols);
            Kernels.Softmax<T>(z, y, rows, cols);
        }

        public override void DenseRow(ref T x, ref T w, ref T b, bool bias, ref T z, ref T y, int k, int n)
        {
            Kernels.DenseRow<T, Identity>(ref x, ref w, ref b, bias, ref z, ref z, k, n);
            Kernels.Softmax<T>(MemoryMarshal.CreateReadOnlySpan(ref z, n), MemoryMarshal.CreateSpan(ref y, n), 1, n);
        }

        public override void Backward(ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> dY, Span<T> dZ, int rows, int cols) =>
            Kernels.SoftmaxBackward(y, dY, dZ, rows, cols);
    }
}
