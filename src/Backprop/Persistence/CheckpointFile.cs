using System.Text;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Persistence;

/// <summary>A checkpoint file's content: the training state and the tag the caller stored with it.</summary>
/// <param name="Checkpoint">The training state.</param>
/// <param name="Tag">The caller's description of the run (the CLI stores a fingerprint of its data and options).</param>
public sealed record CheckpointFileContent(TrainingCheckpoint Checkpoint, string Tag);

/// <summary>
/// Saves and loads a <see cref="TrainingCheckpoint"/> as a file (docs/robustness.md) in the frame model files use
/// (<see cref="FileEnvelope"/>: magic, format version, body length, body, CRC-32), read through the same
/// <see cref="BodyReader"/>. The body: the caller's tag, then every field of the checkpoint, little-endian, ending with
/// the architecture and loss it belongs to. Written atomically, so a crash at any moment leaves the previous checkpoint
/// or the new one, and streamed: the file is never built in memory. The CRC catches a file damaged afterwards, which a
/// bit flip in a weight would otherwise pass unnoticed.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this build writes and reads (3: keyed by architecture and loss, the history bounded;
    /// 2: the state sits in the body itself, with no inner header).</summary>
    public const uint FormatVersion = 3;

    /// <summary>The longest tag, in UTF-8 bytes.</summary>
    public const int MaxTagBytes = 1 << 16;

    /// <summary>The largest checkpoint file read, in bytes (one array).</summary>
    public const long MaxFileBytes = FileEnvelope.MaxFileBytes;

    // Limits checked before allocating, so a corrupt count cannot ask for gigabytes.
    private const int MaxValues = ModelFile.MaxParameters;
    private const int MaxVectors = 16;
    private const int MaxEpochs = 100_000_000;
    private const int HistoryEntryBytes = 4 + 8 + 1 + 8 + 8 + 8 + 4;

    // "BPCHECK" and a byte that is not text, as the model file's magic.
    private static readonly FileEnvelope Envelope = new("checkpoint", "BPCHECK\x1A"u8.ToArray(), FormatVersion);

    /// <summary>
    /// Writes <paramref name="checkpoint"/> and <paramref name="tag"/> to <paramref name="path"/> atomically, streamed: the
    /// memory it takes beyond the checkpoint itself is a 64 KiB buffer, whatever the checkpoint's size.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is longer than <see cref="MaxTagBytes"/>, or the file would be larger than
    /// <see cref="MaxFileBytes"/> (which no reader reads).</exception>
    public static void Save(string path, TrainingCheckpoint checkpoint, string tag)
    {
        Check(checkpoint, tag);
        AtomicFile.Write(path, stream => Write(stream, checkpoint, tag));
    }

    /// <summary>Writes the complete file content for <paramref name="checkpoint"/> and <paramref name="tag"/> to <paramref name="destination"/>, streamed.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Save"/>.</exception>
    public static void Write(Stream destination, TrainingCheckpoint checkpoint, string tag)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Check(checkpoint, tag);
        Envelope.WriteStreamed(destination, w =>
        {
            ModelFile.WriteString(w, tag);
            WriteBody(w, checkpoint);
        });
    }

    /// <summary>The complete file content for <paramref name="checkpoint"/> and <paramref name="tag"/>, in memory.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Save"/>.</exception>
    public static byte[] ToBytes(TrainingCheckpoint checkpoint, string tag)
    {
        var file = new MemoryStream();
        Write(file, checkpoint, tag);
        return file.ToArray();
    }

    private static void Check(TrainingCheckpoint checkpoint, string tag)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(tag);
        int tagBytes = Encoding.UTF8.GetByteCount(tag);
        if (tagBytes > MaxTagBytes)
            throw new ArgumentException($"the tag has {tagBytes} UTF-8 bytes, more than the {MaxTagBytes} a checkpoint file allows", nameof(tag));
        if (checkpoint.ShuffleState.Count != 4)
            throw new ArgumentException($"the shuffle state has {checkpoint.ShuffleState.Count} words, not 4", nameof(checkpoint));
        if (checkpoint.History.Count > EpochSeries.MaxKept)
            throw new ArgumentException($"the history has {checkpoint.History.Count} entries, more than the {EpochSeries.MaxKept} a checkpoint file allows", nameof(checkpoint));
    }

    /// <summary>
    /// True when <paramref name="path"/> starts with the checkpoint file's magic number, so that a command given it in place of
    /// another kind of file (a CSV) can say what it is.
    /// </summary>
    public static bool IsCheckpointFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Envelope.StartsFile(path);
    }

    /// <summary>Loads a checkpoint file.</summary>
    /// <exception cref="ModelFileException">The file is missing or unreadable, or is not a valid checkpoint file; the message says why.</exception>
    public static CheckpointFileContent Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromBytes(Envelope.ReadFile(path), path);
    }

    /// <summary>Reads the complete content of a checkpoint file.</summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="fileName">Names the file in error messages; null if none.</param>
    /// <exception cref="ModelFileException">The content is not a valid checkpoint file; the message says why.</exception>
    public static CheckpointFileContent FromBytes(ReadOnlySpan<byte> bytes, string? fileName = null)
    {
        var r = new BodyReader(Envelope.Unwrap(bytes, fileName), fileName);
        string tag = r.String("tag");
        if (Encoding.UTF8.GetByteCount(tag) > MaxTagBytes)
            throw r.Corrupt($"the tag is longer than the {MaxTagBytes} bytes a checkpoint file allows");
        TrainingCheckpoint checkpoint = ReadBody(ref r);
        if (r.Remaining != 0)
            throw r.Corrupt($"{r.Remaining} unread bytes after the training state");
        return new CheckpointFileContent(checkpoint, tag);
    }

    private static void WriteBody(BinaryWriter w, TrainingCheckpoint c)
    {
        w.Write(c.ElementBytes);
        w.Write(c.Epoch);
        w.Write(c.Updates);
        w.Write(c.BaseLearningRate);
        foreach (ulong word in c.ShuffleState)
            w.Write(word);
        WriteValues(w, c.Parameters);
        ModelFile.WriteString(w, c.Optimizer.Optimizer);
        w.Write(c.Optimizer.Steps);
        w.Write((uint)c.Optimizer.Vectors.Count);
        foreach (var vector in c.Optimizer.Vectors)
            WriteValues(w, vector);
        w.Write(c.BestEpoch);
        w.Write(c.BestValidationLoss.HasValue);
        w.Write(c.BestValidationLoss ?? 0);
        w.Write(c.EpochsSinceBest);
        w.Write(c.BestParameters is not null);
        if (c.BestParameters is not null)
            WriteValues(w, c.BestParameters);
        w.Write((uint)c.History.Count);
        foreach (var report in c.History)
        {
            w.Write(report.Epoch);
            w.Write(report.TrainLoss);
            w.Write(report.ValidationLoss.HasValue);
            w.Write(report.ValidationLoss ?? 0);
            w.Write(report.LearningRate);
            w.Write(report.GradientNorm);
            w.Write(report.Updates);
        }
        ModelFile.WriteSpec(w, c.Network);
        ModelFile.WriteString(w, c.Loss);
    }

    private static void WriteValues(BinaryWriter w, double[] values)
    {
        w.Write((uint)values.Length);
        foreach (double value in values)
            w.Write(value);
    }

    private static TrainingCheckpoint ReadBody(ref BodyReader r)
    {
        int elementBytes = r.Int32();
        if (elementBytes is not (4 or 8))
            throw r.Corrupt($"element size {elementBytes} bytes is neither 4 (float) nor 8 (double)");
        int epoch = Within(ref r, r.Int32(), MaxEpochs, "epoch");
        long updates = r.Int64();
        if (updates < 0)
            throw r.Corrupt($"update count {updates} is negative");
        double baseRate = Finite(ref r, r.Double(), "base learning rate");
        if (baseRate <= 0)
            throw r.Corrupt($"base learning rate {NumberText.Exact(baseRate)} is not positive");
        var shuffle = new ulong[4];
        for (int i = 0; i < 4; i++)
            shuffle[i] = r.UInt64("shuffle state");
        if ((shuffle[0] | shuffle[1] | shuffle[2] | shuffle[3]) == 0)
            throw r.Corrupt("the shuffle generator state is all zero");
        double[] parameters = Values(ref r, "parameters");
        string name = r.String("optimizer name");
        if (!Optimizer.Names.Contains(name))
            throw r.Corrupt($"optimizer '{name}' is unknown");
        long steps = r.Int64();
        if (steps < 0)
            throw r.Corrupt($"optimizer step count {steps} is negative");
        int vectorCount = r.Count("optimizer state array count", MaxVectors, minimum: 0, bytesEach: 4);
        var vectors = new double[vectorCount][];
        for (int i = 0; i < vectorCount; i++)
        {
            vectors[i] = Values(ref r, $"optimizer state array {i + 1}");
            if (vectors[i].Length != parameters.Length)
                throw r.Corrupt($"optimizer state array {i + 1} holds {vectors[i].Length} values for {parameters.Length} parameters");
        }
        int bestEpoch = Within(ref r, r.Int32(), epoch, "best epoch");
        bool hasBest = Flag(ref r, "best-loss flag");
        double bestStored = r.Double();
        double? bestLoss = hasBest ? Finite(ref r, bestStored, "best validation loss") : null;
        int sinceBest = Within(ref r, r.Int32(), epoch, "epochs since the best");
        double[]? bestParameters = null;
        if (Flag(ref r, "best-parameters flag"))
        {
            bestParameters = Values(ref r, "best parameters");
            if (bestParameters.Length != parameters.Length)
                throw r.Corrupt($"the best parameters hold {bestParameters.Length} values for {parameters.Length} parameters");
        }
        int historyCount = r.Count("history length", EpochSeries.MaxKept, minimum: 0, bytesEach: HistoryEntryBytes);
        if (historyCount != EpochSeries.Count(epoch))
            throw r.Corrupt($"the history has {historyCount} entries but a checkpoint at epoch {epoch} keeps {EpochSeries.Count(epoch)}");
        var history = new EpochReport[historyCount];
        for (int i = 0; i < historyCount; i++)
        {
            int number = r.Int32();
            if (number != EpochSeries.EpochAt(epoch, i))
                throw r.Corrupt($"history entry {i + 1} is numbered {number}, not {EpochSeries.EpochAt(epoch, i)}");
            double trainLoss = Finite(ref r, r.Double(), $"training loss of epoch {number}");
            bool hasValidation = Flag(ref r, $"validation flag of epoch {number}");
            double validation = r.Double();
            double? validationLoss = hasValidation ? Finite(ref r, validation, $"validation loss of epoch {number}") : null;
            double rate = Finite(ref r, r.Double(), $"learning rate of epoch {number}");
            double norm = Finite(ref r, r.Double(), $"gradient norm of epoch {number}");
            int epochUpdates = Within(ref r, r.Int32(), int.MaxValue, $"updates of epoch {number}");
            history[i] = new EpochReport(number, trainLoss, validationLoss, rate, norm, epochUpdates);
        }
        NetworkSpec network = ModelFile.ReadSpec(ref r);
        if (network.ParameterCount != parameters.Length)
            throw r.Corrupt($"the network {network} has {network.ParameterCount} parameters, the checkpoint holds {parameters.Length}");
        string lossName = r.String("loss name");
        Loss loss = r.Build("loss", () => Loss.Parse(lossName));
        return new TrainingCheckpoint(epoch, updates, elementBytes, parameters, new OptimizerState(name, steps, vectors),
            baseRate, shuffle, bestEpoch, bestLoss, sinceBest, bestParameters, history, network, loss.Name);
    }

    private static double[] Values(ref BodyReader r, string what)
    {
        int count = r.Count($"{what} count", MaxValues, minimum: 0, bytesEach: sizeof(double));
        double[] values = r.Doubles(count);
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw r.Corrupt($"{what}: value {i} is {values[i]}");
        }
        return values;
    }

    private static bool Flag(ref BodyReader r, string what)
    {
        byte flag = r.Byte(what);
        return flag <= 1 ? flag == 1 : throw r.Corrupt($"{what} {flag} is neither 0 nor 1");
    }

    private static int Within(ref BodyReader r, int value, int max, string what) =>
        value >= 0 && value <= max ? value : throw r.Corrupt($"{what} {value} is outside [0, {max}]");

    private static double Finite(ref BodyReader r, double value, string what) =>
        double.IsFinite(value) ? value : throw r.Corrupt($"{what} is {NumberText.Format(value)}");
}
