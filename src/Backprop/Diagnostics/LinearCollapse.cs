using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Diagnostics;

/// <summary>
/// 003's "are non-linear activations necessary?": with identity activations, y = W2 (W1 x + b1) + b2 is one linear
/// layer, W' = W2 W1 and b' = W2 b1 + b2 (notes' column-vector form). In the project's row form (Z = X W + b, W: in x
/// out) that is W' = W1 W2 and b' = b1 W2 + b2; any number of layers folds the same way.
/// </summary>
public static class LinearCollapse
{
    /// <summary>
    /// A network of identity layers of the given sizes (inputs first) with weights from the default initialiser and
    /// biases uniform in [-1, 1], both from <paramref name="seed"/>: something to collapse.
    /// </summary>
    public static Network<double> Example(IReadOnlyList<int> sizes, int seed)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 3)
            throw new ArgumentException("Give the inputs and at least two layer sizes.", nameof(sizes));
        var spec = NetworkSpec.Input(sizes[0]);
        for (int k = 1; k < sizes.Count; k++)
            spec = spec.Dense(sizes[k], Activation.Identity);
        var network = spec.Build<double>(seed);
        var random = new Random(seed + 1);
        foreach (var layer in network.Layers)
        {
            var biases = ((Dense<double>)layer).Biases;
            for (int j = 0; j < biases.Length; j++)
                biases[j] = 2 * random.NextDouble() - 1;
        }
        return network;
    }

    /// <summary>
    /// The single Dense(in -> out, Identity) layer equal to <paramref name="network"/>, whose layers must all be dense
    /// with the identity activation.
    /// </summary>
    public static Network<double> Collapse(Network<double> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int inputs = network.Inputs;
        // Start from the identity map: W = I (in x in), b = 0.
        var w = new double[inputs * inputs];
        for (int i = 0; i < inputs; i++)
            w[i * inputs + i] = 1;
        var b = new double[inputs];
        int width = inputs;
        foreach (var layer in network.Layers)
        {
            if (layer is not Dense<double> dense || dense.Activation != Activation.Identity)
                throw new ArgumentException($"Only identity (linear) dense layers collapse; {layer} is not one.", nameof(network));
            int outputs = dense.Outputs;
            var nextW = new double[inputs * outputs];
            var nextB = new double[outputs];
            var lw = dense.Weights;
            for (int r = 0; r < inputs; r++)
            {
                for (int k = 0; k < width; k++)
                {
                    double a = w[r * width + k];
                    for (int c = 0; c < outputs; c++)
                        nextW[r * outputs + c] += a * lw[k * outputs + c];
                }
            }
            for (int c = 0; c < outputs; c++)
            {
                double sum = dense.HasBias ? dense.Biases[c] : 0;
                for (int k = 0; k < width; k++)
                    sum += b[k] * lw[k * outputs + c];
                nextB[c] = sum;
            }
            (w, b, width) = (nextW, nextB, outputs);
        }
        var collapsed = NetworkSpec.Input(inputs).Dense(width, Activation.Identity).Build<double>();
        var single = (Dense<double>)collapsed.Layers[0];
        w.CopyTo(single.Weights);
        b.CopyTo(single.Biases);
        return collapsed;
    }
}
