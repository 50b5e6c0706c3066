namespace Backprop.Persistence;

/// <summary>One named figure of a training run, e.g. <c>test_accuracy</c> = 0.97.</summary>
/// <param name="Name">A short snake_case name.</param>
/// <param name="Value">The figure (may be NaN where it could not be computed).</param>
public sealed record Metric(string Name, double Value);

/// <summary>How a model was trained, kept in its file so that <c>backprop info</c> can tell.</summary>
/// <param name="Optimizer">The optimizer's name, e.g. <c>adam</c>.</param>
/// <param name="LearningRate">The initial learning rate.</param>
/// <param name="BatchSize">Patterns per update.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Updates">Parameter updates made.</param>
/// <param name="StopReason">Why training stopped, in words.</param>
/// <param name="Seed">The seed of the split, the initial weights and the shuffles.</param>
/// <param name="Seconds">Wall-clock training time.</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="TestRows">Rows held out for testing.</param>
/// <param name="Metrics">Figures measured after training (losses, accuracies), in the order they are shown.</param>
public sealed record TrainingSummary(
    string Optimizer, double LearningRate, int BatchSize, int Epochs, long Updates, string StopReason,
    int Seed, double Seconds, int TrainRows, int TestRows, IReadOnlyList<Metric> Metrics);
