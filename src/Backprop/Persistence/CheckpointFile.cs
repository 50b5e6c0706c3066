using System.Buffers.Binary;
using System.Text;
using Backprop.Training;

namespace Backprop.Persistence;

/// <summary>A checkpoint file's content: the training state and the tag the caller stored with it.</summary>
/// <param name="Checkpoint">The training state.</param>
/// <param name="Tag">The caller's description of the run (the CLI stores a fingerprint of its data and options).</param>
public sealed record CheckpointFileContent(TrainingCheckpoint Checkpoint, string Tag);

/// <summary>
/// Saves and loads a <see cref="TrainingCheckpoint"/> as a file (docs/robustness.md): a magic number, the format
/// version and the body length, then the body (the caller's tag, then the checkpoint in its own format), then a CRC-32
/// of everything before it. Written atomically, so a crash at any moment leaves the previous checkpoint or the new one;
/// the CRC catches a file damaged afterwards, which a bit flip in a weight would otherwise pass unnoticed.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const uint FormatVersion = 1;

    /// <summary>The longest tag, in UTF-8 bytes.</summary>
    public const int MaxTagBytes = 1 << 16;

    /// <summary>The largest checkpoint file read, in bytes (one array).</summary>
    public const long MaxFileBytes = FileEnvelope.MaxFileBytes;

    // "BPCHECK" and a byte that is not text, as the model file's magic.
    private static readonly FileEnvelope Envelope = new("checkpoint", "BPCHECK\x1A"u8.ToArray(), FormatVersion);

    /// <summary>Writes <paramref name="checkpoint"/> and <paramref name="tag"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">The tag is longer than <see cref="MaxTagBytes"/>.</exception>
    public static void Save(string path, TrainingCheckpoint checkpoint, string tag)
    {
        byte[] bytes = ToBytes(checkpoint, tag);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The complete file content for <paramref name="checkpoint"/> and <paramref name="tag"/>.</summary>
    /// <exception cref="ArgumentException">The tag is longer than <see cref="MaxTagBytes"/>.</exception>
    public static byte[] ToBytes(TrainingCheckpoint checkpoint, string tag)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(tag);
        byte[] tagBytes = Encoding.UTF8.GetBytes(tag);
        if (tagBytes.Length > MaxTagBytes)
            throw new ArgumentException($"the tag has {tagBytes.Length} UTF-8 bytes, more than the {MaxTagBytes} a checkpoint file allows", nameof(tag));
        var body = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)tagBytes.Length);
        body.Write(length);
        body.Write(tagBytes);
        checkpoint.WriteTo(body);
        return Envelope.Wrap(body.GetBuffer().AsSpan(0, (int)body.Length));
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
        ReadOnlySpan<byte> body = Envelope.Unwrap(bytes, fileName);
        if (body.Length < 4)
            throw new ModelFileException(fileName, "corrupted: the body ends inside the tag length");
        uint tagLength = BinaryPrimitives.ReadUInt32LittleEndian(body);
        if (tagLength > MaxTagBytes || tagLength > body.Length - 4)
            throw new ModelFileException(fileName, $"corrupted: tag length {tagLength} exceeds the limit of {MaxTagBytes} or the {body.Length - 4} bytes that remain");
        string tag;
        try
        {
            tag = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Slice(4, (int)tagLength));
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFileException(fileName, "corrupted: the tag is not valid UTF-8", e);
        }
        byte[] state = body[(4 + (int)tagLength)..].ToArray();
        using var stream = new MemoryStream(state, writable: false);
        TrainingCheckpoint checkpoint;
        try
        {
            checkpoint = TrainingCheckpoint.ReadFrom(stream);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException(fileName, $"corrupted: {e.Message}", e);
        }
        if (stream.Position != stream.Length)
            throw new ModelFileException(fileName, $"corrupted: {stream.Length - stream.Position} unread bytes after the training state");
        return new CheckpointFileContent(checkpoint, tag);
    }
}
