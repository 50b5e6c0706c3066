using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Losses;
using Backprop.Numerics;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training.Callbacks;

namespace Backprop.Training;

/// <summary>
/// Trains a network by backpropagation: for each epoch, for each batch (gathered in a shuffled order), compute the
/// gradient of the batch-mean loss, add weight decay, let the optimizer step; after each epoch, report, apply the
/// stopping rules and keep a snapshot from which <see cref="Checkpoint"/> is taken. Buffers are sized on the first
/// epoch and reused, so steps after it allocate nothing.
/// </summary>
/// <remarks>
/// <see cref="Fit"/> continues from the trainer's state (fresh, restored, or where the last call stopped) up to
/// <see cref="TrainingOptions.Epochs"/> epochs in total. After a cancellation it first goes back to the end of the
/// last finished epoch, so an interrupted epoch is redone from the same state.
/// Divergence costs no extra pass per step: a non-finite batch loss is caught at its step (a NaN or infinite
/// parameter makes the next forward pass's loss non-finite), and one pass over the parameters at the end of each
/// epoch catches its last step.
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Network<T> network;
    private readonly Loss loss;
    private readonly Optimizer optimizer;
    private readonly ShuffleRandom random;
    // The finished epochs as structs, and the same seen as reports (History, callbacks' context).
    private readonly EpochSeries<EpochEntry> history = new();
    private readonly EpochReports reports;
    private double baseRate;
    // Set by callbacks (ReduceLearningRateOnPlateau): multiplies the schedule's rate.
    private double learningRateFactor = 1;
    private int epoch;
    private long updates;

    // Early stopping.
    private int bestEpoch;
    private double bestLoss = double.PositiveInfinity;
    private int sinceBest;
    private T[]? bestParameters;

    // The state at the end of the last finished epoch.
    private readonly T[] savedParameters;
    private readonly ulong[] savedRandom = new ulong[4];
    private long savedUpdates;
    // The optimizer's state arrays and step count at the snapshot.
    private T[][] savedState = [];
    private long savedSteps;
    private bool hasSnapshot;
    private bool interrupted;

    // Batch buffers, sized on first use.
    private int[] order = [];
    private T[] batchTargets = [];
    private readonly T[] gradientMean;
    // The step's gather and element-wise passes on several threads, made at the first step that splits one.
    private SplitPasses<T>? split;

    /// <summary>Prepares training; the optimizer's current learning rate becomes the schedule's base rate.</summary>
    /// <exception cref="ArgumentException">The network has a step activation, which gradients cannot train.</exception>
    public Trainer(Network<T> network, Loss loss, Optimizer optimizer, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        if (!network.IsDifferentiable)
        {
            throw new ArgumentException(network.StepRefusal(), nameof(network));
        }
        this.network = network;
        this.loss = loss;
        this.optimizer = optimizer;
        Options = options;
        baseRate = optimizer.LearningRate;
        random = new ShuffleRandom(options.Seed);
        savedParameters = new T[network.ParameterCount];
        gradientMean = new T[network.ParameterCount];
        reports = new EpochReports(history);
    }

    /// <summary>The options this trainer runs with.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The network being trained.</summary>
    public Network<T> Network => network;

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer => optimizer;

    /// <summary>Epochs finished so far.</summary>
    public int Epoch => epoch;

    /// <summary>
    /// The finished epochs' reports, first to last, bounded (<see cref="EpochSeries"/>): every one of the last 1,000
    /// epochs and at most 1,000 evenly spaced ones before them. Each report carries its epoch number.
    /// </summary>
    public IReadOnlyList<EpochReport> History => reports;

    /// <summary>Optimizer steps per epoch: 1 for full batch (0), T for stochastic (1), ceil(T / m) for mini-batches of m.</summary>
    public static int UpdatesPerEpoch(int rows, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        return batchSize == 0 ? 1 : (rows + batchSize - 1) / batchSize;
    }

    /// <summary>
    /// Trains on <paramref name="train"/> until a stopping rule fires. After every finished epoch (a
    /// <see cref="Checkpoint"/> taken there is that epoch's) run, in order: <paramref name="onEpoch"/>,
    /// <paramref name="progress"/> and the <paramref name="callbacks"/>, which may stop training
    /// (<see cref="StopReason.Callback"/>) or scale the learning rate. Cancellation is checked after every batch.
    /// </summary>
    /// <exception cref="ArgumentException">A data set's widths differ from the network's, or <see cref="TrainingOptions.Patience"/> is set without a validation set.</exception>
    // Fit holds the step loop but is called only a few times, so tiered compilation would leave it in its first,
    // unoptimised form (or on-stack replacement) for most of a short run: compile it fully optimised at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TrainingResult Fit(Dataset<T> train, Dataset<T>? validation = null, Action<EpochReport>? onEpoch = null,
        CancellationToken cancellation = default, IReadOnlyList<ITrainingCallback>? callbacks = null, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckShape(train, nameof(train));
        if (validation is not null)
        {
            CheckShape(validation, nameof(validation));
        }
        else if (Options.Patience is not null)
        {
            throw new ArgumentException("Early stopping (Patience) needs a validation set.", nameof(validation));
        }
        // The state Fit starts from is the snapshot divergence falls back to, unless an epoch was cut short.
        if (interrupted)
        {
            Revert();
        }
        else
        {
            Save();
        }
        interrupted = false;

        int rows = train.Rows;
        int batch = Options.BatchSize == 0 ? rows : Math.Min(Options.BatchSize, rows);
        int perEpoch = UpdatesPerEpoch(rows, Options.BatchSize);
        EnsureBuffers(train, batch);
        var parameters = network.ParameterArray;
        var gradients = network.Gradients;
        T decay = T.CreateTruncating(Options.WeightDecay);
        // A full batch's share of the epoch's mean gradient, computed once (only a last, partial batch needs its own).
        T share = T.CreateTruncating((double)batch / rows);
        var context = callbacks is { Count: > 0 } ? new TrainingContext(reports, Checkpoint, learningRateFactor) : null;

        while (epoch < Options.Epochs)
        {
            double rate = Options.Schedule.Rate(baseRate, epoch) * learningRateFactor;
            if (!double.IsFinite(rate) || rate <= 0)
            {
                throw new InvalidOperationException($"The schedule {Options.Schedule} gives learning rate {Format(rate)} for epoch {epoch + 1}; it must be finite and positive.");
            }
            optimizer.LearningRate = rate;
            if (Options.Shuffle)
            {
                random.Permutation(order.AsSpan(0, rows));
            }
            gradientMean.AsSpan().Clear();
            double lossSum = 0, firstLoss = double.NaN;
            int steps = 0;
            for (int start = 0; start < rows; start += batch)
            {
                int n = Math.Min(batch, rows - start);
                T stepShare = n == batch ? share : T.CreateTruncating((double)n / rows);
                // The update either goes into the backward pass, layer by layer (or part by part), or follows it.
                bool inBackward = SplitPasses<T>.UpdatesInBackward(network, optimizer, n);
                if (inBackward)
                {
                    Split().BeginStep(Options.WeightDecay > 0, decay, stepShare);
                }
                double batchLoss = BatchGradient(train, start, n, inBackward ? Split().Ready : null);
                if (!double.IsFinite(batchLoss))
                {
                    return Diverged(steps + 1, perEpoch, rate, $"the loss became {Format(batchLoss)}");
                }
                lossSum += batchLoss * n;
                if (steps == 0)
                {
                    firstLoss = batchLoss;
                }
                if (!inBackward && SplitPasses<T>.SplitsUpdate(network.Threads, optimizer, parameters.Length))
                {
                    Split().Update(Options.WeightDecay > 0, decay, stepShare, network.Threads);
                }
                else if (!inBackward)
                {
                    if (Options.WeightDecay > 0)
                    {
                        UpdateKernels.AddScaled<T>(parameters, decay, gradients);
                    }
                    optimizer.StepAddingMean<T>(parameters, gradients, gradientMean, stepShare);
                }
                network.ParametersChanged();
                updates++;
                steps++;
                if (cancellation.IsCancellationRequested)
                {
                    interrupted = true;
                    return Result(StopReason.Cancelled,
                        $"Cancelled during epoch {epoch + 1} after {steps} of its {perEpoch} updates; the parameters are those " +
                        $"after the last finished batch, the checkpoint is that of epoch {epoch}.");
                }
            }
            if (!UpdateKernels.AllFinite<T>(parameters))
            {
                return Diverged(steps, perEpoch, rate, "a parameter became NaN or infinite");
            }
            double? validationLoss = validation is null ? null : Evaluate(validation, batch);
            if (validationLoss is double v && !double.IsFinite(v))
            {
                return Diverged(steps, perEpoch, rate, $"the validation loss became {Format(v)}");
            }

            double gradientNorm = Math.Sqrt(UpdateKernels.SumOfSquares<T>(gradientMean));
            // Large gradients alone are not divergence (unscaled data has them while it converges): the loss must also
            // have risen, above the previous epoch's, or in the first epoch above its first batch's (the starting weights').
            double epochLoss = lossSum / rows, before = history.Count > 0 ? history[^1].TrainLoss : firstLoss;
            if (gradientNorm > Options.MaxGradientNorm && epochLoss > before)
            {
                return Diverged(steps, perEpoch, rate,
                    $"the gradient norm reached {Format(gradientNorm)}, above the limit of {Format(Options.MaxGradientNorm.Value)}, and the " +
                    $"loss rose from {Format(before)} to {Format(epochLoss)} (exploding gradients)");
            }

            epoch++;
            var entry = new EpochEntry(epoch, epochLoss, validationLoss, rate, gradientNorm, steps);
            history.Add(entry);
            if (Options.Patience is not null && validationLoss is double current)
            {
                TrackBest(current);
            }
            Save();
            // A report object only for those who take one.
            if (onEpoch is not null || progress is not null || context is not null)
            {
                var report = entry.ToReport();
                onEpoch?.Invoke(report);
                progress?.Report(report);
                if (context is not null)
                {
                    context.Report = report;
                    foreach (var callback in callbacks!)
                    {
                        callback.OnEpochEnd(context);
                    }
                    learningRateFactor = context.LearningRateFactor;
                    if (context.StopMessage is string stop)
                    {
                        return Result(StopReason.Callback, stop);
                    }
                }
            }

            if (Options.Patience is int patience && sinceBest >= patience)
            {
                bestParameters.AsSpan().CopyTo(parameters);
                network.ParametersChanged();
                return Result(StopReason.EarlyStopped,
                    $"Early stopping: the validation loss has not improved for {patience} epochs since epoch {bestEpoch} " +
                    $"({Format(bestLoss)}); the weights of epoch {bestEpoch} were restored.");
            }
            if (Options.LossChangeTolerance is double lossTolerance && history.Count >= 2
                && Math.Abs(history[^1].TrainLoss - history[^2].TrainLoss) < lossTolerance)
            {
                return Result(StopReason.LossConverged,
                    $"The training loss changed by {Format(Math.Abs(history[^1].TrainLoss - history[^2].TrainLoss))} " +
                    $"< {Format(lossTolerance)} between epochs {epoch - 1} and {epoch}.");
            }
            if (Options.GradientNormTolerance is double gradientTolerance && gradientNorm < gradientTolerance)
            {
                return Result(StopReason.GradientConverged,
                    $"The gradient norm {Format(gradientNorm)} fell below {Format(gradientTolerance)} in epoch {epoch}.");
            }
        }
        return Result(StopReason.MaxEpochs, $"Reached the maximum of {Options.Epochs} epoch{(Options.Epochs == 1 ? "" : "s")}.");
    }

    /// <summary>
    /// <see cref="Fit"/> on a thread-pool thread. Cancelling <paramref name="cancellation"/> stops training after the
    /// current batch and cancels the task (<see cref="OperationCanceledException"/>); the trainer keeps its state, so a
    /// later Fit or FitAsync resumes from the end of the last finished epoch.
    /// </summary>
    public Task<TrainingResult> FitAsync(Dataset<T> train, Dataset<T>? validation = null, IReadOnlyList<ITrainingCallback>? callbacks = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default) =>
        Task.Run(() =>
        {
            var result = Fit(train, validation, null, cancellation, callbacks, progress);
            if (result.Reason == StopReason.Cancelled)
            {
                cancellation.ThrowIfCancellationRequested();
            }
            return result;
        }, cancellation);

    /// <summary>The complete training state at the end of the last finished epoch (the initial state before any).</summary>
    public TrainingCheckpoint Checkpoint()
    {
        if (!hasSnapshot)
        {
            Save();
        }
        return new TrainingCheckpoint(
            epoch,
            savedUpdates,
            Unsafe.SizeOf<T>(),
            ToDoubles(savedParameters),
            new OptimizerState(optimizer.Name, savedSteps, [.. savedState.Select(ToDoubles)]),
            baseRate,
            [.. savedRandom],
            bestEpoch,
            double.IsPositiveInfinity(bestLoss) ? null : bestLoss,
            sinceBest,
            bestParameters is null ? null : ToDoubles(bestParameters),
            [.. reports],
            network.Spec,
            loss.Name);
    }

    /// <summary>
    /// Puts the network, optimizer and trainer back to a checkpoint's state (including its base learning rate); the
    /// next <see cref="Fit"/> continues from there and ends exactly as the run the checkpoint came from.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint is of another architecture (layers, units, activations, biases),
    /// loss, optimizer or precision; the message names both sides.</exception>
    public void Restore(TrainingCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // Keyed by architecture: another network with as many parameters would take the weights and train on as garbage.
        if (!checkpoint.Network.Equals(network.Spec) || checkpoint.Loss != loss.Name)
        {
            throw new ArgumentException(
                $"The checkpoint is of the network {checkpoint.Network} with the {checkpoint.Loss} loss; this trainer has {network.Spec} " +
                $"with the {loss.Name} loss.", nameof(checkpoint));
        }
        if (checkpoint.Optimizer.Optimizer != optimizer.Name)
        {
            throw new ArgumentException(
                $"The checkpoint is of the optimizer '{checkpoint.Optimizer.Optimizer}'; this trainer has '{optimizer.Name}'.", nameof(checkpoint));
        }
        int size = Unsafe.SizeOf<T>();
        if (checkpoint.ElementBytes != size)
        {
            throw new ArgumentException(
                $"The checkpoint holds {checkpoint.ElementBytes * 8}-bit parameters; this network is {size * 8}-bit.", nameof(checkpoint));
        }
        if (checkpoint.Parameters.Length != network.ParameterCount)
        {
            throw new ArgumentException(
                $"The checkpoint holds {checkpoint.Parameters.Length} parameters; the network {network} has {network.ParameterCount}.", nameof(checkpoint));
        }
        if (checkpoint.BestParameters is not null && checkpoint.BestParameters.Length != network.ParameterCount)
        {
            throw new ArgumentException(
                $"The checkpoint's best weights hold {checkpoint.BestParameters.Length} values; the network has {network.ParameterCount}.", nameof(checkpoint));
        }
        if (!UpdateKernels.AllFinite<double>(checkpoint.Parameters)
            || (checkpoint.BestParameters is not null && !UpdateKernels.AllFinite<double>(checkpoint.BestParameters)))
        {
            throw new ArgumentException("The checkpoint's parameters hold a NaN or infinite value.", nameof(checkpoint));
        }
        if (checkpoint.History.Count != EpochSeries.Count(checkpoint.Epoch))
        {
            throw new ArgumentException(
                $"The checkpoint is at epoch {checkpoint.Epoch}, whose history keeps {EpochSeries.Count(checkpoint.Epoch)} epochs, but it has {checkpoint.History.Count}.", nameof(checkpoint));
        }
        for (int i = 0; i < checkpoint.History.Count; i++)
        {
            if (checkpoint.History[i].Epoch != EpochSeries.EpochAt(checkpoint.Epoch, i))
            {
                throw new ArgumentException(
                    $"The checkpoint's history entry {i + 1} is of epoch {checkpoint.History[i].Epoch}, not {EpochSeries.EpochAt(checkpoint.Epoch, i)}.", nameof(checkpoint));
            }
        }
        optimizer.ImportState(checkpoint.Optimizer);
        random.SetState([.. checkpoint.ShuffleState]);
        baseRate = Check.Positive(checkpoint.BaseLearningRate, nameof(checkpoint.BaseLearningRate));
        FromDoubles(checkpoint.Parameters, network.ParameterArray);
        network.ParametersChanged();
        epoch = checkpoint.Epoch;
        updates = checkpoint.Updates;
        var entries = new EpochEntry[checkpoint.History.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = EpochEntry.From(checkpoint.History[i]);
        }
        history.Restore(checkpoint.Epoch, entries);
        bestEpoch = checkpoint.BestEpoch;
        bestLoss = checkpoint.BestValidationLoss ?? double.PositiveInfinity;
        sinceBest = checkpoint.EpochsSinceBest;
        if (checkpoint.BestParameters is null)
        {
            bestParameters = null;
        }
        else
        {
            bestParameters ??= new T[network.ParameterCount];
            FromDoubles(checkpoint.BestParameters, bestParameters);
        }
        interrupted = false;
        Save();
    }

    private void CheckShape(Dataset<T> data, string name)
    {
        if (data.InputCount != network.Inputs || data.OutputCount != network.Outputs)
        {
            throw new ArgumentException(
                $"The data set has {data.InputCount} inputs and {data.OutputCount} targets per pattern; the network {network} " +
                $"takes {network.Inputs} inputs and gives {network.Outputs} outputs.", name);
        }
    }

    private void EnsureBuffers(Dataset<T> train, int batch)
    {
        if (order.Length != train.Rows)
        {
            order = new int[train.Rows];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
        }
        if (batchTargets.Length < batch * train.OutputCount)
        {
            batchTargets = new T[batch * train.OutputCount];
        }
    }

    // The batch-mean loss and its gradient for the rows order[start .. start + n), through the network's layers (one
    // path for every batch size); a single row is read in place rather than gathered.
    private double BatchGradient(Dataset<T> train, int start, int n, Action<int, int>? ready)
    {
        int inputs = train.InputCount, outputs = train.OutputCount;
        if (n == 1 && train.ClassIndex is null)
        {
            int r = order[start];
            return network.ComputeGradients(train.Inputs.AsSpan(r * inputs, inputs), train.Targets.AsSpan(r * outputs, outputs), 1, loss);
        }
        // The rows go straight into the network's input buffer, which the forward pass then reads without a copy; on a
        // step split by rows each forward part copies its own.
        T[] x = network.InputRows(n);
        if (!network.SplitsRows(n))
        {
            Gather(train, start, n, x);
            return network.ComputeGradients(x.AsSpan(0, n * inputs), batchTargets.AsSpan(0, n * outputs), n, loss, false, ready, null);
        }
        var passes = Split();
        passes.BeginGather(train, order, start, n, x, batchTargets);
        try
        {
            return network.ComputeGradients(x.AsSpan(0, n * inputs), batchTargets.AsSpan(0, n * outputs), n, loss, false, ready, passes.GatherRows);
        }
        finally
        {
            passes.EndGather();
        }
    }

    private SplitPasses<T> Split() => split ??= new SplitPasses<T>(network.ParameterArray, network.Gradients, gradientMean, optimizer);

    // Copies the rows order[start .. start + n) into inputs and the batch's target buffer.
    private void Gather(Dataset<T> data, int start, int n, T[] inputs)
    {
        if (SplitPasses<T>.SplitsGather(network.Threads, n, data.InputCount))
        {
            Split().Gather(data, order, start, n, inputs, batchTargets, network.Threads);
            return;
        }
        Kernels.GatherRows<T>(data.Inputs, data.InputCount, order.AsSpan(start, n), inputs);
        int outputs = data.OutputCount;
        for (int i = 0; i < n; i++)
        {
            data.CopyTargets(order[start + i], batchTargets.AsSpan(i * outputs, outputs));
        }
    }

    // Mean loss over a data set, in chunks of the batch size so no buffer grows beyond training's.
    private double Evaluate(Dataset<T> data, int chunk)
    {
        double sum = 0;
        for (int start = 0; start < data.Rows; start += chunk)
        {
            int n = Math.Min(chunk, data.Rows - start);
            network.Forward(data.Inputs.AsSpan(start * data.InputCount, n * data.InputCount), n);
            ReadOnlySpan<T> targets;
            if (data.ClassIndex is null)
            {
                targets = data.Targets.AsSpan(start * data.OutputCount, n * data.OutputCount);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    data.CopyTargets(start + i, batchTargets.AsSpan(i * data.OutputCount, data.OutputCount));
                }
                targets = batchTargets.AsSpan(0, n * data.OutputCount);
            }
            sum += network.Loss(loss, targets) * n;
        }
        return sum / data.Rows;
    }

    private void TrackBest(double validationLoss)
    {
        if (validationLoss < bestLoss)
        {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            sinceBest = 0;
            bestParameters ??= new T[network.ParameterCount];
            network.ParameterArray.CopyTo(bestParameters, 0);
        }
        else
        {
            sinceBest++;
        }
    }

    private void Save()
    {
        network.ParameterArray.AsSpan().CopyTo(savedParameters);
        var live = optimizer.State<T>(network.ParameterCount);
        if (savedState.Length != live.Length)
        {
            savedState = new T[live.Length][];
        }
        for (int i = 0; i < live.Length; i++)
        {
            savedState[i] ??= new T[live[i].Length];
            live[i].AsSpan().CopyTo(savedState[i]);
        }
        savedSteps = optimizer.Steps;
        random.GetState(savedRandom);
        savedUpdates = updates;
        hasSnapshot = true;
    }

    private void Revert()
    {
        savedParameters.CopyTo(network.ParameterArray, 0);
        network.ParametersChanged();
        var live = optimizer.State<T>(network.ParameterCount);
        for (int i = 0; i < live.Length; i++)
        {
            savedState[i].CopyTo(live[i], 0);
        }
        optimizer.Steps = savedSteps;
        random.SetState(savedRandom);
        updates = savedUpdates;
    }

    private TrainingResult Diverged(int step, int perEpoch, double rate, string what)
    {
        Revert();
        return Result(StopReason.Diverged,
            $"Training diverged in epoch {epoch + 1} (update {step} of {perEpoch}): {what}. The parameters were put back to " +
            $"{(epoch == 0 ? "their initial values" : $"the end of epoch {epoch}")}. Try a smaller learning rate than {Format(rate)}.");
    }

    private TrainingResult Result(StopReason reason, string message)
    {
        var entries = new EpochEntry[history.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = history[i];
        }
        return new(reason, epoch, updates, new EpochReports(entries), message);
    }

    private static string Format(double value) => NumberText.Format(value);

    private static double[] ToDoubles(T[] values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }
        return result;
    }

    private static void FromDoubles(double[] values, T[] destination)
    {
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = T.CreateTruncating(values[i]);
        }
    }
}
