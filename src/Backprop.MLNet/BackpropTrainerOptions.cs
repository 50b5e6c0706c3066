namespace Backprop.MLNet;

/// <summary>Settings of a Backprop trainer in an ML.NET pipeline. Checked when the trainer is created.</summary>
public sealed record BackpropTrainerOptions
{
    /// <summary>The label column (Boolean, key or Single by task). Default <c>Label</c>.</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The features column: a known-size vector of Single. Default <c>Features</c>.</summary>
    public string FeaturesColumnName { get; init; } = "Features";

    /// <summary>Hidden layer sizes, input side first; empty for none (a linear or logistic model). Default one layer of 32.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [32];

    /// <summary>Hidden units' activation by its Backprop name (relu, tanh, sigmoid, ...). Default <c>relu</c>.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>Optimizer by its Backprop name (adam, sgd, momentum, ...). Default <c>adam</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Learning rate. Default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Passes over the training data. Default 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Rows per update; 0 for the whole data (full batch). Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of the initial weights and the shuffles: the same seed and data give the same model. Default 0.</summary>
    public int Seed { get; init; }

    internal void Check()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(FeaturesColumnName, nameof(FeaturesColumnName));
        ArgumentNullException.ThrowIfNull(HiddenLayers, nameof(HiddenLayers));
        foreach (int units in HiddenLayers)
        {
            if (units <= 0)
                throw new ArgumentOutOfRangeException(nameof(HiddenLayers), units, "every hidden layer needs at least one unit");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfNegative(BatchSize, nameof(BatchSize));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "the learning rate must be a positive finite number");
        // Parse now so that a bad name fails when the pipeline is built, not when it is fitted.
        Backprop.Activations.Activation.Parse(Activation);
        Backprop.Optimizers.Optimizer.Create(Optimizer, LearningRate);
    }
}
