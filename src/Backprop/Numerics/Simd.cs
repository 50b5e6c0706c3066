using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Numerics;

/// <summary>
/// Which vector width the fast kernels run at: Vector512 where the CPU runs it natively (AVX-512), else Vector256 with
/// FMA (AVX2 + FMA), else none (the scalar loops). Every test here is a JIT-time constant, so the choice is made once.
/// </summary>
internal static class Simd
{
    /// <summary>Vector512 lanes run natively.</summary>
    public static bool Can512 => Vector512.IsHardwareAccelerated;

    /// <summary>Vector256 lanes and fused multiply-add run natively.</summary>
    public static bool Can256 => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>The element types the kernels vectorise.</summary>
    public static bool Supports<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>The kernels run Vector512 lanes for <typeparamref name="T"/>.</summary>
    public static bool Use512<T>() => Can512 && Supports<T>();

    /// <summary>The kernels run Vector256 lanes for <typeparamref name="T"/> (no Vector512 here).</summary>
    public static bool Use256<T>() => !Can512 && Can256 && Supports<T>();

    /// <summary>
    /// e^x: for float <see cref="ExpFloat"/> on lane 0, so a scalar loop gives each element the bits the lanes of
    /// <see cref="IWidth{TVector, T}.Exp"/> give it at every width; for double (and other types) T.Exp, which the lanes
    /// call one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x) where T : IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            float e = ExpFloat(Vector128.CreateScalarUnsafe(Unsafe.As<T, float>(ref x))).ToScalar();
            return Unsafe.As<float, T>(ref e);
        }
        return T.Exp(x);
    }

    /// <summary>
    /// e^x in float lanes (Cephes' expf: x = n ln2 + r with |r| &lt;= ln2 / 2, e^r by a degree-7 polynomial, times 2^n),
    /// within about 1 unit in the last place of e^x for x in [-87, 88] (1.03 measured against Math.Exp over 60 million
    /// points; SigmoidTests measure it through the sigmoid); x below
    /// -87.3 gives 0, above 88 gives e^88, NaN gives NaN. Every operation is one IEEE operation (multiply-adds explicitly
    /// fused), so the bits are the same in every lane, at every width (which run it on 128-bit parts) and in every tier of
    /// the JIT, unlike the runtime's vector exp, whose multiply-adds the JIT may or may not fuse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ExpFloat(Vector128<float> x)
    {
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(-88f)), Vector128.Create(88f));
        var n = Vector128.Round(x * Vector128.Create(1.44269504088896341f));
        var r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-0.693359375f), x);
        r = Vector128.FusedMultiplyAdd(n, Vector128.Create(2.12194440e-4f), r);
        // Estrin's form: three levels of multiply-adds where Horner's takes five in a row (the exponential is on the
        // dependent chain of a small network's step; W1 measured 4.5 ns per update faster).
        var r2 = r * r;
        var r4 = r2 * r2;
        var a = Vector128.FusedMultiplyAdd(Vector128.Create(1.6666665459E-1f), r, Vector128.Create(5.0000001201E-1f));
        var b = Vector128.FusedMultiplyAdd(Vector128.Create(8.3334519073E-3f), r, Vector128.Create(4.1665795894E-2f));
        var c = Vector128.FusedMultiplyAdd(Vector128.Create(1.9875691500E-4f), r, Vector128.Create(1.3981999507E-3f));
        var p = Vector128.FusedMultiplyAdd(c, r4, Vector128.FusedMultiplyAdd(b, r2, a));
        var e = Vector128.FusedMultiplyAdd(p, r2, r) + Vector128<float>.One;
        // 2^n from n's bits: n + 127 in the exponent field; n = -127 (x below about -87.7) gives 0.
        var scale = Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
        return e * scale;
    }

    /// <summary>
    /// An element-wise kernel generic over the width runs vector lanes for <typeparamref name="T"/> at width
    /// <typeparamref name="TWidth"/>; when false it runs only its scalar loop.
    /// </summary>
    public static bool Lanes<T, TWidth, TVector>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TWidth : struct, IWidth<TVector, T>
        where TVector : struct =>
        TWidth.IsAccelerated && Supports<T>();
}

