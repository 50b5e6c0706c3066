using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Backprop.Data;

namespace Backprop.Persistence;

/// <summary>
/// The two passes of <see cref="Model.Predict(ReadOnlySpan{double}, int, Span{double})"/> around the network: raw rows
/// into the network's input (standardise, check float's range, convert: one pass) and the network's outputs into
/// doubles (target scaler undone). Each value is computed exactly as <see cref="StandardScaler.Transform"/>, a
/// conversion and <see cref="FeatureRangeException.ThrowIfBeyondFloat"/> compute it one pass at a time.
/// </summary>
internal static class RawRows
{
    /// <summary>
    /// x = T((raw - mean) / scale) for rows x scaler.Columns values. A float <typeparamref name="T"/> throws
    /// <see cref="FeatureRangeException"/> for the first value (row-major) beyond float's range or NaN.
    /// </summary>
    public static void Standardise<T>(ReadOnlySpan<double> raw, StandardScaler scaler, Span<T> x, IReadOnlyList<string> featureNames, int firstRow)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ReadOnlySpan<double> mean = scaler.Mean, scale = scaler.Scale;
        int cols = mean.Length, rows = raw.Length / cols;
        if (typeof(T) == typeof(float))
        {
            Span<float> xf = MemoryMarshal.Cast<T, float>(x);
            for (int r = 0; r < rows; r++)
            {
                int bad = ToFloat(raw.Slice(r * cols, cols), mean, scale, xf.Slice(r * cols, cols));
                if (bad >= 0)
                    throw FeatureRangeException.Beyond((raw[r * cols + bad] - mean[bad]) / scale[bad], firstRow + r, bad, scaler, featureNames);
            }
            return;
        }
        Span<double> xd = MemoryMarshal.Cast<T, double>(x);
        for (int r = 0; r < rows; r++)
            ToDouble(raw.Slice(r * cols, cols), mean, scale, xd.Slice(r * cols, cols));
    }

    /// <summary>destination = double(y), then y * scale + mean with a target scaler (one target column).</summary>
    public static void Outputs<T>(ReadOnlySpan<T> y, StandardScaler? target, Span<double> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (target is null)
        {
            for (int i = 0; i < destination.Length; i++)
                destination[i] = double.CreateChecked(y[i]);
            return;
        }
        double mean = target.Mean[0], scale = target.Scale[0];
        for (int i = 0; i < destination.Length; i++)
            destination[i] = double.CreateChecked(y[i]) * scale + mean;
    }

    // One row into float; returns the first column beyond float's range (or NaN), or -1. Vector division and the
    // narrowing conversion round as the scalar ones do.
    private static int ToFloat(ReadOnlySpan<double> raw, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, Span<float> x)
    {
        int cols = raw.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double r = ref MemoryMarshal.GetReference(raw);
            ref double m = ref MemoryMarshal.GetReference(mean);
            ref double s = ref MemoryMarshal.GetReference(scale);
            ref float d = ref MemoryMarshal.GetReference(x);
            var limit = Vector256.Create((double)float.MaxValue);
            for (; j <= cols - 8; j += 8)
            {
                nuint i = (nuint)j;
                PrefetchAhead(ref r, i);
                var a = (Vector256.LoadUnsafe(ref r, i) - Vector256.LoadUnsafe(ref m, i)) / Vector256.LoadUnsafe(ref s, i);
                var b = (Vector256.LoadUnsafe(ref r, i + 4) - Vector256.LoadUnsafe(ref m, i + 4)) / Vector256.LoadUnsafe(ref s, i + 4);
                // NaN compares false, so it fails the check as the scalar one does.
                if (!Vector256.LessThanOrEqualAll(Vector256.Abs(a), limit) || !Vector256.LessThanOrEqualAll(Vector256.Abs(b), limit))
                    return FirstBeyond(raw, mean, scale, j);
                Vector256.Narrow(a, b).StoreUnsafe(ref d, i);
            }
        }
        for (; j < cols; j++)
        {
            double v = (raw[j] - mean[j]) / scale[j];
            if (!(Math.Abs(v) <= float.MaxValue))
                return j;
            x[j] = (float)v;
        }
        return -1;
    }

    // The raw rows stream from memory, where the pass waits on their lines: one core's hardware prefetchers keep too few
    // in flight. Asking for the line this far ahead of the one being read (8 KB: the next rows once near a row's end;
    // a prefetch never faults) made Predict on W2's raw rows 9-10% faster per CPU-second on one thread (Intel Xeon,
    // 256 to 2,048 doubles ahead alike).
    private const int PrefetchDoubles = 1024;

    // One line per call: the callers ask once per 8 doubles (64 bytes). An address, not a reference past the rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchAhead(ref double row, nuint i)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0((double*)Unsafe.AsPointer(ref row) + i + PrefetchDoubles);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FirstBeyond(ReadOnlySpan<double> raw, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, int from)
    {
        for (int j = from; ; j++)
        {
            if (!(Math.Abs((raw[j] - mean[j]) / scale[j]) <= float.MaxValue))
                return j;
        }
    }

    private static void ToDouble(ReadOnlySpan<double> raw, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, Span<double> x)
    {
        int cols = raw.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double r = ref MemoryMarshal.GetReference(raw);
            ref double m = ref MemoryMarshal.GetReference(mean);
            ref double s = ref MemoryMarshal.GetReference(scale);
            ref double d = ref MemoryMarshal.GetReference(x);
            for (; j <= cols - 4; j += 4)
            {
                nuint i = (nuint)j;
                if ((j & 7) == 0)
                    PrefetchAhead(ref r, i);
                ((Vector256.LoadUnsafe(ref r, i) - Vector256.LoadUnsafe(ref m, i)) / Vector256.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
            }
        }
        for (; j < cols; j++)
            x[j] = (raw[j] - mean[j]) / scale[j];
    }
}
