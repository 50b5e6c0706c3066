using Backprop.Activations;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Diagnostics;

/// <summary>The loss over a rectangle of weight space: <c>Loss[r * W1.Length + c]</c> is the loss at (W1[c], W2[r]).</summary>
/// <param name="W1">The first weight's values, increasing.</param>
/// <param name="W2">The second weight's values, increasing.</param>
/// <param name="Loss">The loss over the whole data set at each grid point, row-major <c>W2.Length x W1.Length</c>.</param>
public sealed record LossSurface(double[] W1, double[] W2, double[] Loss);

/// <summary>Where one descent method took the two weights: the start, then the weights after each update.</summary>
/// <param name="Name">Short name: <c>gd</c>, <c>sgd</c>, <c>mini-batch</c>, <c>momentum</c>.</param>
/// <param name="Description">What it is, e.g. <c>full-batch gradient descent (eta = 1)</c>.</param>
/// <param name="W1">The first weight at each point.</param>
/// <param name="W2">The second weight at each point.</param>
/// <param name="Loss">The loss over the whole data set at each point.</param>
public sealed record DescentPath(string Name, string Description, double[] W1, double[] W2, double[] Loss);

/// <summary>
/// The notes' weight-space trajectory pictures: a network with exactly two weights, a data set, the loss surface over
/// the two weights, and the paths that full-batch gradient descent, stochastic gradient descent (one pattern per
/// update), mini-batch descent and momentum take from the same start.
/// </summary>
public sealed class WeightSpace
{
    private readonly Network<double> network;
    private readonly Loss loss;
    private readonly Dataset<double> data;
    private readonly int first;
    private readonly int second;

    /// <summary>Creates the picture's model: <paramref name="network"/> must have exactly two parameters.</summary>
    /// <exception cref="ArgumentException">The network has other than two parameters, or the data does not fit it.</exception>
    public WeightSpace(Network<double> network, Loss loss, Dataset<double> data)
        : this(RequireTwo(network), loss, data, 0, 1)
    {
    }

