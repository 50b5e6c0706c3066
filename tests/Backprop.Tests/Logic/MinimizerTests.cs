using Backprop.Logic;

namespace Backprop.Tests.Logic;

// 001: "Reducing a Boolean function": O = Y'Z' + W'XY' + X'YZ' needs only 3 hidden units.
public class MinimizerTests
{
    [Fact]
    public void TheNotesFunctionOverWXYZReducesToThreeTerms()
    {
        var o = SumOfProducts.Parse("Y'Z' + W'XY' + X'YZ'");
        Assert.Equal(["W", "X", "Y", "Z"], o.Names);
        Assert.Equal("Y' Z' + W' X Y' + X' Y Z'", o.ToString());

        var table = TruthTable.Of(o, 4);
        var reduced = Minimizer.Minimize(table, out bool exact, o.Names);

        Assert.True(exact);
        Assert.Equal(3, reduced.Terms.Count);
        // X'YZ' grows to the prime X'Z' (its other rows are already in Y'Z'): 7 literals instead of the notes' 8.
        Assert.Equal("Y' Z' + X' Z' + W' X Y'", reduced.ToString());
        Assert.Empty(TruthTable.Of(reduced, 4).Differences(table));
        Assert.Equal(3, BooleanNetwork.Build(reduced, 4).Layers[0].Outputs);
    }

    [Fact]
    public void TheNotesTruthTableMergesOnePair()
    {
        // 001's table over X1..X5: six true rows; 10001 and 11001 differ only in X2.
        bool[] outputs = new bool[32];
        foreach (int row in new[] { 0b00110, 0b01011, 0b01100, 0b10001, 0b10111, 0b11001 })
            outputs[row] = true;
        var table = new TruthTable(outputs);

        var reduced = Minimizer.Minimize(table, out _);

        Assert.Equal(5, reduced.Terms.Count);
        Assert.Contains("X1 X3' X4' X5", reduced.ToString());
        Assert.Empty(TruthTable.Of(reduced, 5).Differences(table));
    }

    [Fact]
    public void CoversAreAsSmallAsAnExhaustiveSearchFinds()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 40; trial++)
        {
            var outputs = new bool[16];
            for (int r = 0; r < 16; r++)
                outputs[r] = random.Next(2) == 1;
            var table = new TruthTable(outputs);
            var reduced = Minimizer.Minimize(table, out bool exact);
            Assert.True(exact);
            Assert.Empty(TruthTable.Of(reduced, 4).Differences(table));
            Assert.Equal(SmallestCover(outputs), reduced.Terms.Count == 2 && outputs.All(o => o) ? 1 : reduced.Terms.Count);
        }
    }

    [Fact]
    public void TenVariablesMinimiseExactly()
    {
        // Six random terms over X1..X10 written out as a table of 1024 rows: the minimum needs at most six terms.
        var random = new Random(10);
        var terms = new List<IReadOnlyList<Literal>>();
        for (int t = 0; t < 6; t++)
        {
            var variables = Enumerable.Range(1, 10).OrderBy(_ => random.Next()).Take(3 + random.Next(3));
            terms.Add([.. variables.Select(v => new Literal(v, random.Next(2) == 1))]);
        }
        var table = TruthTable.Of(new SumOfProducts(terms, SumOfProducts.DefaultNames(10)), 10);

        var reduced = Minimizer.Minimize(table, out bool exact);

        Assert.True(exact);
        Assert.Empty(TruthTable.Of(reduced, 10).Differences(table));
        Assert.InRange(reduced.Terms.Count, 1, 6);
    }

    [Fact]
    public void ARandomTenVariableTableStillGivesAnEquivalentPrimeCover()
    {
        var random = new Random(10);
        var outputs = new bool[1024];
        for (int r = 0; r < outputs.Length; r++)
            outputs[r] = random.NextDouble() < 0.2;
        var table = new TruthTable(outputs);

        var reduced = Minimizer.Minimize(table, out _, searchLimit: 20_000);

        Assert.Empty(TruthTable.Of(reduced, 10).Differences(table));
        Assert.True(reduced.Terms.Count < outputs.Count(o => o));
    }

    [Fact]
    public void ConstantsReduceToNoTermsOrToXOrNotX()
    {
        Assert.Empty(Minimizer.Minimize(new TruthTable(new bool[8]), out _).Terms);
        var one = Minimizer.Minimize(new TruthTable([true, true, true, true]), out _);
        Assert.Equal("X1 + X1'", one.ToString());
    }

    [Fact]
    public void FormulasOverDifferentVariablesCompareOverTheirUnion()
    {
        var a = SumOfProducts.Parse("W X + W X'");
        var b = SumOfProducts.Parse("W + Y Y'");
        var names = SumOfProducts.VariableNames(a.Names.Concat(b.Names));
        Assert.Equal(["W", "X", "Y"], names);
        Assert.Empty(TruthTable.Of(a.Over(names), 3).Differences(TruthTable.Of(b.Over(names), 3)));
        Assert.Throws<ArgumentException>(() => a.Over(["W"]));
    }

    // The fewest implicants (any product term that implies the function) whose OR is the function, by trying all
    // sets of prime implicants in order of size.
    private static int SmallestCover(bool[] outputs)
    {
        var minterms = Enumerable.Range(0, 16).Where(r => outputs[r]).ToList();
        if (minterms.Count == 0)
            return 0;
        var primes = Minimizer.PrimeImplicants(minterms, 4);
        for (int size = 1; size <= primes.Count; size++)
        {
            foreach (var set in Subsets(primes.Count, size))
            {
                if (minterms.All(m => set.Any(p => (m & ~primes[p].Mask) == primes[p].Value)))
                    return size;
            }
        }
        throw new InvalidOperationException("no cover");
    }

    private static IEnumerable<int[]> Subsets(int n, int size)
    {
        var index = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return [.. index];
            int i = size - 1;
            while (i >= 0 && index[i] == n - size + i)
                i--;
            if (i < 0)
                yield break;
            index[i]++;
            for (int j = i + 1; j < size; j++)
                index[j] = index[j - 1] + 1;
        }
    }
}
