using System.Collections;

namespace Backprop.Training;

/// <summary>
/// Which epochs a bounded per-epoch record keeps (<see cref="EpochSeries{TItem}"/>): all of the last
/// <see cref="FullResolutionEpochs"/>, and of the epochs before them at most <see cref="MaxDownsampledEpochs"/>, evenly
/// spaced: epochs 1, 1 + s, 1 + 2s, ... with s the smallest power of two that keeps them within the bound. The kept
/// epochs depend on the number of epochs alone, so a run resumed from a checkpoint keeps the same ones as a run that
/// was never interrupted, and a record of a million epochs holds at most 2,000.
/// </summary>
public static class EpochSeries
{
    /// <summary>The most recent epochs, all kept.</summary>
    public const int FullResolutionEpochs = 1000;

    /// <summary>The most epochs kept from before the full-resolution tail.</summary>
    public const int MaxDownsampledEpochs = 1000;

    /// <summary>The most epochs a record keeps.</summary>
    public const int MaxKept = FullResolutionEpochs + MaxDownsampledEpochs;

    /// <summary>The spacing of the kept epochs before the tail after <paramref name="epochs"/> epochs (1 while every epoch is kept).</summary>
    public static int Stride(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        // ceil(older / stride) > MaxDownsampledEpochs is older > MaxDownsampledEpochs * stride: multiplications, not the
        // 64-bit divisions that cost more per epoch than a whole epoch of a tiny network's updates.
        long older = (long)epochs - FullResolutionEpochs;
        int stride = 1;
        while (older > (long)MaxDownsampledEpochs * stride)
            stride *= 2;
        return stride;
    }

    /// <summary>How many epochs a record keeps after <paramref name="epochs"/> epochs.</summary>
    public static int Count(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        int older = Math.Max(0, epochs - FullResolutionEpochs);
        int stride = Stride(epochs);
        return (older + stride - 1) / stride + Math.Min(epochs, FullResolutionEpochs);
    }

    /// <summary>The epoch (1-based) of entry <paramref name="index"/> of a record after <paramref name="epochs"/> epochs.</summary>
    public static int EpochAt(int epochs, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count(epochs));
        int older = Math.Max(0, epochs - FullResolutionEpochs);
        int stride = Stride(epochs);
        int downsampled = (older + stride - 1) / stride;
        return index < downsampled ? 1 + index * stride : older + 1 + (index - downsampled);
    }
}

/// <summary>
/// One value per epoch, bounded whatever the number of epochs (<see cref="EpochSeries"/> says which epochs are kept):
/// a long run of a tiny network does not grow memory without end. Adding is O(1) and allocates only while the record
/// grows to its bound.
/// </summary>
/// <typeparam name="TItem">What is kept per epoch (an <see cref="EpochReport"/>, an accuracy).</typeparam>
public sealed class EpochSeries<TItem> : IReadOnlyList<TItem>
{
    private readonly List<TItem> downsampled = [];
    // The last FullResolutionEpochs epochs in tail[0 .. tailCount), oldest at `head` once full. An array, not a list:
    // Add runs every epoch, every few updates of a tiny network, and a list's checks and copies showed in its profile.
    private TItem[] tail = [];
    private int tailCount;
    private int head;
    // EpochSeries.Stride(Epochs), kept so that Add computes it once per epoch.
    private int stride = 1;

    /// <summary>Epochs added so far (kept or not).</summary>
    public int Epochs { get; private set; }

    /// <summary>Epochs kept.</summary>
    public int Count => downsampled.Count + tailCount;

    /// <summary>The kept entries, oldest first; entry i is of epoch <see cref="EpochAt"/>(i).</summary>
    public TItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (index < downsampled.Count)
                return downsampled[index];
            int at = head + index - downsampled.Count;
            return tail[at < tailCount ? at : at - tailCount];
        }
    }

    /// <summary>The epoch (1-based) of kept entry <paramref name="index"/>.</summary>
    public int EpochAt(int index) => EpochSeries.EpochAt(Epochs, index);

    /// <summary>Adds the next epoch's value, letting go of an older one where the bound asks for it.</summary>
    public void Add(TItem item)
    {
        Epochs++;
        if (tailCount < EpochSeries.FullResolutionEpochs)
        {
            Append(item);
            return;
        }
        // The oldest of the tail leaves it: epoch Epochs - FullResolutionEpochs.
        ref TItem slot = ref tail[head];
        TItem leaving = slot;
        slot = item;
        if (++head == tailCount)
            head = 0;
        int epoch = Epochs - EpochSeries.FullResolutionEpochs;
        int previous = stride;
        // EpochSeries.Stride(Epochs): its doubling, from the last epoch's stride (the stride never shrinks as epochs grow).
        while (epoch > (long)EpochSeries.MaxDownsampledEpochs * stride)
            stride *= 2;
        if (stride != previous)
        {
            // Kept entry i is epoch 1 + i * previous; keep those on the new spacing.
            int kept = 0;
            for (int i = 0; i < downsampled.Count; i++)
            {
                if (i * previous % stride == 0)
                    downsampled[kept++] = downsampled[i];
            }
            downsampled.RemoveRange(kept, downsampled.Count - kept);
        }
        // The stride is a power of two and epoch - 1 >= 0.
        if (((epoch - 1) & (stride - 1)) == 0)
            downsampled.Add(leaving);
    }

    /// <summary>Forgets every epoch.</summary>
    public void Clear()
    {
        downsampled.Clear();
        Array.Clear(tail, 0, tailCount);
        tailCount = 0;
        head = 0;
        stride = 1;
        Epochs = 0;
    }

    /// <summary>Replaces the record with <paramref name="items"/>, the kept entries after <paramref name="epochs"/> epochs (as a checkpoint holds them).</summary>
    /// <exception cref="ArgumentException">There are not as many items as <see cref="EpochSeries.Count"/> says for that many epochs.</exception>
    public void Restore(int epochs, IReadOnlyList<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        int expected = EpochSeries.Count(epochs);
        if (items.Count != expected)
            throw new ArgumentException($"after {epochs} epochs the record keeps {expected} of them, not {items.Count}", nameof(items));
        Clear();
        int inTail = Math.Min(epochs, EpochSeries.FullResolutionEpochs);
        for (int i = 0; i < items.Count; i++)
        {
            if (i < items.Count - inTail)
                downsampled.Add(items[i]);
            else
                Append(items[i]);
        }
        Epochs = epochs;
        stride = EpochSeries.Stride(epochs);
    }

    // Adds to the tail before it is full, growing it as a list grows.
    private void Append(TItem item)
    {
        if (tailCount == tail.Length)
            Array.Resize(ref tail, Math.Min(EpochSeries.FullResolutionEpochs, Math.Max(4, 2 * tail.Length)));
        tail[tailCount++] = item;
    }

    /// <inheritdoc />
    public IEnumerator<TItem> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
