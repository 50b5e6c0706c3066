using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Numerics;

/// <summary>
/// Parameter-update kernels for the optimizers and the trainer: one pass over flat spans of parameters w, gradients g
/// and optimizer state, all of the same length. Each rule (<see cref="IUpdateRule{T}"/>) is written once over lanes
/// (<see cref="ILanes{TSelf, T}"/>); <see cref="Run{T, TRule}"/> applies it to <see cref="Vector{T}"/> lanes and then
/// to the scalar tail, so every element gets the same operations in the same order whichever path it takes.
/// </summary>
internal static class UpdateKernels
{
    /// <summary>
    /// Applies <paramref name="rule"/> to every element: w, s0 and s1 are read and written, g read. The state spans the
    /// rule does not use (<see cref="IUpdateRule{T}.States"/>) may be empty.
    /// </summary>
    public static void Run<T, TRule>(in TRule rule, Span<T> w, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T> =>
        Run<T, TRule, NoMean>(rule, w, g, s0, s1, default, default);

    /// <summary>
    /// <see cref="Run{T, TRule}"/>, and when
    /// <paramref name="mean"/> is not empty also mean += share g in the same pass (the trainer's epoch mean of the
    /// gradients: each element the value <see cref="AddScaled{T}"/> gives, without a second pass over g).
    /// </summary>
    public static void RunAddingMean<T, TRule>(in TRule rule, Span<T> w, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> mean, T share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        if (mean.IsEmpty)
        {
            Run<T, TRule, NoMean>(rule, w, g, s0, s1, default, default);
        }
        else
        {
            Same(w.Length, mean.Length, nameof(mean));
            Run<T, TRule, AddsMean>(rule, w, g, s0, s1, mean, share);
        }
    }

    private static void Run<T, TRule, TMean>(in TRule rule, Span<T> w, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> mean, T share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
        where TMean : struct, IMeanPass
    {
        Same(w.Length, g.Length, nameof(g));
        if (TRule.States > 0)
        {
            Same(w.Length, s0.Length, nameof(s0));
        }
        if (TRule.States > 1)
        {
            Same(w.Length, s1.Length, nameof(s1));
        }
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T s0s = ref MemoryMarshal.GetReference(s0);
        ref T s1s = ref MemoryMarshal.GetReference(s1);
        ref T ms = ref MemoryMarshal.GetReference(mean);
        int i = 0;
        if (w.Length < ShortSpan && Vector128.IsHardwareAccelerated && Simd.Supports<T>())
        {
            i = RunShort<T, TRule, TMean>(rule, ref ws, ref gs, ref s0s, ref s1s, ref ms, share, w.Length);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                At<T, TRule, Lanes<T>, TMean>(rule, ref ws, ref gs, ref s0s, ref s1s, ref ms, share, i);
            }
        }
        for (; i < w.Length; i++)
        {
            At<T, TRule, Lane<T>, TMean>(rule, ref ws, ref gs, ref s0s, ref s1s, ref ms, share, i);
        }
    }

    // Spans below this many elements run in Vector128 lanes (Run).
    internal const int ShortSpan = 64;

    /// <summary>
    /// A tiny network's update in 128-bit lanes, the width its row kernels write the gradients and read the weights in,
    /// so each load takes its value from one earlier store (a wider load over several narrower stores waits for them to
    /// reach the cache, on the dependent chain from one step to the next). Returns where the scalar tail starts.
    /// </summary>
    /// <remarks>
    /// Kept out of <see cref="Run{T, TRule}"/>: with this loop inlined there, the JIT stopped inlining the wide loop's
    /// rule and W2's update ran at half speed.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunShort<T, TRule, TMean>(in TRule rule, ref T ws, ref T gs, ref T s0s, ref T s1s, ref T ms, T share, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
        where TMean : struct, IMeanPass
    {
        int i = 0;
        for (; i <= length - Vector128<T>.Count; i += Vector128<T>.Count)
        {
            At<T, TRule, Lanes128<T>, TMean>(rule, ref ws, ref gs, ref s0s, ref s1s, ref ms, share, i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void At<T, TRule, TL, TMean>(in TRule rule, ref T w, ref T g, ref T s0, ref T s1, ref T m, T share, int i)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
        where TL : struct, ILanes<TL, T>
        where TMean : struct, IMeanPass
    {
        TL wv = TL.Load(ref Unsafe.Add(ref w, i));
        TL s0v = TRule.States > 0 ? TL.Load(ref Unsafe.Add(ref s0, i)) : default;
        TL s1v = TRule.States > 1 ? TL.Load(ref Unsafe.Add(ref s1, i)) : default;
        TL gv = TL.Load(ref Unsafe.Add(ref g, i));
        if (TMean.Adds)
        {
            (TL.Load(ref Unsafe.Add(ref m, i)) + TL.Of(share) * gv).Store(ref Unsafe.Add(ref m, i));
        }
        rule.Apply(ref wv, gv, ref s0v, ref s1v);
        wv.Store(ref Unsafe.Add(ref w, i));
        if (TRule.States > 0)
        {
            s0v.Store(ref Unsafe.Add(ref s0, i));
        }
        if (TRule.States > 1)
        {
            s1v.Store(ref Unsafe.Add(ref s1, i));
        }
    }

    /// <summary>y += a x (used for weight decay, g += lambda w, and for the trainer's epoch gradient mean).</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> x, T a, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Run(new AddScaledRule<T>(a), y, x, default, default);

    /// <summary>sum_i x_i^2 accumulated in double (a NaN or infinity anywhere makes it non-finite).</summary>
    /// <remarks>
    /// The sum is one chain of additions in index order. In float, four values at a time are widened and squared in
    /// lanes (a float's square is exact in double, so each term has the scalar loop's bits), then added in order: the
    /// scalar loop's sum with fewer instructions (the trainer runs it every epoch, about every four updates of W1).
    /// </remarks>
    public static double SumOfSquares<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        int i = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            ref float xs = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
            for (; i <= x.Length - 4; i += 4)
            {
                var d = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref xs, (nuint)i));
                d *= d;
                sum += d.GetElement(0);
                sum += d.GetElement(1);
                sum += d.GetElement(2);
                sum += d.GetElement(3);
            }
        }
        for (; i < x.Length; i++)
        {
            double d = double.CreateTruncating(x[i]);
            sum += d * d;
        }
        return sum;
    }

