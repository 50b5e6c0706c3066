using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Diagnostics;

/// <summary>
/// One pattern's forward and backward pass through a dense network, number by number, in the notes' terms: for each
/// unit its weighted sum z, activation a, error delta = dC/dz, the gradients dC/dw = delta * input and dC/db = delta,
/// and the gradient-descent updates -eta dC/dw and -eta dC/db. Built by <see cref="Trace{T}"/>.
/// </summary>
/// <param name="Input">The pattern x.</param>
/// <param name="Target">The target y.</param>
/// <param name="Loss">The loss C, by name.</param>
/// <param name="LossValue">C for this pattern.</param>
/// <param name="LearningRate">The learning rate eta of the updates.</param>
/// <param name="Layers">The layers, input side first.</param>
public sealed record BackpropTrace(
    IReadOnlyList<double> Input, IReadOnlyList<double> Target, string Loss, double LossValue, double LearningRate,
    IReadOnlyList<LayerTrace> Layers)
{
    /// <summary>
    /// Runs one forward and one backward pass of <paramref name="network"/> on a single pattern and records every
    /// number. The parameters are left unchanged (the updates are reported, not applied); the gradient buffer holds
    /// this pattern's gradient afterwards.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer is not dense.</exception>
    /// <exception cref="InvalidOperationException">A layer uses the step activation (no gradient).</exception>
    public static BackpropTrace Trace<T>(Network<T> network, Loss loss, ReadOnlySpan<T> x, ReadOnlySpan<T> target, double learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        var dense = new Dense<T>[network.Layers.Count];
        for (int l = 0; l < dense.Length; l++)
        {
            dense[l] = network.Layers[l] as Dense<T>
                ?? throw new NotSupportedException($"Explain traces dense layers only; layer {l + 1} is {network.Layers[l]}.");
        }
        if (target.Length != network.Outputs)
        {
            throw new ArgumentException($"Target has {target.Length} values; the network has {network.Outputs} outputs.", nameof(target));
        }

        // One row, so the deltas are the notes' per-pattern deltas (a batch mean would scale them by 1 / rows).
        double lossValue = network.ComputeGradients(x, target, 1, loss);

        // dC/da of the output units, from the loss alone (the network may have used a fused dC/dz instead).
        var dOutput = new T[network.Outputs];
        loss.Gradient(dense[^1].Y, target, dOutput, 1, network.Outputs);

        var layers = new LayerTrace[dense.Length];
        for (int l = dense.Length - 1; l >= 0; l--)
        {
            var layer = dense[l];
            double[] inputs = l == 0 ? ToDouble(x) : ToDouble(dense[l - 1].Y);
            double[] activationGradient = l == dense.Length - 1 ? ToDouble(dOutput) : BackpropagatedError(dense[l + 1]);
            layers[l] = TraceLayer(layer, l, inputs, activationGradient, learningRate);
        }
        return new BackpropTrace(ToDouble(x), ToDouble(target), loss.Name, lossValue, learningRate, layers);
    }

    private static LayerTrace TraceLayer<T>(Dense<T> layer, int index, double[] inputs, double[] activationGradient, double learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int ins = layer.Inputs, outs = layer.Outputs;
        var weights = layer.Weights;
        var biases = layer.Biases;
        var gradients = layer.Gradients;
        var units = new UnitTrace[outs];
        for (int j = 0; j < outs; j++)
        {
            var w = new double[ins];
            var dW = new double[ins];
            var update = new double[ins];
            for (int k = 0; k < ins; k++)
            {
                // Weights[k * out + j] is w_jk, from input k to unit j.
                w[k] = double.CreateChecked(weights[k * outs + j]);
                dW[k] = double.CreateChecked(gradients[k * outs + j]);
                update[k] = -learningRate * dW[k];
            }
            double? bias = layer.HasBias ? double.CreateChecked(biases[j]) : null;
            double? dB = layer.HasBias ? double.CreateChecked(gradients[ins * outs + j]) : null;
            units[j] = new UnitTrace(j, w, bias,
                double.CreateChecked(layer.Z[j]), double.CreateChecked(layer.Y[j]),
                activationGradient[j], Derivative(layer, j), double.CreateChecked(layer.Delta[j]),
                dW, dB, update, -learningRate * dB);
        }
        return new LayerTrace(index, layer.Activation.Name, inputs, units);
    }

    /// <summary>dC/da_j = sum_i w_ij delta_i for the units feeding <paramref name="next"/>.</summary>
    private static double[] BackpropagatedError<T>(Dense<T> next) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var sums = new double[next.Inputs];
        var weights = next.Weights;
        var delta = next.Delta;
        for (int j = 0; j < next.Inputs; j++)
        {
            double sum = 0;
            for (int i = 0; i < next.Outputs; i++)
            {
                sum += double.CreateChecked(weights[j * next.Outputs + i] * delta[i]);
            }
            sums[j] = sum;
        }
        return sums;
    }

    /// <summary>f'(z_j), or null for softmax, whose Jacobian is not diagonal.</summary>
    private static double? Derivative<T>(Dense<T> layer, int j) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (layer.Activation is Softmax)
        {
            return null;
        }
        // An element-wise activation's backward with dY = 1 is f'(z).
        Span<T> derivative = stackalloc T[1];
        layer.Activation.Backward<T>(layer.Z.Slice(j, 1), layer.Y.Slice(j, 1), [T.One], derivative, 1, 1);
        return double.CreateChecked(derivative[0]);
    }

    private static double[] ToDouble<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateChecked(values[i]);
        }
        return result;
    }
}

