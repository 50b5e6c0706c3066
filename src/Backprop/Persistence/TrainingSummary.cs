namespace Backprop.Persistence;

/// <summary>One named figure of a training run, e.g. <c>test_accuracy</c> = 0.97.</summary>
/// <param name="Name">A short snake_case name.</param>
/// <param name="Value">The figure (may be NaN where it could not be computed).</param>
public sealed record Metric(string Name, double Value);

/// <summary>
/// How a model was trained, kept in its file so that <c>backprop info</c> can tell. It holds no wall-clock value (time,
/// date, duration), so the same run gives the same file byte for byte.
/// </summary>
/// <param name="Optimizer">The optimizer's name, e.g. <c>adam</c>.</param>
/// <param name="LearningRate">The initial learning rate.</param>
/// <param name="BatchSize">Patterns per update.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Updates">Parameter updates made.</param>
/// <param name="StopReason">Why training stopped, in words.</param>
/// <param name="Seed">The seed of the split, the initial weights and the shuffles.</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="TestRows">Rows held out for testing.</param>
/// <param name="Metrics">Figures measured after training (losses, accuracies), in the order they are shown.</param>
/// <param name="DataSha256">The SHA-256 of the training data's bytes (64 lower-case hex digits), so that scoring the same
/// file again can say its rows were seen in training; null when unknown (a table built in memory, an older model file).</param>
public sealed record TrainingSummary(
    string Optimizer, double LearningRate, int BatchSize, int Epochs, long Updates, string StopReason,
    int Seed, int TrainRows, int TestRows, IReadOnlyList<Metric> Metrics, string? DataSha256 = null)
{
    private readonly string? dataSha256 = Checked(DataSha256);

    /// <summary>The training data's SHA-256: 64 lower-case hex digits, or null.</summary>
    /// <exception cref="ArgumentException">The value is not 64 lower-case hex digits (the file holds the 32 bytes they spell).</exception>
    public string? DataSha256 { get => dataSha256; init => dataSha256 = Checked(value); }

    private static string? Checked(string? value) =>
        value is null || (value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))) ? value
            : throw new ArgumentException($"'{value}' is not a SHA-256 in 64 lower-case hex digits", nameof(DataSha256));
}
