using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tabular;

/// <summary>
/// How <see cref="TabularModel"/> turns a table into a trained model: which columns, how rows are split, how missing
/// values are handled, the network and its training. Immutable; every default is one that holds up on real tables
/// (a validation part with early stopping that restores the best epoch, so more epochs do not overfit).
/// </summary>
public sealed record TabularOptions
{
    private readonly double testFraction = 0.25;
    private readonly double validationFraction = 0.1;
    private readonly IReadOnlyList<int> hiddenLayers = [64, 32];
    private readonly TrainingOptions training = new() { Epochs = 200, BatchSize = 32, Patience = 10 };
    private readonly IReadOnlyList<string> ignore = [];

    /// <summary>Classification or regression; null (default) detects it from the label (<see cref="TabularData.DetectTask"/>).</summary>
    public TaskKind? Task { get; init; }

    /// <summary>The feature columns to use; null (default) uses every column but the label, the ignored ones and ID columns.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Columns never used as features. Default none.</summary>
    public IReadOnlyList<string> Ignore
    {
        get => ignore;
        init => ignore = value ?? throw new ArgumentNullException(nameof(Ignore));
    }

    /// <summary>Drop every row with a missing feature value instead of filling it in. Default false (fill in).</summary>
    public bool DropMissing { get; init; }

    /// <summary>Add a 0/1 input per column that had missing values in the training part, 1 where the cell was missing. Default false.</summary>
    public bool MissingIndicators { get; init; }

    /// <summary>
    /// Share of the rows held out for testing, in [0, 1): 0 trains on every row. Default 0.25. Stratified by class for
    /// classification. Tables of fewer than <see cref="TabularModel.MinRowsToSplit"/> rows are never split.
    /// </summary>
    public double TestFraction
    {
        get => testFraction;
        init => testFraction = value >= 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(nameof(TestFraction), value, "TestFraction must be in [0, 1).");
    }

    /// <summary>
    /// Share of the training part held out to stop training early (after <see cref="TrainingOptions.Patience"/> epochs
    /// without a lower validation loss, keeping the best epoch's weights), in [0, 1): 0 trains on the whole training part
    /// for all the epochs. Default 0.1.
    /// </summary>
    public double ValidationFraction
    {
        get => validationFraction;
        init => validationFraction = value >= 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(nameof(ValidationFraction), value, "ValidationFraction must be in [0, 1).");
    }

    /// <summary>Hidden layer sizes; default 64, 32. Empty: no hidden layer.</summary>
    public IReadOnlyList<int> HiddenLayers
    {
        get => hiddenLayers;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (int units in value)
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units, nameof(HiddenLayers));
            hiddenLayers = [.. value];
        }
    }

    /// <summary>The hidden layers' activation; default ReLU.</summary>
    public Activation HiddenActivation { get; init; } = Activation.Relu;

    /// <summary>Hidden layers of Gaussian radial-basis units instead of dense ones (<see cref="HiddenActivation"/> unused). Default false.</summary>
    public bool RadialBasisHidden { get; init; }

    /// <summary>The output activation; null (default): softmax for cross-entropy, sigmoid for binary cross-entropy, identity for regression.</summary>
    public Activation? OutputActivation { get; init; }

    /// <summary>Whether the output layer has biases. Default true.</summary>
    public bool OutputBias { get; init; } = true;

    /// <summary>The loss; null (default): cross-entropy for classification, mean squared error for regression.</summary>
    public Loss? Loss { get; init; }

    /// <summary>Makes the optimizer (a fresh one per fit: optimizers keep state); null (default): Adam with <see cref="DefaultLearningRate"/>.</summary>
    public Func<Optimizer>? Optimizer { get; init; }

    /// <summary>
    /// Makes the per-epoch callbacks of a fit (a fresh list per fit: callbacks such as
    /// <see cref="Training.Callbacks.ReduceLearningRateOnPlateau"/> keep state); null: none. Default: the learning rate
    /// times <see cref="DefaultPlateauFactor"/> after <see cref="DefaultPlateauPatience"/> epochs without a lower
    /// validation loss (Keras' <c>ReduceLROnPlateau</c>), so a noisy plateau is refined before early stopping ends the fit.
    /// </summary>
    public Func<IReadOnlyList<Training.Callbacks.ITrainingCallback>>? Callbacks { get; init; } =
        () => [new Training.Callbacks.ReduceLearningRateOnPlateau(DefaultPlateauFactor, DefaultPlateauPatience)];

    /// <summary>What the default callbacks multiply the learning rate by on a plateau.</summary>
    public const double DefaultPlateauFactor = 0.2;

    /// <summary>Epochs without a lower validation loss before the default callbacks cut the learning rate (half the default patience).</summary>
    public const int DefaultPlateauPatience = 5;

    /// <summary>The default optimizer's learning rate.</summary>
    public const double DefaultLearningRate = 0.005;

    /// <summary>
    /// Epochs, batch size, schedule, weight decay, stopping rules. Default: at most 200 epochs, batches of 32, patience
    /// 10 (used only when there is a validation part). Its seed is replaced by <see cref="Seed"/>.
    /// </summary>
    public TrainingOptions Training
    {
        get => training;
        init => training = value ?? throw new ArgumentNullException(nameof(Training));
    }

    /// <summary>Seed of the splits, the initial weights and the shuffles. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Most threads a forward or backward pass may use; results do not depend on it. Default 1.</summary>
    public int Threads { get; init; } = 1;
}