/// <summary>One layer of a <see cref="BackpropTrace"/>.</summary>
/// <param name="Index">0-based position, input side first.</param>
/// <param name="Activation">The activation f, by name.</param>
/// <param name="Inputs">What the layer received: the pattern x for the first layer, the previous layer's activations otherwise.</param>
/// <param name="Units">The layer's units.</param>
public sealed record LayerTrace(int Index, string Activation, IReadOnlyList<double> Inputs, IReadOnlyList<UnitTrace> Units);

/// <summary>
/// One unit j of a <see cref="LayerTrace"/>: z_j = sum_k w_jk x_k + b_j, a_j = f(z_j), delta_j = dC/da_j f'(z_j),
/// dC/dw_jk = delta_j x_k, dC/db_j = delta_j, updates -eta dC/dw_jk and -eta dC/db_j.
/// </summary>
/// <param name="Index">0-based unit index j.</param>
/// <param name="Weights">w_jk for each input k.</param>
/// <param name="Bias">b_j, or null when the layer has no biases.</param>
/// <param name="Z">The weighted sum z_j.</param>
/// <param name="A">The activation a_j = f(z_j).</param>
/// <param name="ActivationGradient">
/// dC/da_j: from the loss for an output unit; the back-propagated error sum_i w_ij delta_i for a hidden unit.
/// </param>
/// <param name="Derivative">f'(z_j), or null for softmax (its delta is not a product of two per-unit numbers).</param>
/// <param name="Delta">delta_j = dC/dz_j.</param>
/// <param name="WeightGradients">dC/dw_jk = delta_j x_k for each input k.</param>
/// <param name="BiasGradient">dC/db_j = delta_j, or null without biases.</param>
/// <param name="WeightUpdates">Delta w_jk = -eta dC/dw_jk.</param>
/// <param name="BiasUpdate">Delta b_j = -eta dC/db_j, or null without biases.</param>
public sealed record UnitTrace(
    int Index, IReadOnlyList<double> Weights, double? Bias, double Z, double A, double ActivationGradient, double? Derivative,
    double Delta, IReadOnlyList<double> WeightGradients, double? BiasGradient, IReadOnlyList<double> WeightUpdates, double? BiasUpdate);
