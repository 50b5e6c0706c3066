using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Numerics;

namespace Backprop.Training;

/// <summary>
/// The gradient of one pattern (batch size 1) for a small network, computed without the big-network machinery.
/// </summary>
/// <remarks>
/// At batch 1 the general path (<see cref="Network{T}.ComputeGradients"/>: a GEMM call, a virtual activation call and
/// buffer bookkeeping per layer, sized for large batches) costs about 1 µs per update, far more than a 2-4-1 network's
/// arithmetic. This path does the same work in one object whose loops the JIT specialises to the activations' structs
/// (<typeparamref name="T"/>, hidden and output function types): no virtual call per layer or element, no GEMM
/// dispatch, buffers sized once. It performs exactly the batched path's floating-point operations in the same order
/// (see <see cref="PatternKernels"/>), so a trainer gives bit-identical weights whichever path it takes.
/// <see cref="TryCreate"/> accepts a network whose layers are all dense with element-wise activations, whose hidden
/// layers share one activation, and whose every layer is small enough for GEMM's direct loop at batch 1.
/// </remarks>
internal abstract class PatternGradient<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Runs forward, loss and backward for one pattern, writing dLoss/dW and dLoss/db over <see cref="Network{T}.Gradients"/>
    /// as <see cref="Network{T}.ComputeGradients"/> does with one row. Returns the loss.
    /// </summary>
    public abstract double Compute(ReadOnlySpan<T> x, ReadOnlySpan<T> target);

    /// <summary>The per-pattern path for <paramref name="network"/> and <paramref name="loss"/>, or null when the network does not qualify.</summary>
    public static PatternGradient<T>? TryCreate(Network<T> network, Loss loss)
    {
        var layers = network.Layers;
        int inputs = network.Inputs;
        foreach (var layer in layers)
        {
            if (layer is not Dense<T> || (long)layer.Inputs * layer.Outputs > Gemm.DirectWork)
            {
                return null;
            }
        }
        for (int i = 1; i < layers.Count - 1; i++)
        {
            if (layers[i].Activation != layers[0].Activation)
            {
                return null;
            }
        }
        // Two visits turn the hidden and output activations into the struct type arguments of the specialised class.
        var hidden = layers[0].Activation;
        var output = layers[^1].Activation;
        return hidden.Accept(new HiddenVisitor(network, loss, output));
    }

    private readonly struct HiddenVisitor(Network<T> network, Loss loss, Activation output) : IElementwiseVisitor<PatternGradient<T>?>
    {
        public PatternGradient<T>? Visit<THidden>() where THidden : IActivationFunction =>
            output.Accept(new OutputVisitor<THidden>(network, loss));

        public PatternGradient<T>? Other() => null;
    }

    private readonly struct OutputVisitor<THidden>(Network<T> network, Loss loss) : IElementwiseVisitor<PatternGradient<T>?>
        where THidden : IActivationFunction
    {
        public PatternGradient<T>? Visit<TOutput>() where TOutput : IActivationFunction =>
            new PatternGradient<T, THidden, TOutput>(network, loss);

        public PatternGradient<T>? Other() => null;
    }
}

