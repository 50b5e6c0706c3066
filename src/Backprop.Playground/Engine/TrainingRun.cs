using Backprop.Diagnostics;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Playground.Engine;

/// <summary>
/// Training that the page can advance one optimizer update at a time, so that it can stop after any step, show it,
/// and hand the browser back to the renderer between small slices. Each update is the library's: the gradient of
/// the batch-mean loss (<see cref="Network{T}.ComputeGradients"/>), weight decay added as lambda w, then
/// <see cref="Optimizer.Step{T}"/>; the rate comes from the schedule at the start of each epoch, as in the trainer.
/// </summary>
public sealed class TrainingRun
{
    private readonly double baseRate;
    private readonly Random shuffle;
    private readonly int[] order;
    private readonly double[] batchX;
    private readonly double[] batchY;
    private readonly double[] before;
    private int position;
    private double epochLoss;

    /// <summary>Starts a run; the optimizer's learning rate is the schedule's base rate.</summary>
    public TrainingRun(Network<double> network, Loss loss, Optimizer optimizer, Dataset<double> train, Dataset<double> test,
        int batchSize, LearningRateSchedule schedule, double weightDecay, int seed)
    {
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        Train = train;
        Test = test;
        Batch = batchSize <= 0 ? train.Rows : Math.Min(batchSize, train.Rows);
        Schedule = schedule;
        WeightDecay = weightDecay;
        baseRate = optimizer.LearningRate;
        shuffle = new Random(seed);
        order = [.. Enumerable.Range(0, train.Rows)];
        batchX = new double[Batch * train.InputCount];
        batchY = new double[Batch * train.OutputCount];
        before = new double[network.ParameterCount];
        LastBatch = [];
        Record();
    }

    /// <summary>The network being trained.</summary>
    public Network<double> Network { get; }

    /// <summary>The loss it is trained on.</summary>
    public Loss Loss { get; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The training rows.</summary>
    public Dataset<double> Train { get; }

    /// <summary>The test rows.</summary>
    public Dataset<double> Test { get; }

    /// <summary>Patterns per update.</summary>
    public int Batch { get; }

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>lambda of the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Finished epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>Optimizer updates so far.</summary>
    public long Updates { get; private set; }

    /// <summary>Training loss over all training rows after each epoch; entry 0 is before training.</summary>
    public List<double> TrainLoss { get; } = [];

    /// <summary>Test loss after each epoch; entry 0 is before training.</summary>
    public List<double> TestLoss { get; } = [];

    /// <summary>Accuracy on the training rows after the last epoch (or step, after <see cref="Refresh"/>).</summary>
    public double TrainAccuracy { get; private set; }

    /// <summary>Accuracy on the test rows.</summary>
    public double TestAccuracy { get; private set; }

    /// <summary>The training rows of the last update.</summary>
    public int[] LastBatch { get; private set; }

    /// <summary>The parameters before the last update (the flat buffer of <see cref="Network{T}.Parameters"/>).</summary>
    public ReadOnlySpan<double> ParametersBeforeLastStep => before;

    /// <summary>The learning rate of the last update.</summary>
    public double LastRate { get; private set; }

    /// <summary>Why training stopped for good (divergence), or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>One optimizer update on the next batch; true when it finished an epoch.</summary>
    public bool Step()
    {
        if (Failure is not null)
            return false;
        int rows = Train.Rows;
        if (position == 0)
        {
            LastRate = Schedule.Rate(baseRate, Epoch);
            Optimizer.LearningRate = LastRate;
            if (Batch < rows)
                shuffle.Shuffle(order);
            epochLoss = 0;
        }
        int n = Math.Min(Batch, rows - position);
        for (int i = 0; i < n; i++)
        {
            int r = order[position + i];
            Train.Inputs.AsSpan(r * Train.InputCount, Train.InputCount).CopyTo(batchX.AsSpan(i * Train.InputCount));
            Train.Targets.AsSpan(r * Train.OutputCount, Train.OutputCount).CopyTo(batchY.AsSpan(i * Train.OutputCount));
        }
        if (LastBatch.Length != n)
            LastBatch = new int[n];
        order.AsSpan(position, n).CopyTo(LastBatch);
        Network.Parameters.CopyTo(before, 0);
        double loss = Network.ComputeGradients(batchX.AsSpan(0, n * Train.InputCount), batchY.AsSpan(0, n * Train.OutputCount), n, Loss);
        double[] w = Network.Parameters, dW = Network.Gradients;
        // Weight decay adds lambda w to the gradient, as the trainer does (TrainingOptions.WeightDecay).
        for (int i = 0; i < w.Length && WeightDecay > 0; i++)
            dW[i] += WeightDecay * w[i];
        Optimizer.Step<double>(w, dW);
        if (!double.IsFinite(loss) || !Array.TrueForAll(w, double.IsFinite))
        {
            before.CopyTo(Network.Parameters, 0);
            Failure = $"Training diverged in epoch {Epoch + 1}: the loss became {NumberText.Format(loss)}. The last update was undone; " +
                $"try a smaller learning rate than {NumberText.Format(LastRate)}.";
            return false;
        }
        epochLoss += loss * n;
        Updates++;
        position += n;
        if (position < rows)
            return false;
        position = 0;
        Epoch++;
        Record();
        return true;
    }

    /// <summary>Updates until the current epoch is finished.</summary>
    public void FinishEpoch()
    {
        while (Failure is null && !Step())
        {
        }
    }

    /// <summary>Recomputes the accuracies (after single steps, which record no losses).</summary>
    public void Refresh()
    {
        TrainAccuracy = Accuracy(Train, out _);
        TestAccuracy = Accuracy(Test, out _);
    }

    /// <summary>Patterns of the current epoch done so far.</summary>
    public int PositionInEpoch => position;

    private void Record()
    {
        TrainAccuracy = Accuracy(Train, out double trainLoss);
        TestAccuracy = Accuracy(Test, out double testLoss);
        TrainLoss.Add(trainLoss);
        TestLoss.Add(testLoss);
    }

    // Share of rows whose predicted class (threshold 0.5 for one output, else the largest) is the target's; also the mean loss.
    private double Accuracy(Dataset<double> data, out double loss)
    {
        var output = Network.Forward(data.Inputs, data.Rows);
        loss = Network.Loss(Loss, data.Targets);
        int outputs = data.OutputCount;
        int right = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            var target = data.Targets.AsSpan(r * outputs, outputs);
            int expected = outputs == 1 ? (target[0] >= 0.5 ? 1 : 0) : DecisionGrid.PredictedClass(target);
            if (DecisionGrid.PredictedClass(output.Slice(r * outputs, outputs)) == expected)
                right++;
        }
        return (double)right / data.Rows;
    }
}
