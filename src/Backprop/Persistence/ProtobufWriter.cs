using System.Buffers;
using System.Text;

namespace Backprop.Persistence;

/// <summary>
/// The protocol-buffer wire format, just what the ONNX exporter writes: varints, length-delimited fields (strings,
/// bytes, nested messages, packed repeated values). A nested message is written into its own writer
/// first, because its length prefix must precede it.
/// </summary>
internal sealed class ProtobufWriter
{
    // Wire types (the low three bits of a field key).
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    /// <summary>An integer field (int32, int64 or enum; negative values take ten bytes, as protobuf requires).</summary>
    public ProtobufWriter Int(int field, long value)
    {
        Key(field, Varint);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A float field (fixed 32 bits, little-endian).</summary>
    public ProtobufWriter Float(int field, float value)
    {
        Key(field, Fixed32);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    /// <summary>An embedded message field.</summary>
    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.Written);

    /// <summary>An embedded message field, built by <paramref name="write"/>.</summary>
    public ProtobufWriter Message(int field, Action<ProtobufWriter> write)
    {
        var message = new ProtobufWriter();
        write(message);
        return Message(field, message);
    }

    /// <summary>A repeated integer field, packed (one length-delimited run of varints); nothing when empty.</summary>
    public ProtobufWriter PackedInts(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty)
        {
            return this;
        }
        var packed = new ProtobufWriter();
        foreach (long value in values)
        {
            packed.WriteVarint((ulong)value);
        }
        return Bytes(field, packed.Written);
    }

    private void Key(int field, int wireType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    private void WriteVarint(ulong value)
    {
        var span = buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }
}
