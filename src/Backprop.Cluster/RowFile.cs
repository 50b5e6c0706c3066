using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Backprop.Cluster;

/// <summary>Training rows a worker can read by row ranges: inputs and targets as doubles.</summary>
public interface IRowSource
{
    /// <summary>Number of rows.</summary>
    int Rows { get; }

    /// <summary>Inputs per row.</summary>
    int Inputs { get; }

    /// <summary>Targets per row.</summary>
    int Outputs { get; }

    /// <summary>Reads rows [start, start + count) into <paramref name="inputs"/> (count x Inputs) and <paramref name="targets"/> (count x Outputs).</summary>
    void Read(int start, int count, Span<double> inputs, Span<double> targets);
}

/// <summary>Rows held in memory (row-major arrays), for the simulation and for tests.</summary>
public sealed class MemoryRows : IRowSource
{
    private readonly double[] inputs;
    private readonly double[] targets;

    /// <summary>Wraps the arrays (not copied).</summary>
    /// <exception cref="ArgumentException">An array's length is not rows times its width.</exception>
    public MemoryRows(double[] inputs, double[] targets, int rows, int inputCount, int outputCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (inputs.Length != (long)rows * inputCount || targets.Length != (long)rows * outputCount)
        {
            throw new ArgumentException($"Expected {rows} x {inputCount} inputs and {rows} x {outputCount} targets, got {inputs.Length} and {targets.Length} values.");
        }
        this.inputs = inputs;
        this.targets = targets;
        Rows = rows;
        Inputs = inputCount;
        Outputs = outputCount;
    }

    /// <inheritdoc />
    public int Rows { get; }

    /// <inheritdoc />
    public int Inputs { get; }

    /// <inheritdoc />
    public int Outputs { get; }

    /// <inheritdoc />
    public void Read(int start, int count, Span<double> inputs, Span<double> targets)
    {
        RowFile.CheckRange(start, count, Rows);
        this.inputs.AsSpan(start * Inputs, count * Inputs).CopyTo(inputs);
        this.targets.AsSpan(start * Outputs, count * Outputs).CopyTo(targets);
    }
}

/// <summary>
/// The file workers read their rows from: the magic <c>BPROWS01</c>, then rows, inputs and outputs (int32, little
/// endian), then each row's inputs and targets as little-endian doubles. Fixed-width rows, so a worker reads any row
/// range with one seek. The coordinator writes it from the prepared (encoded, standardised) training part.
/// </summary>
public sealed class RowFile : IRowSource, IDisposable
{
    private const int HeaderBytes = 24;
    private static ReadOnlySpan<byte> Magic => "BPROWS01"u8;
    private readonly FileStream stream;
    private readonly string path;
    private byte[] buffer = [];

    private RowFile(FileStream stream, string path, int rows, int inputs, int outputs)
    {
        this.stream = stream;
        this.path = path;
        Rows = rows;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <inheritdoc />
    public int Rows { get; }

    /// <inheritdoc />
    public int Inputs { get; }

    /// <inheritdoc />
    public int Outputs { get; }

    /// <summary>Writes rows atomically (a temporary file renamed into place).</summary>
    public static void Write(string path, IRowSource rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], rows.Rows);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], rows.Inputs);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], rows.Outputs);
            file.Write(header);
            var x = new double[rows.Inputs];
            var y = new double[rows.Outputs];
            var row = new double[rows.Inputs + rows.Outputs];
            for (int r = 0; r < rows.Rows; r++)
            {
                rows.Read(r, 1, x, y);
                x.CopyTo(row, 0);
                y.CopyTo(row, rows.Inputs);
                if (!BitConverter.IsLittleEndian)
                {
                    throw new PlatformNotSupportedException("Row files are written on little-endian machines only.");
                }
                file.Write(MemoryMarshal.AsBytes(row.AsSpan()));
            }
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Opens a row file for reading.</summary>
    /// <exception cref="InvalidDataException">The file is not a row file, or its length does not match its header.</exception>
    public static RowFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) != HeaderBytes || !header[..8].SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a Backprop row file (no BPROWS01 header).");
            }
            int rows = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            int inputs = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            int outputs = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            long expected = HeaderBytes + (long)rows * (inputs + outputs) * sizeof(double);
            if (rows < 1 || inputs < 1 || outputs < 1 || stream.Length != expected)
            {
                throw new InvalidDataException($"{path}: the header says {rows} rows of {inputs} inputs and {outputs} targets ({expected} bytes), the file has {stream.Length} bytes.");
            }
            return new RowFile(stream, path, rows, inputs, outputs);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Read(int start, int count, Span<double> inputs, Span<double> targets)
    {
        CheckRange(start, count, Rows);
        int width = Inputs + Outputs;
        int bytes = count * width * sizeof(double);
        if (buffer.Length < bytes)
        {
            buffer = new byte[bytes];
        }
        stream.Position = HeaderBytes + (long)start * width * sizeof(double);
        stream.ReadExactly(buffer, 0, bytes);
        var values = MemoryMarshal.Cast<byte, double>(buffer.AsSpan(0, bytes));
        for (int r = 0; r < count; r++)
        {
            values.Slice(r * width, Inputs).CopyTo(inputs[(r * Inputs)..]);
            values.Slice(r * width + Inputs, Outputs).CopyTo(targets[(r * Outputs)..]);
        }
    }

    /// <summary>The file's path.</summary>
    public override string ToString() => path;

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();

    internal static void CheckRange(int start, int count, int rows)
    {
        if (start < 0 || count < 0 || (long)start + count > rows)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Rows [{start}, {(long)start + count}) are outside [0, {rows}).");
        }
    }
}
