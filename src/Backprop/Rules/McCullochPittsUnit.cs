namespace Backprop.Rules;

/// <summary>An excitatory synapse of a McCulloch-Pitts unit: the neuron it listens to and the weight it transmits.</summary>
/// <param name="Source">Name of the input or unit this synapse comes from.</param>
/// <param name="Weight">The weight added to the unit's excitation when the source fires; finite and &gt; 0.</param>
public sealed record McCullochPittsSynapse(string Source, double Weight = 1.0)
{
    /// <summary>"N1" for weight 1, else "2*N1".</summary>
    public override string ToString() => Weight == 1.0 ? Source : $"{RuleMath.Format(Weight)}*{Source}";
}

/// <summary>
/// A McCulloch-Pitts neuron, an all-or-none unit:
/// N(t) = 1 if no inhibitory source fired at t-1 and sum_i w_i N_i(t-1) &gt;= T over the excitatory
/// sources, else 0. Any active inhibitory synapse forces the output to 0 regardless of the other inputs.
/// It has no learning rule.
/// </summary>
public sealed class McCullochPittsUnit
{
    /// <summary>Creates a unit, checking its settings.</summary>
    /// <param name="name">Unique name of the unit in its network, non-empty.</param>
    /// <param name="threshold">T, finite and &gt;= 0 (0 with no excitation makes a unit that fires unless inhibited: NOT).</param>
    /// <param name="excitatory">Excitatory synapses; each source at most once.</param>
    /// <param name="inhibitory">Names of the inhibitory sources; each at most once.</param>
    public McCullochPittsUnit(string name, double threshold, IReadOnlyList<McCullochPittsSynapse> excitatory, IReadOnlyList<string>? inhibitory = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A unit needs a non-empty name.", nameof(name));
        if (!double.IsFinite(threshold) || threshold < 0)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Unit '{name}': the threshold must be finite and >= 0.");
        ArgumentNullException.ThrowIfNull(excitatory);
        inhibitory ??= [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (McCullochPittsSynapse s in excitatory)
        {
            if (s is null || string.IsNullOrWhiteSpace(s.Source))
                throw new ArgumentException($"Unit '{name}' has an excitatory synapse without a source.", nameof(excitatory));
            if (!double.IsFinite(s.Weight) || s.Weight <= 0)
                throw new ArgumentException($"Unit '{name}': the excitatory weight from '{s.Source}' is {s.Weight}; it must be finite and > 0.", nameof(excitatory));
            if (!seen.Add(s.Source))
                throw new ArgumentException($"Unit '{name}' lists '{s.Source}' twice.", nameof(excitatory));
        }
        foreach (string source in inhibitory)
        {
            if (string.IsNullOrWhiteSpace(source))
                throw new ArgumentException($"Unit '{name}' has an inhibitory synapse without a source.", nameof(inhibitory));
            if (!seen.Add(source))
                throw new ArgumentException($"Unit '{name}' lists '{source}' twice.", nameof(inhibitory));
        }
        Name = name;
        Threshold = threshold;
        Excitatory = [.. excitatory];
        Inhibitory = [.. inhibitory];
    }

    /// <summary>The unit's name.</summary>
    public string Name { get; }

    /// <summary>The threshold T.</summary>
    public double Threshold { get; }

    /// <summary>The excitatory synapses.</summary>
    public IReadOnlyList<McCullochPittsSynapse> Excitatory { get; }

    /// <summary>The inhibitory sources.</summary>
    public IReadOnlyList<string> Inhibitory { get; }

    /// <summary>The all-or-none law: fires iff not inhibited and the excitation reaches the threshold.</summary>
    /// <param name="excitation">sum of the weights of the excitatory synapses whose source fired.</param>
    /// <param name="inhibited">whether any inhibitory source fired.</param>
    public bool Fires(double excitation, bool inhibited) => !inhibited && excitation >= Threshold;

    /// <summary>"N3 = [N1 + N2 >= 1]" or "M = [Set + M >= 1] unless Reset".</summary>
    public override string ToString()
    {
        string sum = Excitatory.Count == 0 ? "0" : string.Join(" + ", Excitatory);
        string unless = Inhibitory.Count == 0 ? "" : " unless " + string.Join(" or ", Inhibitory);
        return $"{Name} = [{sum} >= {RuleMath.Format(Threshold)}]{unless}";
    }
}
