namespace Backprop.Rules;

/// <summary>
/// Settings shared by the classic rules: the learning rate eta of every update
/// (e.g. W = W + eta (d - y) x), the number of epochs (a limit for the error-correcting rules,
/// Perceptron and MADALINE, which stop at the first epoch without errors; the exact count for the others),
/// and the presentation order.
/// </summary>
public sealed record RuleOptions
{
    /// <summary>Creates the settings, checking each one.</summary>
    /// <param name="learningRate">eta, finite and &gt; 0. Default 0.1.</param>
    /// <param name="epochs">Epochs (passes over the data), at least 1. Default 100.</param>
    /// <param name="shuffleSeed">
    /// null (default): patterns are presented in the given order every epoch; a value: they are reshuffled
    /// every epoch by <c>new Random(shuffleSeed)</c>.
    /// </param>
    public RuleOptions(double learningRate = 0.1, int epochs = 100, int? shuffleSeed = null)
    {
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and > 0.");
        if (epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "The number of epochs must be at least 1.");
        LearningRate = learningRate;
        Epochs = epochs;
        ShuffleSeed = shuffleSeed;
    }

    /// <summary>The learning rate eta.</summary>
    public double LearningRate { get; }

    /// <summary>The number of epochs (a limit for the rules that stop on convergence).</summary>
    public int Epochs { get; }

    /// <summary>null: fixed order; otherwise the seed of the per-epoch shuffle.</summary>
    public int? ShuffleSeed { get; }
}
