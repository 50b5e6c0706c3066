using Backprop.Optimizers;

namespace Backprop.Cluster;

/// <summary>
/// Optimizer state cut into owners' slices and put back together: each owner keeps the state of its 1/N of the
/// parameters; a checkpoint joins the slices in owner order, and a new membership cuts the whole anew.
/// </summary>
public static class OptimizerSlices
{
    /// <summary>Joins the owners' states (in owner order) into the state of the whole parameter buffer.</summary>
    /// <exception cref="ArgumentException">The slices are of different optimizers, step counts or numbers of arrays.</exception>
    public static OptimizerState Join(IReadOnlyList<OptimizerState> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
        {
            throw new ArgumentException("No slices to join.", nameof(slices));
        }
        var first = slices[0];
        int total = 0;
        foreach (var slice in slices)
        {
            if (slice.Optimizer != first.Optimizer || slice.Steps != first.Steps || slice.Vectors.Count != first.Vectors.Count)
            {
                throw new ArgumentException(
                    $"Slices disagree: {first.Optimizer} at step {first.Steps} with {first.Vectors.Count} arrays, " +
                    $"{slice.Optimizer} at step {slice.Steps} with {slice.Vectors.Count}.", nameof(slices));
            }
            total += slice.Vectors.Count == 0 ? 0 : slice.Vectors[0].Length;
        }
        var vectors = new double[first.Vectors.Count][];
        for (int v = 0; v < vectors.Length; v++)
        {
            vectors[v] = new double[total];
            int offset = 0;
            foreach (var slice in slices)
            {
                slice.Vectors[v].CopyTo(vectors[v], offset);
                offset += slice.Vectors[v].Length;
            }
        }
        return new OptimizerState(first.Optimizer, first.Steps, vectors);
    }

    /// <summary>The state of parameters [offset, offset + length) out of the whole buffer's.</summary>
    public static OptimizerState Cut(OptimizerState whole, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(whole);
        var vectors = new double[whole.Vectors.Count][];
        for (int v = 0; v < vectors.Length; v++)
        {
            vectors[v] = whole.Vectors[v].AsSpan(offset, length).ToArray();
        }
        return new OptimizerState(whole.Optimizer, whole.Steps, vectors);
    }
}
