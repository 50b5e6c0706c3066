using Backprop.Activations;

namespace Backprop.Diagnostics;

/// <summary>
/// 002's matrix form of one backward pass, recomputed from a <see cref="BackpropTrace"/>'s weights and pre-activations:
/// at the output S = A^T dF/dy (for F = ||t - y||^2 and an element-wise activation, S = -2 A e with e = t - y and
/// A = diag(sigma'(n))); going back, S-hat = A-hat^T W S (A-hat is diagonal, so A-hat W S as the notes write it);
/// dF/dW = a-hat S^T and dF/db = S. W is H x L (inputs x units), as in n = W^T a-hat + b. <see cref="Gap"/> compares
/// every S with the engine's deltas.
/// </summary>
/// <param name="Layers">The layers, input side first.</param>
/// <param name="Gap">The largest |S_j - delta_j| between this recursion and the network's own backward pass.</param>
public sealed record MatrixTrace(IReadOnlyList<MatrixLayer> Layers, double Gap)
{
    /// <summary>Recomputes the trace's backward pass in matrix form.</summary>
    public static MatrixTrace From(BackpropTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        int count = trace.Layers.Count;
        var layers = new MatrixLayer[count];
        double[]? below = null; // S of the layer above, while walking down
        double gap = 0;
        for (int l = count - 1; l >= 0; l--)
        {
            var layer = trace.Layers[l];
            int units = layer.Units.Count, inputs = layer.Inputs.Count;
            double[] n = [.. layer.Units.Select(u => u.Z)];
            double[] a = [.. layer.Units.Select(u => u.A)];
            var jacobian = ActivationProbe.At(Activation.Parse(layer.Activation), n).Jacobian;
            // What multiplies A^T: dF/dy at the output, W S of the layer above otherwise.
            double[] incoming;
            if (below is null)
            {
                incoming = [.. layer.Units.Select(u => u.ActivationGradient)];
            }
            else
            {
                var above = trace.Layers[l + 1];
                incoming = new double[units];
                for (int r = 0; r < units; r++)
                {
                    for (int c = 0; c < above.Units.Count; c++)
                        incoming[r] += above.Units[c].Weights[r] * below[c];
                }
            }
            var s = new double[units];
            for (int c = 0; c < units; c++)
            {
                for (int r = 0; r < units; r++)
                    s[c] += jacobian[r * units + c] * incoming[r];
                gap = Math.Max(gap, Math.Abs(s[c] - layer.Units[c].Delta));
            }
            var weights = new double[inputs * units];
            var gradient = new double[inputs * units];
            for (int r = 0; r < inputs; r++)
            {
                for (int c = 0; c < units; c++)
                {
                    weights[r * units + c] = layer.Units[c].Weights[r];
                    gradient[r * units + c] = layer.Inputs[r] * s[c];
                }
            }
            layers[l] = new MatrixLayer(l, [.. layer.Inputs], n, a, jacobian, incoming, s, weights, gradient);
            below = s;
        }
        return new MatrixTrace(layers, gap);
    }
}

/// <summary>One layer of a <see cref="MatrixTrace"/> (H inputs, L units; matrices row-major).</summary>
/// <param name="Index">0-based layer index.</param>
/// <param name="InputActivations">a-hat, the H values the layer receives.</param>
/// <param name="N">The pre-activations n (L).</param>
/// <param name="A">The activations a = sigma(n) (L).</param>
/// <param name="Jacobian">A = d a / d n, L x L (diagonal for element-wise activations).</param>
/// <param name="Incoming">dF/dy at the output layer, W S of the layer above otherwise (L).</param>
/// <param name="S">S = dF/dn (L).</param>
/// <param name="Weights">W, H x L.</param>
/// <param name="WeightGradient">dF/dW = a-hat S^T, H x L.</param>
public sealed record MatrixLayer(int Index, double[] InputActivations, double[] N, double[] A, double[] Jacobian, double[] Incoming,
    double[] S, double[] Weights, double[] WeightGradient)
{
    /// <summary>True when A is diagonal.</summary>
    public bool IsDiagonal => ActivationProbe.Diagonal(Jacobian, N.Length);
}
