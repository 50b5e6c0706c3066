using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Playground.Engine;

/// <summary>One hidden layer as the page edits it: its width and its kind (an activation name, or <c>rbf</c>).</summary>
public sealed class LayerSetting
{
    /// <summary>Units in the layer.</summary>
    public int Units { get; set; } = 4;

    /// <summary>An activation's <see cref="Activation.Name"/>, or <see cref="Rbf"/> for Gaussian radial-basis units.</summary>
    public string Kind { get; set; } = "tanh";

    /// <summary>The kind name of the radial-basis layer.</summary>
    public const string Rbf = "rbf";
}

/// <summary>Everything the page's controls set: the data, the network, the training. Strings are parsed here, at the edge.</summary>
public sealed class Settings
{
    /// <summary>A <see cref="PointData.Sources"/> value.</summary>
    public string Source { get; set; } = "spirals";

    /// <summary>Points generated.</summary>
    public int Points { get; set; } = 500;

    /// <summary>Standard deviation of the noise added to each point.</summary>
    public double Noise { get; set; } = 0.03;

    /// <summary>Share of the points held out as the test set.</summary>
    public double TestFraction { get; set; } = 0.5;

    /// <summary>Seed of the data generator and the split.</summary>
    public int DataSeed { get; set; } = 1;

    /// <summary>The hidden layers, input side first.</summary>
    public List<LayerSetting> Hidden { get; set; } = [new() { Units = 8 }, new() { Units = 8 }];

    /// <summary>Two classes: one output unit (target 0 or 1) instead of one per class.</summary>
    public bool SingleOutput { get; set; }

    /// <summary>The output layer's activation.</summary>
    public string OutputActivation { get; set; } = "softmax";

    /// <summary>A <see cref="Loss.Name"/>.</summary>
    public string LossName { get; set; } = "cross-entropy";

    /// <summary>An <see cref="Optimizer.Names"/> entry.</summary>
    public string OptimizerName { get; set; } = "adam";

    /// <summary>eta (for AdaDelta, a factor on its step).</summary>
    public double LearningRate { get; set; } = 0.03;

    /// <summary>Momentum and Nesterov: alpha.</summary>
    public double Alpha { get; set; } = 0.9;

    /// <summary>Adam and Nadam: beta1.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Adam and Nadam: beta2.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>RMSprop and AdaDelta: rho.</summary>
    public double Rho { get; set; } = 0.9;

    /// <summary>Adagrad, RMSprop, AdaDelta, Adam, Nadam: epsilon.</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>Patterns per update: 0 = all (gradient descent), 1 = stochastic, m = mini-batch.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary><c>constant</c>, <c>step</c>, <c>exponential</c> or <c>inverse-time</c>.</summary>
    public string Schedule { get; set; } = "constant";

    /// <summary>Step: epochs between drops.</summary>
    public int ScheduleEvery { get; set; } = 100;

    /// <summary>Step: the factor; exponential: gamma; inverse time: the decay.</summary>
    public double ScheduleFactor { get; set; } = 0.5;

    /// <summary>lambda of the weight decay (added to the gradient as lambda w).</summary>
    public double WeightDecay { get; set; }

    /// <summary>Seed of the initial weights and of the shuffling.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The schedules offered.</summary>
    public static IReadOnlyList<string> Schedules { get; } = ["constant", "step", "exponential", "inverse-time"];

    /// <summary>Every hidden-layer kind: each activation the library has, then radial-basis units.</summary>
    public static IReadOnlyList<string> LayerKinds { get; } = [.. Activation.All.Select(a => a.Name), LayerSetting.Rbf];

    /// <summary>Which hyper-parameters the optimizer called <paramref name="name"/> takes besides the rate.</summary>
    public static (bool Alpha, bool Betas, bool Rho, bool Epsilon) HyperParameters(string name) => name switch
    {
        "momentum" or "nesterov" => (true, false, false, false),
        "adagrad" => (false, false, false, true),
        "rmsprop" or "adadelta" => (false, false, true, true),
        "adam" or "nadam" => (false, true, false, true),
        _ => (false, false, false, false),
    };

    /// <summary>Output units for <paramref name="data"/>: the worked example's, one, or one per class.</summary>
    public int Outputs(PointData data) =>
        data.Targets is not null ? data.Targets.Length / data.Rows : SingleOutput && data.Classes == 2 ? 1 : data.Classes;

    /// <summary>The architecture: the hidden layers, then an output layer sized for <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">An activation name is unknown.</exception>
    public NetworkSpec BuildSpec(PointData data)
    {
        var spec = NetworkSpec.Input(data.Inputs);
        foreach (var layer in Hidden)
        {
            spec = layer.Kind == LayerSetting.Rbf
                ? spec.Rbf(layer.Units)
                : spec.Append(new DenseSpec(layer.Units, Activation.Parse(layer.Kind)));
        }
        return spec.Dense(Outputs(data), Activation.Parse(OutputActivation));
    }

    /// <summary>The optimizer with its hyper-parameters.</summary>
    /// <exception cref="ArgumentException">The name is unknown or a hyper-parameter is out of range; the message says which.</exception>
    public Optimizer BuildOptimizer() => OptimizerName switch
    {
        "sgd" => new Sgd(LearningRate),
        "momentum" => new Momentum(LearningRate, Alpha),
        "nesterov" => new Nesterov(LearningRate, Alpha),
        "adagrad" => new Adagrad(LearningRate, Epsilon),
        "rmsprop" => new RmsProp(LearningRate, Rho, Epsilon),
        "adadelta" => new AdaDelta(Rho, Epsilon, LearningRate),
        "adam" => new Adam(LearningRate, Beta1, Beta2, Epsilon),
        "nadam" => new Nadam(LearningRate, Beta1, Beta2, Epsilon),
        _ => Optimizer.Create(OptimizerName, LearningRate),
    };

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule BuildSchedule() => Schedule switch
    {
        "step" => LearningRateSchedule.Step(ScheduleEvery, ScheduleFactor),
        "exponential" => LearningRateSchedule.Exponential(ScheduleFactor),
        "inverse-time" => LearningRateSchedule.InverseTime(ScheduleFactor),
        _ => LearningRateSchedule.Constant,
    };

    /// <summary>The loss.</summary>
    public Loss BuildLoss() => Loss.Parse(LossName);
}
