using Backprop.Rules;

namespace Backprop.Tests.Rules;

public class McCullochPittsTests
{
    public static TheoryData<string, bool, bool, bool> GateTable()
    {
        var data = new TheoryData<string, bool, bool, bool>();
        foreach (bool n1 in new[] { false, true })
            foreach (bool n2 in new[] { false, true })
            {
                data.Add("or", n1, n2, n1 || n2);
                data.Add("and", n1, n2, n1 && n2);
                data.Add("andnot", n1, n2, n1 && !n2);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(GateTable))]
    public void Gate_N3_at_t_is_a_function_of_N1_and_N2_at_t_minus_1(string gate, bool n1, bool n2, bool expected)
    {
        McCullochPittsDemo demo = McCullochPittsExamples.All().Single(d => d.Name == gate);
        // Inputs at t=0 are (n1, n2), at t=1 quiet: the response appears at t=1 and is gone at t=2.
        McCullochPittsTrace trace = demo.Network.Run([[n1, n2], [false, false], [false, false]]);
        Assert.Equal([false, expected, false], trace.Series("N3"));
        Assert.Equal([expected], demo.Network.Step([n1, n2], [false]));
        Assert.Equal([expected], demo.Network.Step([n1, n2], [true]));   // N3 has no loop: its own past is irrelevant
    }

    [Fact]
    public void Gate_demos_show_every_input_combination()
    {
        McCullochPittsTrace trace = McCullochPittsExamples.AndNot().Run();
        // inputs (0,0), (0,1), (1,0), (1,1), (0,0): N3 lags one step behind N1 and ~N2.
        Assert.Equal([false, false, false, true, false], trace.Series("N3"));
        Assert.Equal([false, false, true, true, false], trace.Series("N1"));
    }

    [Fact]
    public void Inhibition_silences_a_unit_whose_excitation_is_above_threshold()
    {
        var unit = new McCullochPittsUnit("Y", 1, [new("A", 2), new("B", 2)], ["C"]);
        var net = new McCullochPittsNetwork(["A", "B", "C"], [unit]);
        Assert.Equal([true], net.Step([true, true, false], [false]));    // excitation 4 >= 1
        Assert.Equal([false], net.Step([true, true, true], [false]));    // any inhibitory input: 0
        Assert.Equal([false], net.Step([false, false, true], [false]));
        Assert.False(unit.Fires(excitation: 100, inhibited: true));
        Assert.True(unit.Fires(excitation: 1, inhibited: false));
        Assert.False(unit.Fires(excitation: 0.5, inhibited: false));
    }

    [Fact]
    public void Memory_holds_a_bit_for_100_steps_and_flips_on_set_and_reset()
    {
        McCullochPittsNetwork net = McCullochPittsExamples.Memory().Network;
        var inputs = new List<IReadOnlyList<bool>>();
        // Set at t=0, hold, Reset at t=101, hold, Set at t=203, hold until t=305.
        for (int t = 0; t <= 305; t++) inputs.Add([t is 0 or 203, t is 101]);
        McCullochPittsTrace trace = net.Run(inputs);
        bool[] m = trace.Series("M");
        Assert.False(m[0]);
        for (int t = 1; t <= 101; t++) Assert.True(m[t], $"t={t}");        // held for 101 steps after the set
        for (int t = 102; t <= 203; t++) Assert.False(m[t], $"t={t}");     // reset, held off
        for (int t = 204; t <= 305; t++) Assert.True(m[t], $"t={t}");      // set again
        Assert.Equal(306, trace.States.Count);
    }

    [Fact]
    public void Memory_reset_wins_over_set_and_the_loop()
    {
        McCullochPittsNetwork net = McCullochPittsExamples.Memory().Network;
        Assert.Equal([false], net.Step([true, true], [true]));
        Assert.Equal([true], net.Step([false, false], [true]));
        Assert.Equal([false], net.Step([false, false], [false]));
    }

    [Fact]
    public void Memory_demo_trace_is_readable()
    {
        McCullochPittsDemo demo = McCullochPittsExamples.Memory();
        McCullochPittsTrace trace = demo.Run();
        Assert.Equal(["Set", "Reset", "M"], trace.Names);
        Assert.Equal([false, false, true, true, true, true, true, false, false, false, false, true, true, true], trace.Series("M"));
        string[] lines = trace.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(" t Set Reset | M", lines[0]);
        Assert.Equal(" 1   1     0 | 0", lines[2]);
        Assert.Equal(" 2   0     0 | 1", lines[3]);
        Assert.Equal("t=2: Set=0 Reset=0 | M=1", trace.States[2].ToString());
        Assert.True(trace.States[2]["M"]);
        Assert.Equal("memory: M(t) = (Set(t-1) or M(t-1)) and ~Reset(t-1)", demo.ToString());
        Assert.Equal("M = [Set + M >= 1] unless Reset", demo.Network.Units[0].ToString());
    }

    [Fact]
    public void Initial_state_can_be_given()
    {
        McCullochPittsNetwork net = McCullochPittsExamples.Memory().Network;
        McCullochPittsTrace trace = net.Run([[false, false], [false, false]], initialUnits: [true]);
        Assert.Equal([true, true], trace.Series("M"));
    }

    [Fact]
    public void Bad_networks_throw_naming_the_problem()
    {
        Assert.Contains("'X'", Assert.Throws<ArgumentException>(() =>
            new McCullochPittsNetwork(["A"], [new McCullochPittsUnit("Y", 1, [new("X")])])).Message);
        Assert.Contains("'A' is used twice", Assert.Throws<ArgumentException>(() =>
            new McCullochPittsNetwork(["A"], [new McCullochPittsUnit("A", 1, [new("A")])])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new McCullochPittsUnit("Y", -1, [new("A")]));
        Assert.Contains("is 0", Assert.Throws<ArgumentException>(() => new McCullochPittsUnit("Y", 1, [new("A", 0)])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new McCullochPittsUnit("Y", 1, [new("A")], ["A"])).Message);
        Assert.Throws<ArgumentException>(() => new McCullochPittsNetwork(["A"], []));
        McCullochPittsNetwork net = McCullochPittsExamples.Or().Network;
        Assert.Throws<ArgumentException>(() => net.Run([[true]]));
        Assert.Throws<ArgumentException>(() => net.Run([]));
        Assert.Throws<ArgumentException>(() => net.Step([true, true], []));
        Assert.Throws<ArgumentException>(() => net.Run([[true, true]]).States[0]["Q"]);
    }
}