/// <summary>The per-pattern path specialised to the hidden layers' and the output layer's activation functions.</summary>
internal sealed class PatternGradient<T, THidden, TOutput> : PatternGradient<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where THidden : IActivationFunction
    where TOutput : IActivationFunction
{
    private delegate double LossValue(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int rows, int cols);

    private delegate void LossGradient(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dOutput, int rows, int cols);

    private delegate bool LogitValue(Activation activation, ReadOnlySpan<T> logits, ReadOnlySpan<T> target, int rows, int cols, out double value);

    private delegate bool FusedGradient(Activation activation, ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> dZ, int rows, int cols);

    private readonly T[] parameters;
    private readonly T[] gradients;
    private readonly Activation outputActivation;
    // Per layer: where its weights start in the flat buffers, its widths, where its biases start (-1: none).
    private readonly int[] weightOffset, inputs, outputs, biasOffset;
    // Per layer: z, y and dLoss/dz of the current pattern, and dLoss/dy for the layer's output (hidden layers).
    private readonly T[][] z, y, dZ, dY;
    // The loss's generic virtual methods, bound once for T: a delegate call per pattern instead of a generic virtual lookup.
    private readonly LossValue lossValue;
    private readonly LogitValue logitValue;
    private readonly LossGradient lossGradient;
    private readonly FusedGradient fusedGradient;
    private readonly bool fuses;

    public PatternGradient(Network<T> network, Loss loss)
    {
        parameters = network.Parameters;
        gradients = network.Gradients;
        outputActivation = network.Layers[^1].Activation;
        int count = network.Layers.Count;
        weightOffset = new int[count];
        inputs = new int[count];
        outputs = new int[count];
        biasOffset = new int[count];
        z = new T[count][];
        y = new T[count][];
        dZ = new T[count][];
        dY = new T[count][];
        for (int l = 0; l < count; l++)
        {
            var layer = (Dense<T>)network.Layers[l];
            weightOffset[l] = layer.Offset;
            inputs[l] = layer.Inputs;
            outputs[l] = layer.Outputs;
            biasOffset[l] = layer.HasBias ? layer.Offset + layer.Inputs * layer.Outputs : -1;
            z[l] = new T[layer.Outputs];
            y[l] = new T[layer.Outputs];
            dZ[l] = new T[layer.Outputs];
            dY[l] = new T[layer.Outputs];
        }
        lossValue = loss.Value<T>;
        logitValue = loss.TryValueFromLogits<T>;
        lossGradient = loss.Gradient<T>;
        fusedGradient = loss.TryFusedGradient<T>;
        // Whether the loss fuses with the output activation depends on their types alone: ask once, on scratch values.
        int cols = network.Outputs;
        fuses = loss.TryFusedGradient<T>(outputActivation, new T[cols], new T[cols], new T[cols], 1, cols);
    }

    public override double Compute(ReadOnlySpan<T> x, ReadOnlySpan<T> target)
    {
        int last = z.Length - 1;
        ReadOnlySpan<T> input = x;
        for (int l = 0; l < last; l++)
        {
            PatternKernels.DenseForward<T, THidden>(input, Weights(l), Biases(l), z[l], y[l]);
            input = y[l];
        }
        T[] zOut = z[last], yOut = y[last], dzOut = dZ[last];
        PatternKernels.DenseForward<T, TOutput>(input, Weights(last), Biases(last), zOut, yOut);

        // From the logits where the loss has a stable form there, as Network.Loss on the batched path.
        if (!logitValue(outputActivation, zOut, target, 1, zOut.Length, out double value))
            value = lossValue(yOut, target, 1, yOut.Length);
        if (!fuses || !fusedGradient(outputActivation, yOut, target, dzOut, 1, yOut.Length))
        {
            lossGradient(yOut, target, dY[last], 1, yOut.Length);
            Kernels.MapBackward<T, TOutput>(zOut, yOut, dY[last], dzOut);
        }
        for (int l = last; l > 0; l--)
        {
            PatternKernels.DenseBackward<T>(y[l - 1], dZ[l], Weights(l), WeightGradients(l), BiasGradients(l), dY[l - 1]);
            Kernels.MapBackward<T, THidden>(z[l - 1], y[l - 1], dY[l - 1], dZ[l - 1]);
        }
        PatternKernels.DenseBackward<T>(x, dZ[0], Weights(0), WeightGradients(0), BiasGradients(0), []);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<T> Weights(int layer) => parameters.AsSpan(weightOffset[layer], inputs[layer] * outputs[layer]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<T> Biases(int layer) => biasOffset[layer] < 0 ? [] : parameters.AsSpan(biasOffset[layer], outputs[layer]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<T> WeightGradients(int layer) => gradients.AsSpan(weightOffset[layer], inputs[layer] * outputs[layer]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<T> BiasGradients(int layer) => biasOffset[layer] < 0 ? [] : gradients.AsSpan(biasOffset[layer], outputs[layer]);
}
