using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Persistence;

/// <summary>
/// Everything a <see cref="Trainer{T}"/> needs to go on exactly where it was at the end of an epoch: parameters,
/// optimizer state, shuffle generator, schedule position (epoch and base rate), early-stopping record and history,
/// keyed by the architecture and loss it belongs to.
/// Values are stored as double, which is exact for float and double networks. <see cref="CheckpointFile"/> saves and
/// loads it.
/// </summary>
/// <param name="Epoch">Epochs finished.</param>
/// <param name="Updates">Optimizer steps taken.</param>
/// <param name="ElementBytes">4 for a float network, 8 for double.</param>
/// <param name="Parameters">The network's parameters.</param>
/// <param name="Optimizer">The optimizer's state.</param>
/// <param name="BaseLearningRate">The rate the schedule starts from.</param>
/// <param name="ShuffleState">The four words of the shuffle generator.</param>
/// <param name="BestEpoch">Early stopping: the epoch of the lowest validation loss so far (0 if none).</param>
/// <param name="BestValidationLoss">Early stopping: the lowest validation loss so far, if any.</param>
/// <param name="EpochsSinceBest">Early stopping: epochs since it.</param>
/// <param name="BestParameters">Early stopping: the parameters of the best epoch, if any.</param>
/// <param name="History">The finished epochs' reports as <see cref="Trainer{T}.History"/> keeps them (bounded: <see cref="EpochSeries"/>).</param>
/// <param name="Network">The architecture trained: a checkpoint restores only into a trainer of this very network.</param>
/// <param name="Loss">The name of the loss trained with.</param>
public sealed record TrainingCheckpoint(
    int Epoch,
    long Updates,
    int ElementBytes,
    double[] Parameters,
    OptimizerState Optimizer,
    double BaseLearningRate,
    IReadOnlyList<ulong> ShuffleState,
    int BestEpoch,
    double? BestValidationLoss,
    int EpochsSinceBest,
    double[]? BestParameters,
    IReadOnlyList<EpochReport> History,
    NetworkSpec Network,
    string Loss);
