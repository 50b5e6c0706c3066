using Backprop.Activations;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Logic;
using Backprop.Losses;

namespace Backprop.Playground.Engine;

/// <summary>A network with set weights on its own data: one of the notes' examples, ready to explain or train on.</summary>
/// <param name="Name">The value in the preset list.</param>
/// <param name="Title">What it is and where in the notes it comes from.</param>
/// <param name="Data">Its patterns.</param>
/// <param name="Network">The network, its weights set.</param>
/// <param name="Loss">Its loss.</param>
/// <param name="LearningRate">eta of the updates shown.</param>
public sealed record Preset(string Name, string Title, PointData Data, Network<double> Network, Loss Loss, double LearningRate)
{
    /// <summary>The presets, by value and label.</summary>
    public static IReadOnlyList<(string Value, string Label)> All { get; } =
    [
        ("unit", "single unit: z = 0.87, a = 0.705"),
        ("relu-xor", "XOR from ReLU units (note 000)"),
        ("toy", "the 2-2-1 toy derivation"),
        ("boolean", "a Boolean function as a network: X1 X2' + X1' X2"),
        ("polygon", "a hexagon from threshold units"),
    ];

    /// <summary>Builds the preset called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static Preset Create(string name) => name switch
    {
        "unit" => FromExample(WorkedExample.Unit()),
        "toy" => FromExample(WorkedExample.Toy()),
        "relu-xor" => ReluXor(),
        "boolean" => Boolean(),
        "polygon" => Polygon(),
        _ => throw new ArgumentException($"Unknown preset '{name}'.", nameof(name)),
    };

    private static Preset FromExample(WorkedExample example) => new(example.Name, example.Title,
        PointData.FromPatterns(example.Name, example.Network.Inputs, example.Input, example.Target, example.Network.Outputs),
        example.Network, example.Loss, example.LearningRate);

    /// <summary>
    /// Note 000 (Jurafsky and Martin, ch. 7): XOR = OR (h_1) but not AND (h_2), every unit ReLU. h_1 = ReLU(x_1 + x_2),
    /// h_2 = ReLU(x_1 + x_2 - 1), y = ReLU(h_1 - 2 h_2): outputs 0, 1, 1, 0 on (0,0), (0,1), (1,0), (1,1).
    /// </summary>
    public static Preset ReluXor()
    {
        var network = NetworkSpec.Input(2).Dense(2, Activation.Relu).Dense(1, Activation.Relu).Build<double>();
        // Weights in x out (w_11, w_21 from x_1; w_12, w_22 from x_2), biases b_1, b_2; then w_11, w_12 and b_1 of y.
        double[] parameters = [1, 1, 1, 1, 0, -1, 1, -2, 0];
        parameters.CopyTo(network.Parameters, 0);
        return new Preset("relu-xor", "XOR = OR (h_1) but not AND (h_2), ReLU in h_1, h_2 and y (note 000)", Xor4(), network,
            Loss.HalfSquaredError, 0.1);
    }

    /// <summary>Exclusive or as a sum of products, built by the library as one threshold unit per term and an OR.</summary>
    public static Preset Boolean()
    {
        var function = SumOfProducts.Parse("X1 X2' + X1' X2");
        return new Preset("boolean", $"{function} as threshold units: one hidden unit per term, the output an OR (note 001)",
            Xor4(), BooleanNetwork.Build(function, 2), Loss.HalfSquaredError, 0.1);
    }

    /// <summary>
    /// Note 001's polygons: six threshold units, unit i firing on the inner side of the edge at distance 0.75 with outward
    /// normal (cos 60i deg, sin 60i deg); the output fires when all six do (sum - 5.5 &gt;= 0). The points are the
    /// circles, the inner one labelled 1: inside the hexagon.
    /// </summary>
    public static Preset Polygon()
    {
        const int sides = 6;
        const double apothem = 0.75;
        var network = NetworkSpec.Input(2).Dense(sides, Activation.Step).Dense(1, Activation.Step).Build<double>();
        var p = network.Parameters;
        for (int i = 0; i < sides; i++)
        {
            double angle = 2 * Math.PI * i / sides;
            p[0 * sides + i] = -Math.Cos(angle);      // from x_1
            p[1 * sides + i] = -Math.Sin(angle);      // from x_2
            p[2 * sides + i] = apothem;               // bias
        }
        for (int i = 0; i < sides; i++)
            p[3 * sides + i] = 1;
        p[4 * sides] = 0.5 - sides;
        var circles = Synthetic.Circles(200, seed: 1);
        var targets = new double[circles.Rows];
        for (int r = 0; r < circles.Rows; r++)
            targets[r] = circles.Labels[r] == 0 ? 1 : 0;
        return new Preset("polygon", "A hexagon: six threshold units (half-planes) ANDed by a seventh (note 001)",
            PointData.FromPatterns("circles, inner = 1", 2, circles.Features, targets, 1), network, Loss.HalfSquaredError, 0.1);
    }

    private static PointData Xor4() => PointData.FromPatterns("xor4", 2, [0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 1);
}
