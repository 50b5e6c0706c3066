namespace Backprop.Rules;

/// <summary>
/// A network of McCulloch-Pitts units stepped in discrete time. Every neuron (external input or unit)
/// is 0 or 1 at each t; the units' values at t are computed from all values at t-1:
/// N_j(t) = 1 iff no inhibitory source of j fired at t-1 and sum_i w_ij N_i(t-1) &gt;= T_j.
/// Loops are allowed, so a unit can feed itself and hold a value (memory).
/// </summary>
public sealed class McCullochPittsNetwork
{
    // Per unit: indices into the combined state (inputs first, then units) and weights.
    private readonly int[][] _excitatorySources;
    private readonly double[][] _excitatoryWeights;
    private readonly int[][] _inhibitorySources;

    /// <summary>Creates a network; names must be unique across inputs and units and every synapse must name one of them.</summary>
    /// <param name="inputs">Names of the external inputs (their values at each t are given from outside).</param>
    /// <param name="units">The units.</param>
    public McCullochPittsNetwork(IReadOnlyList<string> inputs, IReadOnlyList<McCullochPittsUnit> units)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(units);
        if (units.Count == 0) throw new ArgumentException("A network needs at least one unit.", nameof(units));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string name in inputs)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An input needs a non-empty name.", nameof(inputs));
            if (!index.TryAdd(name, index.Count)) throw new ArgumentException($"The name '{name}' is used twice.", nameof(inputs));
        }
        foreach (McCullochPittsUnit unit in units)
        {
            ArgumentNullException.ThrowIfNull(unit, nameof(units));
            if (!index.TryAdd(unit.Name, index.Count)) throw new ArgumentException($"The name '{unit.Name}' is used twice.", nameof(units));
        }
        int Resolve(McCullochPittsUnit unit, string source) => index.TryGetValue(source, out int i)
            ? i
            : throw new ArgumentException($"Unit '{unit.Name}' listens to '{source}', which is neither an input nor a unit.", nameof(units));
        _excitatorySources = [.. units.Select(u => u.Excitatory.Select(s => Resolve(u, s.Source)).ToArray())];
        _excitatoryWeights = [.. units.Select(u => u.Excitatory.Select(s => s.Weight).ToArray())];
        _inhibitorySources = [.. units.Select(u => u.Inhibitory.Select(s => Resolve(u, s)).ToArray())];
        Inputs = [.. inputs];
        Units = [.. units];
        Names = [.. Inputs, .. Units.Select(u => u.Name)];
    }

    /// <summary>Names of the external inputs.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The units.</summary>
    public IReadOnlyList<McCullochPittsUnit> Units { get; }

    /// <summary>All neuron names: the inputs, then the units (the column order of a state).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>One time step: the units' values at t from the inputs' and units' values at t-1.</summary>
    public bool[] Step(IReadOnlyList<bool> inputsBefore, IReadOnlyList<bool> unitsBefore)
    {
        CheckLength(inputsBefore, Inputs.Count, "inputs", nameof(inputsBefore));
        CheckLength(unitsBefore, Units.Count, "units", nameof(unitsBefore));
        bool Fired(int i) => i < Inputs.Count ? inputsBefore[i] : unitsBefore[i - Inputs.Count];
        var next = new bool[Units.Count];
        for (int j = 0; j < next.Length; j++)
        {
            double excitation = 0;
            for (int k = 0; k < _excitatorySources[j].Length; k++)
                if (Fired(_excitatorySources[j][k])) excitation += _excitatoryWeights[j][k];
            bool inhibited = _inhibitorySources[j].Any(Fired);
            next[j] = Units[j].Fires(excitation, inhibited);
        }
        return next;
    }

    /// <summary>
    /// Runs the network over a sequence of input vectors. State t holds the inputs given for t and the
    /// units' values at t, computed from state t-1; state 0 holds <paramref name="initialUnits"/>
    /// (default: all units quiet). So a unit's response to the inputs at t shows in state t+1.
    /// </summary>
    /// <param name="inputSequence">One vector of <see cref="Inputs"/> values per time step; at least one.</param>
    /// <param name="initialUnits">The units' values at t = 0, or null for all 0.</param>
    public McCullochPittsTrace Run(IReadOnlyList<IReadOnlyList<bool>> inputSequence, IReadOnlyList<bool>? initialUnits = null)
    {
        ArgumentNullException.ThrowIfNull(inputSequence);
        if (inputSequence.Count == 0) throw new ArgumentException("The input sequence is empty.", nameof(inputSequence));
        IReadOnlyList<bool> units = initialUnits ?? new bool[Units.Count];
        CheckLength(units, Units.Count, "units", nameof(initialUnits));
        var states = new List<McCullochPittsState>(inputSequence.Count);
        for (int t = 0; t < inputSequence.Count; t++)
        {
            IReadOnlyList<bool> inputs = inputSequence[t];
            ArgumentNullException.ThrowIfNull(inputs, nameof(inputSequence));
            if (inputs.Count != Inputs.Count)
                throw new ArgumentException($"Input vector at t = {t} has {inputs.Count} values but the network has {Inputs.Count} inputs.", nameof(inputSequence));
            if (t > 0) units = Step(states[t - 1].Inputs, states[t - 1].Units);
            states.Add(new McCullochPittsState(t, Names, [.. inputs], [.. units]));
        }
        return new McCullochPittsTrace(Names, Inputs.Count, states);
    }

    /// <summary>One line per unit, e.g. "N3 = [N1 + N2 >= 2]".</summary>
    public override string ToString() =>
        $"McCullochPittsNetwork(inputs: {string.Join(", ", Inputs)}; {string.Join("; ", Units)})";

    private static void CheckLength(IReadOnlyList<bool> values, int expected, string what, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        if (values.Count != expected)
            throw new ArgumentException($"Got {values.Count} values but the network has {expected} {what}.", paramName);
    }
}
