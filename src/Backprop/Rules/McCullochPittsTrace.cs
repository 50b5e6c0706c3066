using System.Text;

namespace Backprop.Rules;

/// <summary>The values of every neuron of a McCulloch-Pitts network at one time step.</summary>
public sealed class McCullochPittsState
{
    private readonly IReadOnlyList<string> _names;

    internal McCullochPittsState(int time, IReadOnlyList<string> names, bool[] inputs, bool[] units)
    {
        Time = time;
        _names = names;
        Inputs = inputs;
        Units = units;
    }

    /// <summary>The time step t.</summary>
    public int Time { get; }

    /// <summary>The external inputs' values at t, in <see cref="McCullochPittsNetwork.Inputs"/> order.</summary>
    public IReadOnlyList<bool> Inputs { get; }

    /// <summary>The units' values at t, in <see cref="McCullochPittsNetwork.Units"/> order.</summary>
    public IReadOnlyList<bool> Units { get; }

    /// <summary>The value of the input or unit called <paramref name="name"/>.</summary>
    public bool this[string name]
    {
        get
        {
            for (int i = 0; i < _names.Count; i++)
                if (_names[i] == name) return i < Inputs.Count ? Inputs[i] : Units[i - Inputs.Count];
            throw new ArgumentException($"No input or unit is called '{name}'.", nameof(name));
        }
    }

    /// <summary>"t=3: Set=0 Reset=0 | M=1".</summary>
    public override string ToString()
    {
        static string Bit(bool b) => b ? "1" : "0";
        var ins = Inputs.Select((v, i) => $"{_names[i]}={Bit(v)}");
        var outs = Units.Select((v, i) => $"{_names[Inputs.Count + i]}={Bit(v)}");
        return $"t={Time}: {string.Join(" ", ins)} | {string.Join(" ", outs)}";
    }
}

/// <summary>The step-by-step history of a McCulloch-Pitts network run: one state per time step.</summary>
public sealed class McCullochPittsTrace
{
    private readonly int _inputCount;

    internal McCullochPittsTrace(IReadOnlyList<string> names, int inputCount, IReadOnlyList<McCullochPittsState> states)
    {
        Names = names;
        _inputCount = inputCount;
        States = states;
    }

    /// <summary>Neuron names: the inputs, then the units.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The states at t = 0, 1, ...</summary>
    public IReadOnlyList<McCullochPittsState> States { get; }

    /// <summary>The values of one input or unit over time.</summary>
    public bool[] Series(string name) => [.. States.Select(s => s[name])];

    /// <summary>A table: a header of names (inputs | units), then one row of 0/1 per time step.</summary>
    public override string ToString()
    {
        int[] widths = [.. Names.Select(n => Math.Max(n.Length, 1))];
        int tWidth = Math.Max(1, (States.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var sb = new StringBuilder();
        void Row(string t, Func<int, string> cell)
        {
            sb.Append(t.PadLeft(tWidth));
            for (int i = 0; i < Names.Count; i++)
            {
                sb.Append(i == _inputCount ? " |" : "").Append(' ');
                sb.Append(cell(i).PadLeft(widths[i]));
            }
            sb.Append('\n');
        }
        Row("t", i => Names[i]);
        foreach (McCullochPittsState s in States)
            Row(s.Time.ToString(System.Globalization.CultureInfo.InvariantCulture), i => s[Names[i]] ? "1" : "0");
        return sb.ToString();
    }
}