    /// <summary>
    /// The loss as a function of two of <paramref name="network"/>'s parameters (indices into its flat
    /// <see cref="Network{T}.Parameters"/>), every other parameter held at its current value. The network is copied:
    /// the picture never changes the caller's weights.
    /// </summary>
    /// <exception cref="ArgumentException">The indices are equal or outside the parameters, or the data does not fit the network.</exception>
    public WeightSpace(Network<double> network, Loss loss, Dataset<double> data, int first, int second)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        if (first < 0 || second < 0 || first >= network.ParameterCount || second >= network.ParameterCount || first == second)
        {
            throw new ArgumentException(
                $"Two different parameters of the {network.ParameterCount} are needed; got indices {first} and {second}.", nameof(second));
        }
        if (data.InputCount != network.Inputs || data.OutputCount != network.Outputs)
        {
            throw new ArgumentException(
                $"The data maps {data.InputCount} inputs to {data.OutputCount} outputs; the network {network.Inputs} to {network.Outputs}.", nameof(data));
        }
        this.network = network.Clone();
        this.loss = loss;
        this.data = data;
        this.first = first;
        this.second = second;
        Start = (network.Parameters[first], network.Parameters[second]);
    }

    /// <summary>The two parameters' values in the network given (where a path from "here" starts).</summary>
    public (double W1, double W2) Start { get; }

    /// <summary>The data set the loss is measured on.</summary>
    public Dataset<double> Data => data;

    /// <summary>
    /// The default problem: one sigmoid unit with two weights and no bias, y = sigmoid(w1 x1 + w2 x2), on
    /// <paramref name="rows"/> points uniform in [-2, 2]^2 whose targets are sigmoid(2 x1 - x2), under 1/2 (y - d)^2.
    /// The loss is 0 at w = (2, -1) and rises into a curved valley around it.
    /// </summary>
    public static WeightSpace SigmoidUnit(int seed, int rows = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var random = new Random(seed);
        var x = new double[2 * rows];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[2 * i] = 4 * random.NextDouble() - 2;
            x[2 * i + 1] = 4 * random.NextDouble() - 2;
            y[i] = Sigmoid.Forward(2 * x[2 * i] - x[2 * i + 1]);
        }
        var network = NetworkSpec.Input(2).Dense(1, Activation.Sigmoid, bias: false).Build<double>(seed);
        return new WeightSpace(network, Loss.HalfSquaredError, new Dataset<double>(x, y, rows, 2, 1));
    }

    /// <summary>The loss over the whole data set at (<paramref name="w1"/>, <paramref name="w2"/>).</summary>
    public double LossAt(double w1, double w2)
    {
        network.Parameters[first] = w1;
        network.Parameters[second] = w2;
        network.Forward(data.Inputs, data.Rows);
        return network.Loss(loss, data.Targets);
    }

    /// <summary>The loss at every point of a <paramref name="resolution"/> x <paramref name="resolution"/> grid over the rectangle.</summary>
    /// <exception cref="ArgumentException">The rectangle is empty.</exception>
    public LossSurface Surface(double w1Min, double w1Max, double w2Min, double w2Max, int resolution = 101)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        if (!(w1Min < w1Max && w2Min < w2Max))
        {
            throw new ArgumentException($"The rectangle [{w1Min}, {w1Max}] x [{w2Min}, {w2Max}] is empty.");
        }
        double[] w1 = Grid(w1Min, w1Max, resolution);
        double[] w2 = Grid(w2Min, w2Max, resolution);
        var values = new double[resolution * resolution];
        for (int r = 0; r < resolution; r++)
        {
            for (int c = 0; c < resolution; c++)
            {
                values[r * resolution + c] = LossAt(w1[c], w2[r]);
            }
        }
        return new LossSurface(w1, w2, values);
    }

    /// <summary>
    /// Runs <paramref name="optimizer"/> from (<paramref name="w1"/>, <paramref name="w2"/>) for <paramref name="epochs"/>
    /// passes over the data in batches of <paramref name="batchSize"/> (0: all rows, one update per epoch), the order
    /// shuffled by <paramref name="seed"/>, and records the weights after every update.
    /// </summary>
    public DescentPath Descend(string name, string description, Optimizer optimizer, double w1, double w2, int batchSize, int epochs, int seed)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        int rows = data.Rows;
        int batch = batchSize == 0 ? rows : Math.Min(batchSize, rows);
        var order = new int[rows];
        var shuffle = new ShuffleRandom(seed);
        var x = new double[batch * data.InputCount];
        var y = new double[batch * data.OutputCount];
        var path = new List<(double, double, double)> { (w1, w2, LossAt(w1, w2)) };
        double[] parameters = [w1, w2];
        var gradient = new double[2];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int i = 0; i < rows; i++)
            {
                order[i] = i;
            }
            shuffle.Permutation(order);
            for (int start = 0; start < rows; start += batch)
            {
                int count = Math.Min(batch, rows - start);
                for (int b = 0; b < count; b++)
                {
                    data.Inputs.AsSpan(order[start + b] * data.InputCount, data.InputCount).CopyTo(x.AsSpan(b * data.InputCount));
                    data.Targets.AsSpan(order[start + b] * data.OutputCount, data.OutputCount).CopyTo(y.AsSpan(b * data.OutputCount));
                }
                network.Parameters[first] = parameters[0];
                network.Parameters[second] = parameters[1];
                network.ComputeGradients(x.AsSpan(0, count * data.InputCount), y.AsSpan(0, count * data.OutputCount), count, loss);
                gradient[0] = network.Gradients[first];
                gradient[1] = network.Gradients[second];
                optimizer.Step<double>(parameters, gradient);
                path.Add((parameters[0], parameters[1], LossAt(parameters[0], parameters[1])));
            }
        }
        return new DescentPath(name, description, [.. path.Select(p => p.Item1)], [.. path.Select(p => p.Item2)], [.. path.Select(p => p.Item3)]);
    }

    /// <summary>
    /// The notes' four paths from the same start: full-batch gradient descent, stochastic gradient descent (one pattern
    /// per update), mini-batch descent (<paramref name="batchSize"/> patterns per update) and full-batch gradient
    /// descent with momentum <paramref name="alpha"/>, all with learning rate <paramref name="learningRate"/>.
    /// </summary>
    public IReadOnlyList<DescentPath> NotesPaths(double w1, double w2, double learningRate, int epochs, int batchSize = 8,
        double alpha = 0.9, int seed = 1)
    {
        string eta = $"eta = {NumberText.Format(learningRate)}";
        return
        [
            Descend("gd", $"gradient descent, all {data.Rows} patterns per update ({eta})", new Sgd(learningRate), w1, w2, 0, epochs, seed),
            Descend("sgd", $"stochastic gradient descent, 1 pattern per update ({eta})", new Sgd(learningRate), w1, w2, 1, epochs, seed),
            Descend("mini-batch", $"mini-batch gradient descent, {batchSize} patterns per update ({eta})", new Sgd(learningRate), w1, w2,
                batchSize, epochs, seed),
            Descend("momentum", $"gradient descent with momentum alpha = {NumberText.Format(alpha)} ({eta})", new Momentum(learningRate, alpha), w1, w2, 0,
                epochs, seed),
        ];
    }

    private static Network<double> RequireTwo(Network<double> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.ParameterCount != 2)
        {
            throw new ArgumentException($"A weight-space picture needs a network with 2 parameters; {network} has {network.ParameterCount}.", nameof(network));
        }
        return network;
    }

    private static double[] Grid(double min, double max, int count) =>
        [.. Enumerable.Range(0, count).Select(i => min + (max - min) * i / (count - 1))];
}
