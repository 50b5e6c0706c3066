using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Constructions;

/// <summary>
/// 001's universal approximator in one input: a "square pulse" from two threshold units and a summing output,
/// y = h (step(x - T1) - step(x - T2)), 1 on [T1, T2) and 0 elsewhere; and a function approximated by N such pulses of
/// width (b - a) / N, each as high as the function at its middle.
/// </summary>
public static class Pulses
{
    /// <summary>The 3-unit pulse network: 1 -> Dense(2, Step) -> Dense(1, Identity).</summary>
    public static Network<double> Pulse(double t1, double t2, double height = 1)
    {
        if (!(t1 < t2) || !double.IsFinite(t1) || !double.IsFinite(t2))
            throw new ArgumentException($"A pulse needs T1 < T2, got T1 = {t1}, T2 = {t2}.");
        return Sum([t1], [t2], [height]);
    }

    /// <summary>
    /// N pulses over [<paramref name="a"/>, <paramref name="b"/>): 1 -> Dense(2N, Step) -> Dense(1, Identity); pulse i
    /// covers [a + i w, a + (i + 1) w) with height f(a + (i + 1/2) w).
    /// </summary>
    public static Network<double> Approximate(Func<double, double> f, double a, double b, int pulses)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(pulses, 1);
        if (!(a < b))
            throw new ArgumentException($"The interval [{a}, {b}] is empty.");
        var starts = new double[pulses];
        var ends = new double[pulses];
        var heights = new double[pulses];
        double width = (b - a) / pulses;
        for (int i = 0; i < pulses; i++)
        {
            starts[i] = a + i * width;
            ends[i] = i == pulses - 1 ? b : a + (i + 1) * width;
            heights[i] = f(a + (i + 0.5) * width);
        }
        return Sum(starts, ends, heights);
    }

    private static Network<double> Sum(double[] starts, double[] ends, double[] heights)
    {
        int n = starts.Length;
        var network = NetworkSpec.Input(1).Dense(2 * n, Activation.Step).Dense(1, Activation.Identity).Build<double>();
        var hidden = (Dense<double>)network.Layers[0];
        var output = (Dense<double>)network.Layers[1];
        for (int i = 0; i < n; i++)
        {
            // step(x - T1) and step(x - T2): weight 1, bias -T.
            hidden.Weights[2 * i] = 1;
            hidden.Biases[2 * i] = -starts[i];
            hidden.Weights[2 * i + 1] = 1;
            hidden.Biases[2 * i + 1] = -ends[i];
            output.Weights[2 * i] = heights[i];
            output.Weights[2 * i + 1] = -heights[i];
        }
        output.Biases.Clear();
        return network;
    }
}

/// <summary>The gap between a function and a network over an interval or a square, on a grid of sample points.</summary>
/// <param name="Max">The largest absolute difference.</param>
/// <param name="Rms">The root of the mean squared difference.</param>
public readonly record struct ApproximationError(double Max, double Rms)
{
    /// <summary>Compares a one-input network with <paramref name="f"/> at <paramref name="samples"/> points of [a, b], one per cell (see <see cref="RegionCheck.Offset"/>).</summary>
    public static ApproximationError Of(Network<double> network, Func<double, double> f, double a, double b, int samples)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(f);
        var x = new double[samples];
        for (int i = 0; i < samples; i++)
            x[i] = a + (i + 0.5 + RegionCheck.Offset) * (b - a) / samples;
        var y = RegionCheck.Predict(network, x, samples);
        var truth = new double[samples];
        for (int i = 0; i < samples; i++)
            truth[i] = f(x[i]);
        return Between(y, truth);
    }

    /// <summary>Compares a two-input network with <paramref name="f"/> on a grid over [a, b]^2, one point per cell (see <see cref="RegionCheck.Offset"/>).</summary>
    public static ApproximationError Of(Network<double> network, Func<double, double, double> f, double a, double b, int resolution)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(f);
        int n = resolution * resolution;
        var x = new double[2 * n];
        var truth = new double[n];
        for (int r = 0; r < resolution; r++)
        {
            for (int c = 0; c < resolution; c++)
            {
                int i = r * resolution + c;
                x[2 * i] = a + (c + 0.5 + RegionCheck.Offset) * (b - a) / resolution;
                x[2 * i + 1] = a + (r + 0.5 + RegionCheck.Offset) * (b - a) / resolution;
                truth[i] = f(x[2 * i], x[2 * i + 1]);
            }
        }
        return Between(RegionCheck.Predict(network, x, n), truth);
    }

    private static ApproximationError Between(double[] y, double[] truth)
    {
        double max = 0, squares = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double d = Math.Abs(y[i] - truth[i]);
            max = Math.Max(max, d);
            squares += d * d;
        }
        return new ApproximationError(max, Math.Sqrt(squares / y.Length));
    }
}
