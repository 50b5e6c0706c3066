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
    /// 1 + e^x (the sigmoid's denominator): for float <see cref="ExpFloat"/> with the 1 added inside it, on lane 0, so a
    /// scalar loop gives each element the bits the lanes of <see cref="IWidth{TVector, T}.OnePlusExp"/> give it at every
    /// width; for double (and other types) 1 + T.Exp(x), which the lanes compute one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T OnePlusExp<T>(T x) where T : IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            float e = ExpFloat(Vector128.CreateScalarUnsafe(Unsafe.As<T, float>(ref x)), Vector128<float>.One).ToScalar();
            return Unsafe.As<float, T>(ref e);
        }
        return T.One + T.Exp(x);
    }

    /// <summary>
    /// <paramref name="plus"/> + e^x in float lanes (0 gives e^x; the sigmoid's 1 + e^-z adds its 1 inside the last
    /// multiply-add instead of after it: one step less on the chain). x = (n / 16) ln2 + r with |r| &lt;= ln2 / 32,
    /// e^x = 2^(n / 16) e^r, 2^(n / 16) from a table of the sixteen 2^(j / 16) (each with its rounding error, folded into
    /// the polynomial) and n's high bits in the exponent, e^r - 1 by r + r^2 (1/2 + r / 6). Within 0.751 units in the
    /// last place of e^x for x in [-87.33, 88] (0.7509 measured against Math.Exp over every float there; SigmoidTests
    /// measure it, and through the sigmoid); x below
    /// -87.33 gives 0 (where e^x would be subnormal), above 88 gives e^88, NaN gives NaN. Every operation is one IEEE
    /// operation (multiply-adds explicitly fused) or exact (the table, integer steps, the final choice), so the bits are
    /// the same in every lane, at every width (which run it on 128-bit parts) and in every tier of the JIT, unlike the
    /// runtime's vector exp, whose multiply-adds the JIT may or may not fuse.
    /// </summary>
    /// <remarks>
    /// It sits on the dependent chain of a small network's step (twice in W1's), so it is written for latency: six
    /// multiply-adds or adds from x to the result, the table and the out-of-range test beside them, and the range
    /// handled by one choice at the end rather than a clamp of x before the first step (a degree-7 polynomial on
    /// |r| &lt;= ln2 / 2 with a clamp took about 1.5 times as long per exponential).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ExpFloat(Vector128<float> x, Vector128<float> plus)
    {
        // t = 1.5 * 2^23 + n in one rounding (the sum's unit is 1, so n = round(16 x / ln2)), n in t's low bits.
        var t = Vector128.FusedMultiplyAdd(x, Vector128.Create(23.0831203f), Vector128.Create(12582912f));
        var n = t - Vector128.Create(12582912f);
        // r = x - n ln2 / 16: the high part here, the low part with the table's error beside it.
        var r = Vector128.FusedMultiplyAdd(n, Vector128.Create(-0.0433216989f), x);
        var bits = t.AsInt32();
        var (power, error) = PowerTable(bits);
        var low = Vector128.FusedMultiplyAdd(n, Vector128.Create(1.19040888e-10f), error);
        // 2^(n / 16) = 2^(j / 16) 2^(n >> 4): the whole power added to the table value's exponent (n >= -2016 in range).
        var scale = (power.AsInt32() + Vector128.ShiftLeft(Vector128.ShiftRightArithmetic(bits - Vector128.Create(0x4B400000), 4), 23)).AsSingle();
        var q = Vector128.FusedMultiplyAdd(r * r, Vector128.FusedMultiplyAdd(r, Vector128.Create(1f / 6), Vector128.Create(0.5f)), r + low);
        // plus + scale (1 + q): scale + plus is exact for 0 and, for 1, one rounding beside the chain.
        var e = Vector128.FusedMultiplyAdd(scale, q, scale + plus);
        var high = Vector128.GreaterThan(x, Vector128.Create(88f));
        var outside = high | Vector128.LessThan(x, Vector128.Create(-87.33f));
        return Vector128.ConditionalSelect(outside, (high & Vector128.Create(1.65163627e+38f)) + plus, e);
    }

    // 2^(j / 16) rounded to float and its relative rounding error (2^(j / 16) - table) / table, for j the low four bits of
    // each lane: one permute of a register on AVX-512, two and a blend on AVX2, loads elsewhere (the same values:
    // SigmoidTests compare each form the CPU runs with the loads).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Power, Vector128<float> Error) PowerTable(Vector128<int> bits) =>
        Avx512F.IsSupported ? PowerTable512(bits) : Avx2.IsSupported ? PowerTable256(bits) : PowerTableLoads(bits);

    private static Vector512<float> Powers => Vector512.Create(1f, 1.04427373f, 1.09050775f, 1.13878858f, 1.18920708f, 1.24185777f,
        1.29683959f, 1.35425556f, 1.41421354f, 1.47682619f, 1.54221082f, 1.61049032f, 1.68179286f, 1.75625217f, 1.8340081f, 1.91520655f);

    private static Vector512<float> PowerErrors => Vector512.Create(0f, 4.62854715e-08f, -1.19921575e-08f, 4.72978243e-08f,
        3.19341815e-08f, 3.62105723e-08f, -3.09907193e-08f, -7.47521334e-09f, 1.71142709e-08f, -3.04768335e-08f, 5.23333421e-09f,
        6.10759177e-09f, -1.47196051e-08f, -5.25879518e-09f, -6.12825968e-09f, 5.14060927e-09f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector128<float> Power, Vector128<float> Error) PowerTable512(Vector128<int> bits)
    {
        var index = bits.ToVector256Unsafe().ToVector512Unsafe();
        return (Avx512F.PermuteVar16x32(Powers, index).GetLower().GetLower(), Avx512F.PermuteVar16x32(PowerErrors, index).GetLower().GetLower());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector128<float> Power, Vector128<float> Error) PowerTable256(Vector128<int> bits)
    {
        var index = bits.ToVector256Unsafe();
        // Bit 3 of j picks the upper eight, by the sign of j << 28.
        var upper = (index << 28).AsSingle();
        Vector256<float> powers = Powers.GetLower(), powersUp = Powers.GetUpper(), errors = PowerErrors.GetLower(), errorsUp = PowerErrors.GetUpper();
        return (Avx.BlendVariable(Avx2.PermuteVar8x32(powers, index), Avx2.PermuteVar8x32(powersUp, index), upper).GetLower(),
            Avx.BlendVariable(Avx2.PermuteVar8x32(errors, index), Avx2.PermuteVar8x32(errorsUp, index), upper).GetLower());
    }

    internal static (Vector128<float> Power, Vector128<float> Error) PowerTableLoads(Vector128<int> bits)
    {
        var powers = Powers;
        var errors = PowerErrors;
        int j0 = bits[0] & 15, j1 = bits[1] & 15, j2 = bits[2] & 15, j3 = bits[3] & 15;
        return (Vector128.Create(powers[j0], powers[j1], powers[j2], powers[j3]), Vector128.Create(errors[j0], errors[j1], errors[j2], errors[j3]));
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

    /// <summary>1 + e^x lane by lane, each lane the bits <see cref="Simd.OnePlusExp{T}(T)"/> gives it (wider widths by 128-bit parts).</summary>
    static abstract TVector OnePlusExp(TVector x);

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
    public static Vector128<T> OnePlusExp(Vector128<T> x)
    {
        if (typeof(T) == typeof(float))
            return Simd.ExpFloat(x.AsSingle(), Vector128<float>.One).As<float, T>();
        var d = x.AsDouble();
        return Vector128.Create(1 + Math.Exp(d[0]), 1 + Math.Exp(d[1])).As<double, T>();
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
    public static Vector256<T> OnePlusExp(Vector256<T> x) =>
        Vector256.Create(W128<T>.OnePlusExp(x.GetLower()), W128<T>.OnePlusExp(x.GetUpper()));

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
    public static Vector512<T> OnePlusExp(Vector512<T> x) =>
        Vector512.Create(W256<T>.OnePlusExp(x.GetLower()), W256<T>.OnePlusExp(x.GetUpper()));

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
