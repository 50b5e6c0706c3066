using System.Buffers.Binary;

namespace Backprop.Persistence;

/// <summary>
/// The frame model and checkpoint files share: an 8-byte magic number, the format version (uint32), the body length
/// (uint64), the body, then a CRC-32 of everything before it; little-endian. Reading checks each part before trusting
/// the next, so a damaged or foreign file is named as such and nothing is allocated from its claims.
/// </summary>
/// <param name="Kind">What the file is, for messages: "model" or "checkpoint".</param>
/// <param name="Magic">The first 8 bytes.</param>
/// <param name="Version">The format version this build writes (and reads).</param>
/// <param name="OldestVersion">The oldest version this build still reads; 0 for <paramref name="Version"/> only.</param>
internal sealed record FileEnvelope(string Kind, byte[] Magic, uint Version, uint OldestVersion = 0)
{
    /// <summary>Magic, version, body length.</summary>
    public const int HeaderBytes = 8 + 4 + 8;

    /// <summary>The CRC-32.</summary>
    public const int TrailerBytes = 4;

    /// <summary>The largest file read, in bytes: one array.</summary>
    public const long MaxFileBytes = 0x7FFFFFC7;

    /// <summary>The complete file for <paramref name="body"/>.</summary>
    public byte[] Wrap(ReadOnlySpan<byte> body)
    {
        var file = new byte[HeaderBytes + body.Length + TrailerBytes];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), (ulong)body.Length);
        body.CopyTo(file.AsSpan(HeaderBytes));
        int end = file.Length - TrailerBytes;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(end), Crc32.Compute(file.AsSpan(0, end)));
        return file;
    }

    /// <summary>
    /// Writes the complete file to <paramref name="destination"/> without holding it in memory: <paramref name="writeBody"/>
    /// runs twice, first to count the body's bytes (the header states the length), then to write them while the CRC is
    /// computed. It must write the same bytes both times.
    /// </summary>
    /// <exception cref="ArgumentException">The file would be larger than <see cref="MaxFileBytes"/>, which no reader reads.</exception>
    public void WriteStreamed(Stream destination, Action<BinaryWriter> writeBody)
    {
        var counter = new FramedStream(Stream.Null);
        using (var w = new BinaryWriter(counter, System.Text.Encoding.UTF8, leaveOpen: true))
            writeBody(w);
        long length = counter.Written;
        if (HeaderBytes + length + TrailerBytes > MaxFileBytes)
            throw new ArgumentException(
                $"the {Kind} file would take {HeaderBytes + length + TrailerBytes} bytes, more than the {MaxFileBytes} a {Kind} file may have");
        using var framed = new FramedStream(new BufferedStream(destination, 1 << 16));
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], (ulong)length);
        framed.Write(header);
        using (var w = new BinaryWriter(framed, System.Text.Encoding.UTF8, leaveOpen: true))
            writeBody(w);
        if (framed.Written != HeaderBytes + length)
            throw new InvalidOperationException($"the {Kind} body took {framed.Written - HeaderBytes} bytes on writing, {length} on counting");
        Span<byte> crc = stackalloc byte[TrailerBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.Finish(framed.Crc));
        framed.Write(crc);
        framed.Flush();
    }

    /// <summary>
    /// True when the file at <paramref name="path"/> starts with this kind's magic number; false when it does not, or
    /// cannot be read (then whoever reads it next says why).
    /// </summary>
    public bool StartsFile(string path)
    {
        try
        {
            // Only a regular file long enough to hold the magic is opened: a named pipe reports no length, and opening it
            // here would wait for a writer or take bytes that the one real read of DATA needs.
            var info = new FileInfo(path);
            if (!info.Exists || info.Length < Magic.Length)
                return false;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Span<byte> start = stackalloc byte[8];
            return stream.ReadAtLeast(start, Magic.Length, throwOnEndOfStream: false) == Magic.Length && start.SequenceEqual(Magic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Reads a whole file, refusing one larger than <see cref="MaxFileBytes"/> before allocating for it.</summary>
    /// <exception cref="ModelFileException">Missing, unreadable or too large.</exception>
    public byte[] ReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
                throw new ModelFileException(path, $"the file is {stream.Length} bytes, more than the {MaxFileBytes} a {Kind} file may have");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFileException(path, $"{Kind} file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFileException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Checks the frame (magic, version, length, checksum) and returns the body.</summary>
    /// <exception cref="ModelFileException">The frame is not this kind of file, another version, truncated or corrupted.</exception>
    public ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> bytes, string? fileName) => Unwrap(bytes, fileName, out _);

    /// <summary>Checks the frame and returns the body and the file's format version (between the oldest read and <see cref="Version"/>).</summary>
    /// <exception cref="ModelFileException">The frame is not this kind of file, an unread version, truncated or corrupted.</exception>
    public ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> bytes, string? fileName, out uint version)
    {
        if (bytes.Length == 0)
            throw new ModelFileException(fileName, $"the file is empty; it is not a {Kind} file");
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            if (Magic.AsSpan().StartsWith(bytes))
                throw new ModelFileException(fileName, $"truncated: {bytes.Length} bytes, shorter than the {Kind} file header");
            throw new ModelFileException(fileName,
                $"not a Backprop {Kind} file (no {System.Text.Encoding.ASCII.GetString(Magic, 0, 7)} magic number at the start)");
        }
        if (bytes.Length < HeaderBytes + TrailerBytes)
            throw new ModelFileException(fileName, $"truncated: {bytes.Length} bytes, shorter than the {HeaderBytes}-byte header and the checksum");
        version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        uint oldest = OldestVersion == 0 ? Version : OldestVersion;
        if (version < oldest || version > Version)
            throw new ModelFileException(fileName, $"{Kind} format version {version} is not supported; this build reads " +
                (oldest == Version ? $"version {Version}" : $"versions {oldest} to {Version}"));
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
        return bytes[HeaderBytes..end];
    }
}

/// <summary>A write-only pass-through that counts the bytes and keeps their running CRC-32 state; it leaves its inner stream open.</summary>
internal sealed class FramedStream(Stream inner) : Stream
{
    public long Written { get; private set; }

    public uint Crc { get; private set; } = Crc32.Start;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Crc = Crc32.Update(Crc, buffer);
        Written += buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
