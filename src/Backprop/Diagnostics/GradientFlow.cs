using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Diagnostics;

/// <summary>
/// 003's vanishing gradient: the norm of dLoss/dW for every layer of a deep network after one backward pass. With
/// sigmoid units each layer multiplies the signal by sigma'(z) &lt;= 1/4, so the norms shrink towards the input; with
/// ReLU (derivative 1 where active, He initialisation) they stay of one size.
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// ||dLoss/dW_k|| (Frobenius; weights only, biases left out) for each layer k of <paramref name="network"/> on one
    /// batch (<paramref name="x"/>: rows x inputs, <paramref name="target"/>: rows x outputs), input layer first.
    /// </summary>
    public static double[] LayerNorms(Network<double> network, ReadOnlySpan<double> x, ReadOnlySpan<double> target, int rows, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        network.ComputeGradients(x, target, rows, loss);
        var norms = new double[network.Layers.Count];
        for (int k = 0; k < norms.Length; k++)
        {
            var layer = network.Layers[k];
            int weights = layer is Dense<double> dense ? dense.Inputs * dense.Outputs : layer.ParameterCount;
            double sum = 0;
            foreach (double g in layer.Gradients[..weights])
                sum += g * g;
            norms[k] = Math.Sqrt(sum);
        }
        return norms;
    }

    /// <summary>
    /// A deep network for the comparison: <paramref name="depth"/> hidden layers of <paramref name="width"/> units of
    /// <paramref name="hidden"/> and a softmax output, built with the activation's default initialiser from <paramref name="seed"/>.
    /// </summary>
    public static Network<double> Deep(int inputs, int depth, int width, Activation hidden, int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var spec = NetworkSpec.Input(inputs);
        for (int k = 0; k < depth; k++)
            spec = spec.Dense(width, hidden);
        return spec.Dense(classes, Activation.Softmax).Build<double>(seed);
    }
}
