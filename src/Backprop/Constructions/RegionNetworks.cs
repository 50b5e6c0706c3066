using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Constructions;

/// <summary>
/// The notes' (001) decision regions built from threshold units, with their weights set by hand. Every unit is
/// step(w . x + b), step(z) = 1 for z &gt;= 0. Layer 1 has one unit per polygon edge: weights -n, bias offset, so it
/// fires on the inner side of the edge.
/// </summary>
public static class RegionNetworks
{
    /// <summary>
    /// One polygon, two layers: N edge units, then one unit that fires when all of them do (weights 1, bias -(N - 1/2),
    /// i.e. Sum &gt;= N). Outside the polygon the sum is lower; far away it is about N/2, and the area where
    /// N/2 &lt; Sum &lt; N shrinks as N grows.
    /// </summary>
    public static Network<double> Polygon(ConvexPolygon polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        return Union([polygon], deep: false);
    }

    /// <summary>
    /// The OR of several convex regions. <paramref name="deep"/>: three layers, the notes' answer to "OR two
    /// polygons": edge units, one AND unit per polygon (Sum &gt;= N_k), then an OR unit (Sum &gt;= 1); exact.
    /// Otherwise two layers, the notes' "adding circles": one output sums all edge units and fires when the sum reaches
    /// sum_k N_k / 2 + min_k N_k / 2 - each region adds about N_k / 2 far away and N_k inside, so the output is right
    /// except where regions come close, which is why the OR of two polygons needs the third layer.
    /// </summary>
    public static Network<double> Union(IReadOnlyList<ConvexPolygon> polygons, bool deep)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        if (polygons.Count == 0)
            throw new ArgumentException("A union needs at least one polygon.", nameof(polygons));
        int edges = 0, fewest = int.MaxValue;
        foreach (var p in polygons)
        {
            edges += p.Sides;
            fewest = Math.Min(fewest, p.Sides);
        }
        var spec = NetworkSpec.Input(2).Dense(edges, Activation.Step);
        spec = deep && polygons.Count > 1
            ? spec.Dense(polygons.Count, Activation.Step).Dense(1, Activation.Step)
            : spec.Dense(1, Activation.Step);
        var network = spec.Build<double>();

        var first = (Dense<double>)network.Layers[0];
        int unit = 0;
        foreach (var p in polygons)
        {
            foreach (var edge in p.Edges)
            {
                first.Weights[unit] = -edge.Nx;
                first.Weights[edges + unit] = -edge.Ny;
                first.Biases[unit] = edge.Offset;
                unit++;
            }
        }

        var second = (Dense<double>)network.Layers[1];
        second.Weights.Clear();
        if (second.Outputs == 1)
        {
            second.Weights.Fill(1);
            double threshold = polygons.Count == 1 ? edges : HalfSum(polygons) + fewest / 2.0;
            // Sums are whole numbers: half a unit below the threshold decides exactly; a quarter for the half sums.
            second.Biases[0] = -(threshold - (polygons.Count == 1 ? 0.5 : 0.25));
            return network;
        }
        unit = 0;
        for (int k = 0; k < polygons.Count; k++)
        {
            for (int e = 0; e < polygons[k].Sides; e++, unit++)
                second.Weights[unit * polygons.Count + k] = 1;
            second.Biases[k] = -(polygons[k].Sides - 0.5);
        }
        var third = (Dense<double>)network.Layers[2];
        third.Weights.Fill(1);
        third.Biases[0] = -0.5;
        return network;
    }

    private static double HalfSum(IReadOnlyList<ConvexPolygon> polygons)
    {
        double sum = 0;
        foreach (var p in polygons)
            sum += p.Sides / 2.0;
        return sum;
    }
}