/// <summary>
/// The operations of one vector width (<see cref="W128{T}"/>, <see cref="W256{T}"/>, <see cref="W512{T}"/>) on its vector type
/// <typeparamref name="TVector"/>. A kernel is written once, generic over the width; the JIT compiles it per width with
/// every call below inlined, so there is one source per kernel and no copy per width.
/// </summary>
internal unsafe interface IWidth<TVector, T>
    where TVector : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The CPU runs this width natively (else its operations are emulated: correct, slow).</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Lanes of T in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>Vector registers the instruction set has at this width (16 ymm with AVX2, 32 zmm with AVX-512): sizes GEMM tiles.</summary>
    static abstract int Registers { get; }

    static abstract TVector Zero { get; }

    static abstract TVector One { get; }

    static abstract TVector Create(T value);

    static abstract TVector Load(T* source);

    static abstract void Store(TVector value, T* destination);

    static abstract TVector LoadUnsafe(ref T source, nuint offset);

    static abstract void StoreUnsafe(TVector value, ref T destination, nuint offset);

    static abstract TVector Add(TVector x, TVector y);

    static abstract TVector Subtract(TVector x, TVector y);

    static abstract TVector Multiply(TVector x, TVector y);

    static abstract TVector Divide(TVector x, TVector y);

    /// <summary>-x by flipping the sign bit, as the scalar negation does (NaNs included; 0 - x would keep a NaN's sign).</summary>
    static abstract TVector Negate(TVector x);

    /// <summary>e^x lane by lane, each lane the bits <see cref="Simd.Exp{T}(T)"/> gives it (wider widths by 128-bit parts).</summary>
    static abstract TVector Exp(TVector x);

    /// <summary>x * y + z, rounded once.</summary>
    static abstract TVector FusedMultiplyAdd(TVector x, TVector y, TVector z);

    static abstract TVector GreaterThan(TVector x, TVector y);

    static abstract TVector GreaterThanOrEqual(TVector x, TVector y);

    static abstract TVector ConditionalSelect(TVector mask, TVector whenTrue, TVector whenFalse);

    /// <summary>A mask with the lanes below <paramref name="count"/> set, the rest clear.</summary>
    static abstract TVector FirstLanes(int count);

    /// <summary>The lanes of <paramref name="mask"/> loaded, the others zero; nothing is read at masked-off lanes.</summary>
    static abstract TVector MaskLoad(T* source, TVector mask);

    /// <summary>The lanes of <paramref name="mask"/> stored; nothing is written at masked-off lanes.</summary>
    static abstract void MaskStore(T* destination, TVector mask, TVector value);
}

/// <summary>Vector128 for float and double: the small layers' row kernels (a few units per layer).</summary>
internal readonly unsafe struct W128<T> : IWidth<Vector128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    public static int Count => Vector128<T>.Count;

    public static int Registers => 16;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    public static Vector128<T> One => Vector128<T>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Create(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadUnsafe(ref T source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUnsafe(Vector128<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Negate(Vector128<T> x) => x ^ Vector128.Create(T.NegativeZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> x)
    {
        if (typeof(T) == typeof(float))
            return Simd.ExpFloat(x.AsSingle()).As<float, T>();
        var d = x.AsDouble();
        return Vector128.Create(Math.Exp(d[0]), Math.Exp(d[1])).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FusedMultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThan(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThanOrEqual(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThanOrEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ConditionalSelect(Vector128<T> mask, Vector128<T> whenTrue, Vector128<T> whenFalse) =>
        Vector128.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector128<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float))
            return Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).As<int, T>();
        return Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaskLoad(T* source, Vector128<T> mask)
    {
        if (typeof(T) == typeof(float))
            return Avx.MaskLoad((float*)source, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)source, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaskStore(T* destination, Vector128<T> mask, Vector128<T> value)
    {
        if (typeof(T) == typeof(float))
            Avx.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
        else
            Avx.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
    }
}

/// <summary>Vector256 (AVX2 + FMA) for float and double.</summary>
internal readonly unsafe struct W256<T> : IWidth<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    public static int Count => Vector256<T>.Count;

    public static int Registers => 16;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    public static Vector256<T> One => Vector256<T>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadUnsafe(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUnsafe(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> x, Vector256<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> x, Vector256<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Negate(Vector256<T> x) => x ^ Vector256.Create(T.NegativeZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> x) =>
        Vector256.Create(W128<T>.Exp(x.GetLower()), W128<T>.Exp(x.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThan(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThanOrEqual(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThanOrEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ConditionalSelect(Vector256<T> mask, Vector256<T> whenTrue, Vector256<T> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector256<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float))
            return Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).As<int, T>();
        return Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaskLoad(T* source, Vector256<T> mask)
    {
        if (typeof(T) == typeof(float))
            return Avx.MaskLoad((float*)source, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)source, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaskStore(T* destination, Vector256<T> mask, Vector256<T> value)
    {
        if (typeof(T) == typeof(float))
            Avx.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
        else
            Avx.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
    }
}

/// <summary>Vector512 (AVX-512F) for float and double.</summary>
internal readonly unsafe struct W512<T> : IWidth<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<T>.Count;

    public static int Registers => 32;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    public static Vector512<T> One => Vector512<T>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadUnsafe(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreUnsafe(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> x) => x ^ Vector512.Create(T.NegativeZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x) =>
        Vector512.Create(W256<T>.Exp(x.GetLower()), W256<T>.Exp(x.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThan(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThanOrEqual(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThanOrEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ConditionalSelect(Vector512<T> mask, Vector512<T> whenTrue, Vector512<T> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    public static Vector512<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float))
            return Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();
        return Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaskLoad(T* source, Vector512<T> mask)
    {
        if (typeof(T) == typeof(float))
            return Avx512F.MaskLoad((float*)source, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
        return Avx512F.MaskLoad((double*)source, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaskStore(T* destination, Vector512<T> mask, Vector512<T> value)
    {
        if (typeof(T) == typeof(float))
            Avx512F.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
        else
            Avx512F.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
    }
}
