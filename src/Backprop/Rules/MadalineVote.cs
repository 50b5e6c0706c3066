namespace Backprop.Rules;

/// <summary>
/// The fixed output unit of a <see cref="Madaline"/>: combines the hidden units' sign outputs (+1/-1)
/// into the network output (+1/-1). Majority: +1 iff more than half vote +1; Or: +1 iff any votes +1;
/// And: +1 iff all vote +1.
/// </summary>
public sealed class MadalineVote
{
    private readonly Func<int, int, bool> _positive;

    private MadalineVote(string name, Func<int, int, bool> positive)
    {
        Name = name;
        _positive = positive;
    }

    /// <summary>+1 iff more than half of the units output +1 (use an odd number of units).</summary>
    public static MadalineVote Majority { get; } = new("Majority", (plus, n) => 2 * plus > n);

    /// <summary>+1 iff at least one unit outputs +1.</summary>
    public static MadalineVote Or { get; } = new("Or", (plus, _) => plus > 0);

    /// <summary>+1 iff every unit outputs +1.</summary>
    public static MadalineVote And { get; } = new("And", (plus, n) => plus == n);

    /// <summary>All votes (a CLI can pick one by <see cref="Name"/>).</summary>
    public static IReadOnlyList<MadalineVote> All { get; } = [Majority, Or, And];

    /// <summary>"Majority", "Or" or "And".</summary>
    public string Name { get; }

    /// <summary>The network output (+1 or -1) for the units' outputs (each +1 or -1).</summary>
    public int Combine(ReadOnlySpan<int> unitOutputs)
    {
        int plus = 0;
        foreach (int s in unitOutputs)
        {
            if (s is not (1 or -1)) throw new ArgumentException($"Unit output {s} is not +1 or -1.", nameof(unitOutputs));
            if (s == 1) plus++;
        }
        return _positive(plus, unitOutputs.Length) ? 1 : -1;
    }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
