using Backprop.Diagnostics;

namespace Backprop.Playground.Engine;

/// <summary>
/// The picture behind the points: the network's output over a grid of cell centres (as <see cref="DecisionGrid"/>
/// places them), coloured by the predicted class and faded towards white as the output gets less sure.
/// </summary>
public sealed class Boundary
{
    // Class colours (RGB): orange and blue as TensorFlow Playground, then more for several classes.
    private static readonly byte[][] Palette =
    [
        [245, 147, 34], [8, 119, 189], [46, 160, 67], [200, 60, 160], [120, 90, 200], [200, 50, 50],
    ];

    private readonly int resolution;
    private readonly double[] points;

    /// <summary>A grid of <paramref name="resolution"/> x <paramref name="resolution"/> cells.</summary>
    public Boundary(int resolution)
    {
        this.resolution = resolution;
        points = new double[2 * resolution * resolution];
        Pixels = new byte[4 * resolution * resolution];
    }

    /// <summary>RGBA, row 0 at the top (the largest x2), as a canvas wants it.</summary>
    public byte[] Pixels { get; }

    /// <summary>Cells across and down.</summary>
    public int Resolution => resolution;

    /// <summary>The colour of class <paramref name="k"/> as a CSS colour.</summary>
    public static string Colour(int k)
    {
        var c = Palette[k % Palette.Length];
        return $"rgb({c[0]},{c[1]},{c[2]})";
    }

    /// <summary>Evaluates <paramref name="network"/> (two inputs) on every cell centre of the rectangle and fills <see cref="Pixels"/>.</summary>
    public void Render(Network<double> network, double xMin, double xMax, double yMin, double yMax)
    {
        int n = resolution;
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                points[2 * (r * n + c)] = xMin + (c + 0.5) * (xMax - xMin) / n;
                points[2 * (r * n + c) + 1] = yMin + (r + 0.5) * (yMax - yMin) / n;
            }
        }
        var y = network.Forward(points, n * n);
        int outputs = network.Outputs;
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                int cell = r * n + c;
                var output = y.Slice(cell * outputs, outputs);
                int k = DecisionGrid.PredictedClass(output);
                double certainty = outputs == 1
                    ? Math.Clamp(Math.Abs(output[0] - 0.5) * 2, 0, 1)
                    : Math.Clamp((output[k] - 1.0 / outputs) / (1 - 1.0 / outputs), 0, 1);
                if (double.IsNaN(certainty))
                    certainty = 0;
                var colour = Palette[k % Palette.Length];
                int pixel = 4 * ((n - 1 - r) * n + c);
                double fade = 0.25 + 0.6 * certainty;
                for (int ch = 0; ch < 3; ch++)
                    Pixels[pixel + ch] = (byte)(255 - fade * (255 - colour[ch]));
                Pixels[pixel + 3] = 255;
            }
        }
    }
}
