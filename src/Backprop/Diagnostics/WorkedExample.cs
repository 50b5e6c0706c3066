using Backprop.Activations;
using Backprop.Losses;

namespace Backprop.Diagnostics;

/// <summary>
/// A small network with fixed weights, one pattern and its target: the numbers <c>backprop explain --example</c> walks
/// through. Each call of a factory builds a fresh network.
/// </summary>
/// <param name="Name">The name on the command line, e.g. <c>unit</c>.</param>
/// <param name="Title">One line saying what it is and where it comes from.</param>
/// <param name="Network">The network, its weights set.</param>
/// <param name="Input">The pattern x.</param>
/// <param name="Target">The target y.</param>
/// <param name="Loss">The loss C.</param>
/// <param name="LearningRate">The learning rate eta of the updates.</param>
public sealed record WorkedExample(
    string Name, string Title, Network<double> Network, double[] Input, double[] Target, Loss Loss, double LearningRate)
{
    /// <summary>The names of the built-in examples.</summary>
    public static IReadOnlyList<string> Names { get; } = ["unit", "xor", "toy", "relu-xor", "four-layer"];

    /// <summary>Builds the example called <paramref name="name"/> (any case).</summary>
    /// <exception cref="ArgumentException">No example has that name; the message lists the names.</exception>
    public static WorkedExample Create(string name) => name.ToLowerInvariant() switch
    {
        "unit" => Unit(),
        "xor" => Xor(),
        "toy" => Toy(),
        "relu-xor" => ReluXor(),
        "four-layer" => FourLayer(),
        _ => throw new ArgumentException($"Unknown example '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>
    /// The notes' single sigmoid unit: x = [0.5, 0.6, 0.1], w = [0.2, 0.3, 0.9], b = 0.5, so z = 0.87 and a = 0.705.
    /// The notes stop at the forward pass; the target 1 and the loss 1/2 (a - y)^2 (the notes' backward-pass loss) are ours.
    /// </summary>
    public static WorkedExample Unit() => new(
        "unit", "The notes' single sigmoid unit (x = [0.5, 0.6, 0.1], w = [0.2, 0.3, 0.9], b = 0.5)",
        WithParameters(NetworkSpec.Input(3).Dense(1, Activation.Sigmoid), [0.2, 0.3, 0.9, 0.5]),
        [0.5, 0.6, 0.1], [1], Loss.HalfSquaredError, 0.1);

    /// <summary>
    /// A 2-2-1 sigmoid network half way to XOR (hidden unit 1 near OR, unit 2 near AND, output near "1 and not 2") on the
    /// pattern (1, 0) with target 1, under the notes' loss 1/2 (a - y)^2, whose output delta is (a_i - y_i) a_i (1 - a_i).
    /// </summary>
    public static WorkedExample Xor() => new(
        "xor", "A 2-2-1 sigmoid network learning XOR, on the pattern (1, 0) with target 1",
        // Weights in x out: w_11, w_21 (from x_1), w_12, w_22 (from x_2); then b_1, b_2; output w_11, w_12; b_1.
        WithParameters(NetworkSpec.Input(2).Dense(2, Activation.Sigmoid).Dense(1, Activation.Sigmoid),
            [3, 2, 3, 2, -1.5, -3, 4, -4, -1]),
        [1, 0], [1], Loss.HalfSquaredError, 0.5);

    /// <summary>
    /// The notes' toy network: inputs x_1, x_2; hidden z = W x, a = sigma(z); output v = u . a, c = sigma(v); no biases;
    /// binary cross-entropy L(c, y) = -[y ln c + (1 - y) ln(1 - c)], so dL/du_i = (c - y) a_i and
    /// dL/dw_ij = (c - y) u_i a_i (1 - a_i) x_j. The notes give no numbers; these weights are ours.
    /// </summary>
    public static WorkedExample Toy() => new(
        "toy", "The notes' toy 2-2-1 sigmoid network without biases, binary cross-entropy",
        // W = [[0.1, 0.8], [0.4, 0.6]] (row i: unit i's weights), stored in x out; then u = [0.3, 0.9].
        WithParameters(NetworkSpec.Input(2).Dense(2, Activation.Sigmoid, bias: false).Dense(1, Activation.Sigmoid, bias: false),
            [0.1, 0.4, 0.8, 0.6, 0.3, 0.9]),
        [0.35, 0.9], [0], Loss.BinaryCrossEntropy, 0.1);

    /// <summary>
    /// 000's XOR network (Jurafsky and Martin's figure): ReLU in h1, h2 and y1, h1 = ReLU(x1 + x2), h2 = ReLU(x1 + x2 - 1),
    /// y1 = ReLU(h1 - 2 h2): "XOR = OR (h1) but not AND (h2)". It is exact on all four rows, so its gradients vanish there;
    /// the default pattern (1, 1) puts y1's z at 0, where 000's ReLU'(0) = 1 applies. The loss is 000's
    /// error = sum (t - y)^2, whose dError/dy = 2 (y - t) shows with any other target (e.g. --target 0.5).
    /// </summary>
    public static WorkedExample ReluXor() => new(
        "relu-xor", "000's XOR network: ReLU in h1, h2 and y1 (h1 = OR, h2 = AND, y1 = h1 - 2 h2), squared error",
        // Hidden weights in x out: from x1 to h1, h2; from x2 to h1, h2; biases 0, -1; output weights 1, -2; bias 0.
        WithParameters(NetworkSpec.Input(2).Dense(2, Activation.Relu).Dense(1, Activation.Relu), [1, 1, 1, 1, 0, -1, 1, -2, 0]),
        [1, 1], [0], Loss.SquaredError, 0.1);

    /// <summary>
    /// 002's four-layer network: input layer 1, sigmoid layers 2, 3 and 4, F = ||t - y||^2, so S4 = -2 A4 e, S3 = A3 W4 S4,
    /// S2 = A2 W3 S3. The notes draw it without numbers; these weights, the pattern and the target are ours.
    /// </summary>
    public static WorkedExample FourLayer() => new(
        "four-layer", "002's four-layer sigmoid network (layers 1-4; sizes 2, 3, 3, 2), F = ||t - y||^2",
        WithParameters(NetworkSpec.Input(2).Dense(3, Activation.Sigmoid).Dense(3, Activation.Sigmoid).Dense(2, Activation.Sigmoid),
        [
            0.5, -0.3, 0.8, 0.2, 0.7, -0.5, 0.1, -0.2, 0.05,
            0.4, -0.6, 0.3, 0.9, 0.1, -0.4, -0.2, 0.5, 0.7, 0, 0.1, -0.1,
            0.6, -0.8, -0.3, 0.4, 0.5, 0.2, 0.2, -0.1,
        ]),
        [1, -1], [1, 0], Loss.SquaredError, 0.5);

    /// <summary>Traces this example's forward and backward pass.</summary>
    public BackpropTrace Trace() => BackpropTrace.Trace<double>(Network, Loss, Input, Target, LearningRate);

    private static Network<double> WithParameters(NetworkSpec spec, double[] parameters)
    {
        var network = spec.Build<double>();
        parameters.CopyTo(network.Parameters, 0);
        return network;
    }
}
