using System.Buffers.Binary;
using System.Text;

namespace Backprop.Persistence;

/// <summary>
/// A cursor over a file body (inside its <see cref="FileEnvelope"/>) that checks every read against what remains, so
/// nothing is allocated from a count the bytes cannot hold. Model and checkpoint files read through it; layer kinds
/// read their own fields with it (<see cref="Layers.LayerKind"/>).
/// </summary>
internal ref struct BodyReader(ReadOnlySpan<byte> body, string? file)
{
    private readonly ReadOnlySpan<byte> body = body;
    private int position;

    public readonly int Remaining => body.Length - position;

    public readonly ModelFileException Corrupt(string detail) => new(file, $"corrupted: {detail}");

    public byte Byte(string what) => Take(1, what)[0];

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4, "number"));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8, "number"));

    public ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public double Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "parameter"));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "number"));

    public ReadOnlySpan<byte> Bytes(int count, string what) => Take(count, what);

    public double[] Doubles(int count)
    {
        if ((long)count * 8 > Remaining)
            throw Corrupt($"{count} numbers need {count * 8L} bytes, only {Remaining} remain");
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = Double();
        return values;
    }

    /// <summary>Reads a count and checks it against its limits and, at <paramref name="bytesEach"/> bytes per item at least, against what remains.</summary>
    public int Count(string what, int maximum, int minimum, int bytesEach)
    {
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
        if (count > maximum)
            throw Corrupt($"{what} {count} exceeds the limit of {maximum}");
        if (count < minimum)
            throw Corrupt($"{what} {count} is below the minimum of {minimum}");
        if ((long)count * bytesEach > Remaining)
            throw Corrupt($"{what} {count} needs at least {(long)count * bytesEach} bytes, only {Remaining} remain");
        return (int)count;
    }

    public string String(string what)
    {
        int length = Count($"{what} length", ModelFile.MaxStringBytes, minimum: 0, bytesEach: 1);
        ReadOnlySpan<byte> bytes = Take(length, what);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFileException(file, $"corrupted: {what} is not valid UTF-8", e);
        }
    }

    /// <summary>Builds a value from what was read, turning a rejected argument into a model-file error.</summary>
    public readonly TValue Build<TValue>(string what, Func<TValue> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw Corrupt($"invalid {what}: {e.Message}");
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
            throw Corrupt($"the body ends inside the {what} ({count} bytes needed, {Remaining} remain)");
        var slice = body.Slice(position, count);
        position += count;
        return slice;
    }
}
