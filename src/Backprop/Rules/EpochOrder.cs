namespace Backprop.Rules;

/// <summary>
/// The order in which one epoch visits the patterns: the given order, or, with a seed, a fresh
/// Fisher-Yates shuffle each epoch drawn from <c>new Random(seed)</c> (so a run is reproducible).
/// </summary>
internal sealed class EpochOrder
{
    private readonly int[] _order;
    private readonly Random? _rng;

    public EpochOrder(int count, int? seed)
    {
        _order = new int[count];
        for (int i = 0; i < count; i++) _order[i] = i;
        _rng = seed is int s ? new Random(s) : null;
    }

    /// <summary>The pattern indices for the next epoch (the same array, reordered in place).</summary>
    public ReadOnlySpan<int> Next()
    {
        _rng?.Shuffle(_order);
        return _order;
    }
}
