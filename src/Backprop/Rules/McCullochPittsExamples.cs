namespace Backprop.Rules;

/// <summary>
/// A ready-made McCulloch-Pitts network with a demonstration input sequence.
/// Run it with <see cref="Run"/>; the trace prints as a table of 0/1 per time step.
/// </summary>
/// <param name="Name">Short name: "or", "and", "andnot" or "memory".</param>
/// <param name="Formula">What the network computes, in the notes' notation.</param>
/// <param name="Network">The network.</param>
/// <param name="Inputs">The demonstration input vectors, one per time step.</param>
public sealed record McCullochPittsDemo(string Name, string Formula, McCullochPittsNetwork Network, IReadOnlyList<IReadOnlyList<bool>> Inputs)
{
    /// <summary>Runs <see cref="Network"/> on <see cref="Inputs"/> from all units quiet.</summary>
    public McCullochPittsTrace Run() => Network.Run(Inputs);

    /// <summary>"and: N3(t) = N1(t-1) and N2(t-1)".</summary>
    public override string ToString() => $"{Name}: {Formula}";
}

/// <summary>
/// The McCulloch-Pitts networks of the notes: the gates N3(t) = N1(t-1) or / and / and-not N2(t-1), and a
/// one-bit memory made of a loop, M(t) = (Set(t-1) or M(t-1)) and not Reset(t-1).
/// </summary>
public static class McCullochPittsExamples
{
    private static readonly IReadOnlyList<IReadOnlyList<bool>> GateInputs =
        [[false, false], [false, true], [true, false], [true, true], [false, false]];

    /// <summary>N3(t) = N1(t-1) or N2(t-1): two excitatory synapses of weight 1, threshold 1.</summary>
    public static McCullochPittsDemo Or() => Gate("or", "N3(t) = N1(t-1) or N2(t-1)",
        new McCullochPittsUnit("N3", 1, [new("N1"), new("N2")]));

    /// <summary>N3(t) = N1(t-1) and N2(t-1): two excitatory synapses of weight 1, threshold 2.</summary>
    public static McCullochPittsDemo And() => Gate("and", "N3(t) = N1(t-1) and N2(t-1)",
        new McCullochPittsUnit("N3", 2, [new("N1"), new("N2")]));

    /// <summary>N3(t) = N1(t-1) and ~N2(t-1): excitatory N1 with threshold 1, inhibitory N2.</summary>
    public static McCullochPittsDemo AndNot() => Gate("andnot", "N3(t) = N1(t-1) and ~N2(t-1)",
        new McCullochPittsUnit("N3", 1, [new("N1")], ["N2"]));

    /// <summary>
    /// One-bit memory: unit M excites itself (the loop), Set excites it, Reset inhibits it; threshold 1.
    /// The demo sets at t=1, resets at t=6, sets again at t=10, with quiet inputs in between.
    /// </summary>
    public static McCullochPittsDemo Memory()
    {
        var network = new McCullochPittsNetwork(["Set", "Reset"],
            [new McCullochPittsUnit("M", 1, [new("Set"), new("M")], ["Reset"])]);
        var inputs = new List<IReadOnlyList<bool>>();
        for (int t = 0; t < 14; t++) inputs.Add([t is 1 or 10, t is 6]);
        return new McCullochPittsDemo("memory", "M(t) = (Set(t-1) or M(t-1)) and ~Reset(t-1)", network, inputs);
    }

    /// <summary>All examples, in the order or, and, andnot, memory (a CLI can pick one by <see cref="McCullochPittsDemo.Name"/>).</summary>
    public static IReadOnlyList<McCullochPittsDemo> All() => [Or(), And(), AndNot(), Memory()];

    private static McCullochPittsDemo Gate(string name, string formula, McCullochPittsUnit n3) =>
        new(name, formula, new McCullochPittsNetwork(["N1", "N2"], [n3]), GateInputs);
}