    /// <summary>True when every element is finite.</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // x - x is 0 for finite x and NaN for NaN or infinity; NaN != NaN makes the lane unequal to 0.
            var bad = Vector<T>.Zero;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var xv = Vector.LoadUnsafe(ref xs, (nuint)i);
                bad += xv - xv;
            }
            if (!Vector.EqualsAll(bad, Vector<T>.Zero))
            {
                return false;
            }
        }
        for (; i < x.Length; i++)
        {
            if (!T.IsFinite(x[i]))
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Same(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            Throw(expected, actual, name);
        }
    }

    private static void Throw(int expected, int actual, string name) =>
        throw new ArgumentException($"'{name}' holds {actual} elements but the parameters hold {expected}.", name);
}

/// <summary>
/// One update rule, written once for any lane type: <c>w</c>, <c>s0</c>, <c>s1</c> (its state, as many as
/// <see cref="States"/>) in and out, <c>g</c> in.
/// </summary>
internal interface IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>How many state arrays the rule reads and writes: 0, 1 or 2.</summary>
    static abstract int States { get; }

    /// <summary>The update of one lane group.</summary>
    void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1)
        where TL : struct, ILanes<TL, T>;
}

/// <summary>Whether <see cref="UpdateKernels"/>' pass also adds the gradients' share to a mean (<see cref="AddsMean"/>) or not (<see cref="NoMean"/>).</summary>
internal interface IMeanPass
{
    static abstract bool Adds { get; }
}

