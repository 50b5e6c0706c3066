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
    public const long MaxFileBytes = 0x7FFFFFC7;

    // "BPCHECK" and a byte that is not text, as the model file's magic.
    private static ReadOnlySpan<byte> Magic => [(byte)'B', (byte)'P', (byte)'C', (byte)'H', (byte)'E', (byte)'C', (byte)'K', 0x1A];

    private const int HeaderBytes = 8 + 4 + 8;   // magic, version, body length
    private const int TrailerBytes = 4;          // CRC-32

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
        var file = new byte[HeaderBytes + body.Length + TrailerBytes];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), (ulong)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(file.AsSpan(HeaderBytes));
        int end = file.Length - TrailerBytes;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(end), Crc32.Compute(file.AsSpan(0, end)));
        return file;
    }

    /// <summary>Loads a checkpoint file.</summary>
    /// <exception cref="ModelFileException">The file is missing or unreadable, or is not a valid checkpoint file; the message says why.</exception>
    public static CheckpointFileContent Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
                throw new ModelFileException(path, $"the file is {stream.Length} bytes, more than the {MaxFileBytes} a checkpoint file may have");
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFileException(path, "checkpoint file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFileException(path, $"cannot read the file: {e.Message}", e);
        }
        return FromBytes(bytes, path);
    }

    /// <summary>Reads the complete content of a checkpoint file.</summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="fileName">Names the file in error messages; null if none.</param>
    /// <exception cref="ModelFileException">The content is not a valid checkpoint file; the message says why.</exception>
    public static CheckpointFileContent FromBytes(ReadOnlySpan<byte> bytes, string? fileName = null)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            if (Magic.StartsWith(bytes))
                throw new ModelFileException(fileName, $"truncated: {bytes.Length} bytes, shorter than the checkpoint file header");
            throw new ModelFileException(fileName, "not a Backprop checkpoint file (no BPCHECK magic number at the start)");
        }
        if (bytes.Length < HeaderBytes + TrailerBytes)
            throw new ModelFileException(fileName, $"truncated: {bytes.Length} bytes, shorter than the checkpoint file's header and checksum");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != FormatVersion)
            throw new ModelFileException(fileName,
                $"checkpoint format version {version} is not supported; this build reads version {FormatVersion}");
        ulong bodyLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes[12..]);
        long available = bytes.Length - HeaderBytes - TrailerBytes;
        if (bodyLength > (ulong)available)
            throw new ModelFileException(fileName,
                $"truncated: the header declares a {bodyLength}-byte body, but the file has {bytes.Length} bytes in all");
        if ((long)bodyLength < available)
            throw new ModelFileException(fileName,
                $"corrupted: {available - (long)bodyLength} unexpected bytes after the declared {bodyLength}-byte body");
        int end = bytes.Length - TrailerBytes;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[end..]);
        uint actual = Crc32.Compute(bytes[..end]);
        if (stored != actual)
            throw new ModelFileException(fileName, $"corrupted: checksum mismatch (stored {stored:x8}, computed {actual:x8})");

        ReadOnlySpan<byte> body = bytes[HeaderBytes..end];
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
