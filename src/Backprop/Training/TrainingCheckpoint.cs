using System.Text;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// Everything a <see cref="Trainer{T}"/> needs to go on exactly where it was at the end of an epoch: parameters,
/// optimizer state, shuffle generator, schedule position (epoch and base rate), early-stopping record and history.
/// Values are stored as double, which is exact for float and double networks.
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
/// <param name="History">The finished epochs' reports.</param>
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
    IReadOnlyList<EpochReport> History)
{
    /// <summary>The first four bytes of a checkpoint file.</summary>
    public static ReadOnlySpan<byte> Magic => "BPCK"u8;

    /// <summary>The format version written.</summary>
    public const int FormatVersion = 1;

    // Limits checked before allocating, so a corrupt size cannot ask for gigabytes.
    private const int MaxValues = 1 << 28;
    private const int MaxVectors = 16;
    private const int MaxNameBytes = 256;
    private const int MaxEpochs = 100_000_000;

    /// <summary>Writes the checkpoint in the binary format: magic, version, then every field, little-endian.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(ElementBytes);
        writer.Write(Epoch);
        writer.Write(Updates);
        writer.Write(BaseLearningRate);
        if (ShuffleState.Count != 4)
        {
            throw new InvalidOperationException($"The shuffle state has {ShuffleState.Count} words, not 4.");
        }
        foreach (ulong word in ShuffleState)
        {
            writer.Write(word);
        }
        WriteValues(writer, Parameters);
        byte[] name = Encoding.UTF8.GetBytes(Optimizer.Optimizer);
        writer.Write(name.Length);
        writer.Write(name);
        writer.Write(Optimizer.Steps);
        writer.Write(Optimizer.Vectors.Count);
        foreach (var vector in Optimizer.Vectors)
        {
            WriteValues(writer, vector);
        }
        writer.Write(BestEpoch);
        writer.Write(BestValidationLoss.HasValue);
        writer.Write(BestValidationLoss ?? 0);
        writer.Write(EpochsSinceBest);
        writer.Write(BestParameters is not null);
        if (BestParameters is not null)
        {
            WriteValues(writer, BestParameters);
        }
        writer.Write(History.Count);
        foreach (var report in History)
        {
            writer.Write(report.Epoch);
            writer.Write(report.TrainLoss);
            writer.Write(report.ValidationLoss.HasValue);
            writer.Write(report.ValidationLoss ?? 0);
            writer.Write(report.LearningRate);
            writer.Write(report.GradientNorm);
            writer.Write(report.Updates);
        }
    }

    /// <summary>Reads a checkpoint written by <see cref="WriteTo"/>, checking every size before allocating and every value.</summary>
    /// <exception cref="InvalidDataException">The data is not a checkpoint, is of another version, is truncated, or holds an invalid value; the message says which.</exception>
    public static TrainingCheckpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            stream.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic))
            {
                throw Invalid("it does not start with \"BPCK\", so it is not a training checkpoint");
            }
            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw Invalid($"format version {version} is not supported (this build reads version {FormatVersion})");
            }
            int elementBytes = reader.ReadInt32();
            if (elementBytes is not (4 or 8))
            {
                throw Invalid($"element size {elementBytes} bytes is neither 4 (float) nor 8 (double)");
            }
            int epoch = Count(reader.ReadInt32(), MaxEpochs, "epoch");
            long updates = reader.ReadInt64();
            if (updates < 0)
            {
                throw Invalid($"update count {updates} is negative");
            }
            double baseRate = Finite(reader.ReadDouble(), "base learning rate");
            if (baseRate <= 0)
            {
                throw Invalid($"base learning rate {baseRate} is not positive");
            }
            var shuffle = new ulong[4];
            for (int i = 0; i < 4; i++)
            {
                shuffle[i] = reader.ReadUInt64();
            }
            if ((shuffle[0] | shuffle[1] | shuffle[2] | shuffle[3]) == 0)
            {
                throw Invalid("the shuffle generator state is all zero");
            }
            double[] parameters = ReadValues(reader, stream, "parameters");
            int nameLength = Count(reader.ReadInt32(), MaxNameBytes, "optimizer name length");
            string name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
            if (name.Length == 0 || !global::Backprop.Optimizers.Optimizer.Names.Contains(name))
            {
                throw Invalid($"optimizer '{name}' is unknown");
            }
            long steps = reader.ReadInt64();
            if (steps < 0)
            {
                throw Invalid($"optimizer step count {steps} is negative");
            }
            int vectorCount = Count(reader.ReadInt32(), MaxVectors, "optimizer state array count");
            var vectors = new double[vectorCount][];
            for (int i = 0; i < vectorCount; i++)
            {
                vectors[i] = ReadValues(reader, stream, $"optimizer state array {i + 1}");
                if (vectors[i].Length != parameters.Length)
                {
                    throw Invalid($"optimizer state array {i + 1} holds {vectors[i].Length} values for {parameters.Length} parameters");
                }
            }
            int bestEpoch = Count(reader.ReadInt32(), epoch, "best epoch");
            bool hasBest = reader.ReadBoolean();
            double bestStored = reader.ReadDouble();
            double? bestLoss = hasBest ? Finite(bestStored, "best validation loss") : null;
            int sinceBest = Count(reader.ReadInt32(), epoch, "epochs since the best");
            double[]? bestParameters = null;
            if (reader.ReadBoolean())
            {
                bestParameters = ReadValues(reader, stream, "best parameters");
                if (bestParameters.Length != parameters.Length)
                {
                    throw Invalid($"the best parameters hold {bestParameters.Length} values for {parameters.Length} parameters");
                }
            }
            int historyCount = Count(reader.ReadInt32(), epoch, "history length");
            if (historyCount != epoch)
            {
                throw Invalid($"the history has {historyCount} epochs but the checkpoint is at epoch {epoch}");
            }
            var history = new EpochReport[historyCount];
            for (int i = 0; i < historyCount; i++)
            {
                int number = reader.ReadInt32();
                if (number != i + 1)
                {
                    throw Invalid($"history entry {i + 1} is numbered {number}");
                }
                double trainLoss = Finite(reader.ReadDouble(), $"training loss of epoch {number}");
                bool hasValidation = reader.ReadBoolean();
                double validation = reader.ReadDouble();
                double? validationLoss = hasValidation ? Finite(validation, $"validation loss of epoch {number}") : null;
                double rate = Finite(reader.ReadDouble(), $"learning rate of epoch {number}");
                double norm = Finite(reader.ReadDouble(), $"gradient norm of epoch {number}");
                int epochUpdates = Count(reader.ReadInt32(), int.MaxValue, $"updates of epoch {number}");
                history[i] = new EpochReport(number, trainLoss, validationLoss, rate, norm, epochUpdates);
            }
            return new TrainingCheckpoint(epoch, updates, elementBytes, parameters, new OptimizerState(name, steps, vectors),
                baseRate, shuffle, bestEpoch, bestLoss, sinceBest, bestParameters, history);
        }
        catch (EndOfStreamException)
        {
            throw Invalid("it ends too early (truncated)");
        }
    }

    private static void WriteValues(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double value in values)
        {
            writer.Write(value);
        }
    }

    private static double[] ReadValues(BinaryReader reader, Stream stream, string what)
    {
        int count = Count(reader.ReadInt32(), MaxValues, $"{what} count");
        if (stream.CanSeek && (long)count * sizeof(double) > stream.Length - stream.Position)
        {
            throw Invalid($"{what}: {count} values are declared but only {stream.Length - stream.Position} bytes remain");
        }
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
        }
        if (!Numerics.UpdateKernels.AllFinite<double>(values))
        {
            int bad = Array.FindIndex(values, v => !double.IsFinite(v));
            throw Invalid($"{what}: value {bad} is {values[bad]}");
        }
        return values;
    }

    private static int Count(int value, int max, string what) =>
        value >= 0 && value <= max ? value : throw Invalid($"{what} {value} is outside [0, {max}]");

    private static double Finite(double value, string what) =>
        double.IsFinite(value) ? value : throw Invalid($"{what} is {value}");

    private static InvalidDataException Invalid(string what) => new($"Invalid training checkpoint: {what}.");
}
