using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Numerics;

/// <summary>
/// Parameter-update kernels for the optimizers and the trainer: one pass over flat spans of parameters w, gradients g
/// and optimizer state, all of the same length. Each loop runs <see cref="Vector{T}"/> lanes first and a scalar tail
/// with the same operations in the same order, so every element gets the same result whichever path it takes.
/// </summary>
internal static class UpdateKernels
{
    /// <summary>Plain gradient descent: w -= eta g.</summary>
    public static void Sgd<T>(Span<T> w, ReadOnlySpan<T> g, T eta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var wv = Vector.LoadUnsafe(ref ws, (nuint)i);
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                (wv - e * gv).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            w[i] -= eta * g[i];
        }
    }

    /// <summary>
    /// <see cref="Sgd{T}"/> fused with the trainer's epoch gradient sum: sum += scale g; w -= eta g, in one pass (each
    /// element gets exactly what <see cref="AddScaled{T}"/> then <see cref="Sgd{T}"/> give it).
    /// </summary>
    public static void SgdAndSum<T>(Span<T> w, ReadOnlySpan<T> g, T eta, Span<T> sum, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, sum.Length, nameof(sum));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ss = ref MemoryMarshal.GetReference(sum);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var c = new Vector<T>(scale);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                (Vector.LoadUnsafe(ref ss, (nuint)i) + c * gv).StoreUnsafe(ref ss, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) - e * gv).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T gi = g[i];
            sum[i] += scale * gi;
            w[i] -= eta * gi;
        }
    }

    /// <summary>Momentum (notes, lecture 4): d = alpha d - eta g; w += d.</summary>
    public static void Momentum<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> d, T eta, T alpha)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, d.Length, nameof(d));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ds = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var a = new Vector<T>(alpha);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var dv = a * Vector.LoadUnsafe(ref ds, (nuint)i) - e * Vector.LoadUnsafe(ref gs, (nuint)i);
                dv.StoreUnsafe(ref ds, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) + dv).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T di = alpha * d[i] - eta * g[i];
            d[i] = di;
            w[i] += di;
        }
    }

    /// <summary>
    /// <see cref="Momentum{T}"/> fused with the trainer's epoch gradient sum:
    /// sum += scale g; d = alpha d - eta g; w += d, in one pass instead of two over the whole parameter buffer (each
    /// element gets exactly what <see cref="AddScaled{T}"/> then the plain kernel give it).
    /// </summary>
    public static void MomentumAndSum<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> d, T eta, T alpha, Span<T> sum, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, d.Length, nameof(d));
        Same(w.Length, sum.Length, nameof(sum));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ds = ref MemoryMarshal.GetReference(d);
        ref T ss = ref MemoryMarshal.GetReference(sum);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var a = new Vector<T>(alpha);
            var c = new Vector<T>(scale);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                (Vector.LoadUnsafe(ref ss, (nuint)i) + c * gv).StoreUnsafe(ref ss, (nuint)i);
                var dv = a * Vector.LoadUnsafe(ref ds, (nuint)i) - e * gv;
                dv.StoreUnsafe(ref ds, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) + dv).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T gi = g[i];
            sum[i] += scale * gi;
            T di = alpha * d[i] - eta * gi;
            d[i] = di;
            w[i] += di;
        }
    }

    /// <summary>Nesterov momentum in the stored-look-ahead form: d = alpha d - eta g; w += alpha d - eta g.</summary>
    public static void Nesterov<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> d, T eta, T alpha)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, d.Length, nameof(d));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ds = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var a = new Vector<T>(alpha);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var step = e * Vector.LoadUnsafe(ref gs, (nuint)i);
                var dv = a * Vector.LoadUnsafe(ref ds, (nuint)i) - step;
                dv.StoreUnsafe(ref ds, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) + (a * dv - step)).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T step = eta * g[i];
            T di = alpha * d[i] - step;
            d[i] = di;
            w[i] += alpha * di - step;
        }
    }

    /// <summary>Adagrad: s += g^2; w -= eta g / sqrt(s + eps).</summary>
    public static void Adagrad<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> s, T eta, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, s.Length, nameof(s));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ss = ref MemoryMarshal.GetReference(s);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var eps = new Vector<T>(epsilon);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                var sv = Vector.LoadUnsafe(ref ss, (nuint)i) + gv * gv;
                sv.StoreUnsafe(ref ss, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) - e * gv / Vector.SquareRoot(sv + eps)).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T gi = g[i];
            T si = s[i] + gi * gi;
            s[i] = si;
            w[i] -= eta * gi / T.Sqrt(si + epsilon);
        }
    }

    /// <summary>RMSprop: s = rho s + (1 - rho) g^2; w -= eta g / sqrt(s + eps).</summary>
    public static void RmsProp<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> s, T eta, T rho, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, s.Length, nameof(s));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ss = ref MemoryMarshal.GetReference(s);
        T keep = T.One - rho;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var r = new Vector<T>(rho);
            var k = new Vector<T>(keep);
            var eps = new Vector<T>(epsilon);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                var sv = r * Vector.LoadUnsafe(ref ss, (nuint)i) + k * (gv * gv);
                sv.StoreUnsafe(ref ss, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) - e * gv / Vector.SquareRoot(sv + eps)).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T gi = g[i];
            T si = rho * s[i] + keep * (gi * gi);
            s[i] = si;
            w[i] -= eta * gi / T.Sqrt(si + epsilon);
        }
    }

    /// <summary>
    /// AdaDelta: s = rho s + (1 - rho) g^2; dx = -sqrt(u + eps) / sqrt(s + eps) g; u = rho u + (1 - rho) dx^2;
    /// w += eta dx.
    /// </summary>
    public static void AdaDelta<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> s, Span<T> u, T eta, T rho, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, s.Length, nameof(s));
        Same(w.Length, u.Length, nameof(u));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ss = ref MemoryMarshal.GetReference(s);
        ref T us = ref MemoryMarshal.GetReference(u);
        T keep = T.One - rho;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var e = new Vector<T>(eta);
            var r = new Vector<T>(rho);
            var k = new Vector<T>(keep);
            var eps = new Vector<T>(epsilon);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                var sv = r * Vector.LoadUnsafe(ref ss, (nuint)i) + k * (gv * gv);
                sv.StoreUnsafe(ref ss, (nuint)i);
                var uv = Vector.LoadUnsafe(ref us, (nuint)i);
                var dx = -(Vector.SquareRoot(uv + eps) / Vector.SquareRoot(sv + eps) * gv);
                (r * uv + k * (dx * dx)).StoreUnsafe(ref us, (nuint)i);
                (Vector.LoadUnsafe(ref ws, (nuint)i) + e * dx).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T gi = g[i];
            T si = rho * s[i] + keep * (gi * gi);
            s[i] = si;
            T ui = u[i];
            T dx = -(T.Sqrt(ui + epsilon) / T.Sqrt(si + epsilon) * gi);
            u[i] = rho * ui + keep * (dx * dx);
            w[i] += eta * dx;
        }
    }

    /// <summary>
    /// Adam and Nadam share one pass: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
    /// w -= (cm m + cg g) / (sqrt(cv v) + eps). Adam: cm = eta / (1 - b1^t), cg = 0, cv = 1 / (1 - b2^t).
    /// </summary>
    public static void Adam<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T beta1, T beta2,
        T cm, T cg, T cv, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(w.Length, g.Length, nameof(g));
        Same(w.Length, m.Length, nameof(m));
        Same(w.Length, v.Length, nameof(v));
        ref T ws = ref MemoryMarshal.GetReference(w);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T ms = ref MemoryMarshal.GetReference(m);
        ref T vs = ref MemoryMarshal.GetReference(v);
        T k1 = T.One - beta1;
        T k2 = T.One - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<T>(beta1);
            var b2 = new Vector<T>(beta2);
            var c1 = new Vector<T>(k1);
            var c2 = new Vector<T>(k2);
            var cmv = new Vector<T>(cm);
            var cgv = new Vector<T>(cg);
            var cvv = new Vector<T>(cv);
            var eps = new Vector<T>(epsilon);
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gv = Vector.LoadUnsafe(ref gs, (nuint)i);
                var mv = b1 * Vector.LoadUnsafe(ref ms, (nuint)i) + c1 * gv;
                var vv = b2 * Vector.LoadUnsafe(ref vs, (nuint)i) + c2 * (gv * gv);
                mv.StoreUnsafe(ref ms, (nuint)i);
                vv.StoreUnsafe(ref vs, (nuint)i);
                var step = (cmv * mv + cgv * gv) / (Vector.SquareRoot(cvv * vv) + eps);
                (Vector.LoadUnsafe(ref ws, (nuint)i) - step).StoreUnsafe(ref ws, (nuint)i);
            }
        }
        for (; i < w.Length; i++)
        {
            T gi = g[i];
            T mi = beta1 * m[i] + k1 * gi;
            T vi = beta2 * v[i] + k2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            w[i] -= (cm * mi + cg * gi) / (T.Sqrt(cv * vi) + epsilon);
        }
    }

    /// <summary>y += a x (used for weight decay, g += lambda w, and for averaging gradients).</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> x, T a, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Same(y.Length, x.Length, nameof(x));
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var av = new Vector<T>(a);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                (Vector.LoadUnsafe(ref ys, (nuint)i) + av * Vector.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>sum_i x_i^2 accumulated in double (a NaN or infinity anywhere makes it non-finite).</summary>
    public static double SumOfSquares<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T value in x)
        {
            double d = double.CreateTruncating(value);
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
