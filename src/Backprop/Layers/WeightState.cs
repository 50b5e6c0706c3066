using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Whether a network's weights may have changed since its layers packed them for the GEMM, shared by the network and
/// its views (<see cref="Network{T}.WithSharedParameters"/>), with the packed copies they share. Every writer the
/// library controls bumps <see cref="Changed"/>; a parameter array or span handed out through the public API may be
/// written at any later time, unseen, so from then on (<see cref="Escape"/>) every pass packs its own copy afresh.
/// </summary>
internal sealed class WeightState<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly PackedMatrix<T>[] shared;
    private long version;
    private volatile bool escaped;

    public WeightState(int layers)
    {
        shared = new PackedMatrix<T>[layers];
        for (int i = 0; i < layers; i++)
            shared[i] = new PackedMatrix<T>();
    }

    /// <summary>The parameters were handed out: packed copies can no longer be kept across passes.</summary>
    public void Escape() => escaped = true;

    /// <summary>The parameters changed (or are about to): every packed copy is stale. Writers do not race (training
    /// while another pass runs is not supported), so a plain increment.</summary>
    public void Changed() => Volatile.Write(ref version, version + 1);

    /// <summary>
    /// Layer <paramref name="layer"/>'s weights <paramref name="w"/> (k x n) packed and current: the shared copy,
    /// packed again only when the parameters changed since, or, once they escaped, <paramref name="own"/> packed now.
    /// Concurrent passes (Model's workers) may ask at once: one packs while the others wait.
    /// </summary>
    public PackedMatrix<T> Packed(int layer, ReadOnlySpan<T> w, int k, int n, ref PackedMatrix<T>? own)
    {
        if (escaped)
        {
            own ??= new PackedMatrix<T>();
            own.Pack(w, k, n, -1);
            return own;
        }
        var packed = shared[layer];
        long current = Volatile.Read(ref version);
        if (packed.Stamp != current)
        {
            lock (packed)
            {
                if (packed.Stamp != current)
                    packed.Pack(w, k, n, current);
            }
        }
        return packed;
    }
}
