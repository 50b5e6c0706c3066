using Backprop.Optimizers;

namespace Backprop.Cluster;

/// <summary>How the workers combine their work each step.</summary>
public enum ExchangeMode
{
    /// <summary>Synchronous SGD: every step the workers' gradients are combined and one update is applied.</summary>
    Synchronous,

    /// <summary>Local SGD: each worker steps on its own rows; the replicas' parameters are averaged every k steps.</summary>
    Local,
}

/// <summary>
/// How a cluster run trains. Immutable; every property is checked when set, naming the bad value. A step takes one
/// global batch of <see cref="BatchSize"/> rows in file order, split into contiguous parts, one per worker.
/// </summary>
public sealed record ClusterOptions
{
    private readonly int epochs = 10;
    private readonly int batchSize = 32;
    private readonly int averageEvery = 1;
    private readonly int segmentSteps;
    private readonly int chunkBytes = 64 * 1024;
    private readonly string optimizer = "sgd";
    private readonly double learningRate = 0.05;
    private readonly double weightDecay;

    /// <summary>Passes over the training rows. Default 10, at least 1.</summary>
    public int Epochs
    {
        get => epochs;
        init => epochs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, $"Epochs must be at least 1, got {value}.");
    }

    /// <summary>Rows per step over all workers (the global batch). Default 32, at least 1.</summary>
    public int BatchSize
    {
        get => batchSize;
        init => batchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, $"BatchSize must be at least 1, got {value}.");
    }

    /// <summary>Synchronous (default) or local SGD.</summary>
    public ExchangeMode Mode { get; init; } = ExchangeMode.Synchronous;

    /// <summary>Local SGD: steps between parameter averages (k). Default 1; ignored by synchronous SGD.</summary>
    public int AverageEvery
    {
        get => averageEvery;
        init => averageEvery = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(AverageEvery), value, $"AverageEvery must be at least 1, got {value}.");
    }

    /// <summary>
    /// Steps between checkpoints (the coordinator gathers the parameters and optimizer state, and admits joining
    /// workers). 0 (default) = one epoch. Rounded up to a multiple of <see cref="AverageEvery"/> in local SGD.
    /// </summary>
    public int SegmentSteps
    {
        get => segmentSteps;
        init => segmentSteps = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(SegmentSteps), value, $"SegmentSteps must be 0 (one epoch) or more, got {value}.");
    }

    /// <summary>
    /// Largest payload of one exchange message in bytes. Default 64 KiB, below Akka's frame limit of 128000 bytes
    /// (akka.remote.dot-netty.tcp.maximum-frame-size, which <see cref="ClusterConfig"/> sets to 256 KiB).
    /// </summary>
    public int ChunkBytes
    {
        get => chunkBytes;
        init => chunkBytes = value is >= 64 and <= ClusterConfig.MaximumFrameBytes / 2
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ChunkBytes), value, $"ChunkBytes must be between 64 and {ClusterConfig.MaximumFrameBytes / 2}, got {value}.");
    }

    /// <summary>Optimizer name (see <see cref="Optimizers.Optimizer.Names"/>). Default sgd. Local SGD takes sgd only.</summary>
    public string Optimizer
    {
        get => optimizer;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _ = Optimizers.Optimizer.Create(value, 1);
            optimizer = value.ToLowerInvariant();
        }
    }

    /// <summary>Learning rate, constant over the run. Default 0.05.</summary>
    public double LearningRate
    {
        get => learningRate;
        init => learningRate = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, $"LearningRate must be finite and positive, got {value}.");
    }

    /// <summary>L2 weight decay lambda, added to the gradient as lambda w before the step (as the trainer does). Default 0.</summary>
    public double WeightDecay
    {
        get => weightDecay;
        init => weightDecay = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(WeightDecay), value, $"WeightDecay must be finite and 0 or more, got {value}.");
    }

    /// <summary>Checks the combination of settings.</summary>
    /// <exception cref="ArgumentException">Local SGD with an optimizer other than sgd.</exception>
    public void Validate()
    {
        if (Mode == ExchangeMode.Local && Optimizer != "sgd")
        {
            throw new ArgumentException(
                $"Local SGD averages parameters only, so it takes the sgd optimizer, not '{Optimizer}' (whose state would differ per worker).",
                nameof(Optimizer));
        }
    }

    /// <summary>Optimizer steps per epoch over <paramref name="rows"/> rows: ceil(rows / BatchSize).</summary>
    public int StepsPerEpoch(int rows) => (int)(((long)rows + BatchSize - 1) / BatchSize);

    /// <summary>Steps of the whole run.</summary>
    public long TotalSteps(int rows) => (long)StepsPerEpoch(rows) * Epochs;

    /// <summary>Steps between checkpoints, as the coordinator uses them (a multiple of k in local SGD).</summary>
    public int CheckpointSteps(int rows)
    {
        int steps = SegmentSteps == 0 ? StepsPerEpoch(rows) : SegmentSteps;
        if (Mode == ExchangeMode.Local)
        {
            steps = (steps + AverageEvery - 1) / AverageEvery * AverageEvery;
        }
        return steps;
    }

    /// <summary>True when <paramref name="step"/> (from 0) ends with an exchange: every step in synchronous SGD, every k-th and the last in local SGD.</summary>
    public bool IsExchangeStep(long step, long totalSteps) =>
        Mode == ExchangeMode.Synchronous || (step + 1) % AverageEvery == 0 || step + 1 == totalSteps;

    /// <summary>A fresh optimizer for this run.</summary>
    public Optimizer CreateOptimizer() => Optimizers.Optimizer.Create(Optimizer, LearningRate);
}