/// <summary>The update alone.</summary>
internal readonly struct NoMean : IMeanPass
{
    public static bool Adds => false;
}

/// <summary>The update and mean += share g.</summary>
internal readonly struct AddsMean : IMeanPass
{
    public static bool Adds => true;
}

/// <summary>y += a x, with y as w and x as g.</summary>
internal readonly struct AddScaledRule<T>(T a) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int States => 0;

    public void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1) where TL : struct, ILanes<TL, T> =>
        w += TL.Of(a) * g;
}

/// <summary>Plain gradient descent: w -= eta g.</summary>
internal readonly struct SgdRule<T>(T eta) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int States => 0;

    public void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1) where TL : struct, ILanes<TL, T> =>
        w -= TL.Of(eta) * g;
}

/// <summary>
/// Momentum (notes, lecture 4), d = alpha d - eta g, then w += d; with <c>nesterov</c> the stored-look-ahead form
/// w += alpha d - eta g instead. s0 is d.
/// </summary>
internal readonly struct MomentumRule<T>(T eta, T alpha, bool nesterov) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int States => 1;

    public void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1) where TL : struct, ILanes<TL, T>
    {
        TL step = TL.Of(eta) * g;
        s0 = TL.Of(alpha) * s0 - step;
        w += nesterov ? TL.Of(alpha) * s0 - step : s0;
    }
}

/// <summary>
/// Adagrad (<c>rho</c> = 1, <c>keep</c> = 1: s += g^2) and RMSprop (s = rho s + (1 - rho) g^2), then
/// w -= eta g / sqrt(s + eps). s0 is s.
/// </summary>
internal readonly struct ScaledRule<T>(T eta, T rho, T keep, T epsilon) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int States => 1;

    public void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1) where TL : struct, ILanes<TL, T>
    {
        s0 = TL.Of(rho) * s0 + TL.Of(keep) * (g * g);
        w -= TL.Of(eta) * g / TL.Sqrt(s0 + TL.Of(epsilon));
    }
}

/// <summary>
/// AdaDelta: s = rho s + (1 - rho) g^2; dx = -sqrt(u + eps) / sqrt(s + eps) g; u = rho u + (1 - rho) dx^2;
/// w += eta dx. s0 is s, s1 is u.
/// </summary>
internal readonly struct AdaDeltaRule<T>(T eta, T rho, T epsilon) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int States => 2;

    public void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1) where TL : struct, ILanes<TL, T>
    {
        TL keep = TL.Of(T.One - rho), r = TL.Of(rho), eps = TL.Of(epsilon);
        s0 = r * s0 + keep * (g * g);
        TL dx = -(TL.Sqrt(s1 + eps) / TL.Sqrt(s0 + eps) * g);
        s1 = r * s1 + keep * (dx * dx);
        w += TL.Of(eta) * dx;
    }
}

/// <summary>
/// Adam and Nadam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= (cm m + cg g) / (sqrt(cv v) + eps), the bias
/// corrections folded into the per-step scalars cm, cg, cv (see <see cref="Optimizers.Adam"/>,
/// <see cref="Optimizers.Nadam"/>). s0 is m, s1 is v.
/// </summary>
internal readonly struct AdamRule<T>(T beta1, T beta2, T cm, T cg, T cv, T epsilon) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int States => 2;

    public void Apply<TL>(ref TL w, TL g, ref TL s0, ref TL s1) where TL : struct, ILanes<TL, T>
    {
        s0 = TL.Of(beta1) * s0 + TL.Of(T.One - beta1) * g;
        s1 = TL.Of(beta2) * s1 + TL.Of(T.One - beta2) * (g * g);
        w -= (TL.Of(cm) * s0 + TL.Of(cg) * g) / (TL.Sqrt(TL.Of(cv) * s1) + TL.Of(epsilon));
    }
}

/// <summary>The arithmetic an update rule is written in: <see cref="Lanes{T}"/> (a vector) or <see cref="Lane{T}"/> (one element).</summary>
internal interface ILanes<TSelf, T> :
    IAdditionOperators<TSelf, TSelf, TSelf>, ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>, IDivisionOperators<TSelf, TSelf, TSelf>, IUnaryNegationOperators<TSelf, TSelf>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Of(T value);

    /// <summary>The square root of each lane (correctly rounded, as <c>T.Sqrt</c>).</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>The lanes starting at <paramref name="source"/>.</summary>
    static abstract TSelf Load(ref T source);

    /// <summary>Writes the lanes starting at <paramref name="destination"/>.</summary>
    void Store(ref T destination);
}

/// <summary><see cref="Vector{T}.Count"/> elements at once.</summary>
internal readonly struct Lanes<T>(Vector<T> v) : ILanes<Lanes<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> v = v;

    public static Lanes<T> Of(T value) => new(new Vector<T>(value));

    public static Lanes<T> Sqrt(Lanes<T> x) => new(Vector.SquareRoot(x.v));

    public static Lanes<T> Load(ref T source) => new(Vector.LoadUnsafe(ref source));

    public void Store(ref T destination) => v.StoreUnsafe(ref destination);

    public static Lanes<T> operator +(Lanes<T> a, Lanes<T> b) => new(a.v + b.v);

    public static Lanes<T> operator -(Lanes<T> a, Lanes<T> b) => new(a.v - b.v);

    public static Lanes<T> operator *(Lanes<T> a, Lanes<T> b) => new(a.v * b.v);

    public static Lanes<T> operator /(Lanes<T> a, Lanes<T> b) => new(a.v / b.v);

    public static Lanes<T> operator -(Lanes<T> a) => new(-a.v);
}

/// <summary><see cref="Vector128{T}.Count"/> elements at once.</summary>
internal readonly struct Lanes128<T>(Vector128<T> v) : ILanes<Lanes128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector128<T> v = v;

    public static Lanes128<T> Of(T value) => new(Vector128.Create(value));

    public static Lanes128<T> Sqrt(Lanes128<T> x) => new(Vector128.Sqrt(x.v));

    public static Lanes128<T> Load(ref T source) => new(Vector128.LoadUnsafe(ref source));

    public void Store(ref T destination) => v.StoreUnsafe(ref destination);

    public static Lanes128<T> operator +(Lanes128<T> a, Lanes128<T> b) => new(a.v + b.v);

    public static Lanes128<T> operator -(Lanes128<T> a, Lanes128<T> b) => new(a.v - b.v);

    public static Lanes128<T> operator *(Lanes128<T> a, Lanes128<T> b) => new(a.v * b.v);

    public static Lanes128<T> operator /(Lanes128<T> a, Lanes128<T> b) => new(a.v / b.v);

    public static Lanes128<T> operator -(Lanes128<T> a) => new(-a.v);
}

/// <summary>One element.</summary>
internal readonly struct Lane<T>(T v) : ILanes<Lane<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T v = v;

    public static Lane<T> Of(T value) => new(value);

    public static Lane<T> Sqrt(Lane<T> x) => new(T.Sqrt(x.v));

    public static Lane<T> Load(ref T source) => new(source);

    public void Store(ref T destination) => destination = v;

    public static Lane<T> operator +(Lane<T> a, Lane<T> b) => new(a.v + b.v);

    public static Lane<T> operator -(Lane<T> a, Lane<T> b) => new(a.v - b.v);

    public static Lane<T> operator *(Lane<T> a, Lane<T> b) => new(a.v * b.v);

    public static Lane<T> operator /(Lane<T> a, Lane<T> b) => new(a.v / b.v);

    public static Lane<T> operator -(Lane<T> a) => new(-a.v);
}
