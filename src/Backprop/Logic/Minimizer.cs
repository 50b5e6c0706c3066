using System.Numerics;

namespace Backprop.Logic;

/// <summary>
/// Exact two-level minimisation (Quine-McCluskey): the prime implicants of a truth table, then a cover of its true
/// rows by the fewest primes (fewest literals among those), found by branch and bound. 001's "reducing a Boolean
/// function": fewer terms, fewer hidden units in the one-hidden-layer network.
/// </summary>
public static class Minimizer
{
    /// <summary>Most variables minimised (65536 rows); the prime step grows with rows x variables.</summary>
    public const int MaxVariables = 16;

    /// <summary>
    /// The minimal sum of products of <paramref name="table"/>, over <paramref name="names"/> (default X1..Xn).
    /// <paramref name="exact"/> is false only when the cover search hit <paramref name="searchLimit"/> nodes first; the
    /// result is then a cover of prime implicants, not proven minimal.
    /// </summary>
    public static SumOfProducts Minimize(TruthTable table, out bool exact, IReadOnlyList<string>? names = null, int searchLimit = 2_000_000)
    {
        ArgumentNullException.ThrowIfNull(table);
        int n = table.Variables;
        if (n > MaxVariables)
            throw new ArgumentException($"Minimisation takes up to {MaxVariables} variables; the table has {n}.", nameof(table));
        var minterms = new List<int>();
        for (int row = 0; row < table.Rows; row++)
        {
            if (table[row])
                minterms.Add(row);
        }
        var primes = PrimeImplicants(minterms, n);
        var chosen = Cover(minterms, primes, n, searchLimit, out exact);
        // Fewest literals first, then by the rows' bits, so the same table always prints the same way.
        chosen.Sort((a, b) => Literals(a, n) != Literals(b, n) ? Literals(a, n).CompareTo(Literals(b, n))
            : a.Value != b.Value ? b.Value.CompareTo(a.Value) : b.Mask.CompareTo(a.Mask));
        var terms = new List<IReadOnlyList<Literal>>();
        foreach (var (value, mask) in chosen)
        {
            var term = new List<Literal>();
            for (int v = 0; v < n; v++)
            {
                int bit = 1 << (n - 1 - v);   // row bits: X1 is the highest
                if ((mask & bit) == 0)
                    term.Add(new Literal(v + 1, (value & bit) == 0));
            }
            if (term.Count == 0)
                return SumOfProducts.True(n, names);
            terms.Add(term);
        }
        return new SumOfProducts(terms, names ?? SumOfProducts.DefaultNames(n));
    }

    /// <summary>
    /// The prime implicants of the true rows, each as (value, mask): mask bits are the variables left out, value the
    /// others' bits. Pairs differing in one bit merge until nothing merges.
    /// </summary>
    public static List<(int Value, int Mask)> PrimeImplicants(IReadOnlyList<int> minterms, int variables)
    {
        ArgumentNullException.ThrowIfNull(minterms);
        var primes = new List<(int, int)>();
        var current = new HashSet<(int Value, int Mask)>();
        foreach (int m in minterms)
            current.Add((m, 0));
        while (current.Count > 0)
        {
            var next = new HashSet<(int, int)>();
            var merged = new HashSet<(int, int)>();
            foreach (var (value, mask) in current)
            {
                for (int bit = 0; bit < variables; bit++)
                {
                    int b = 1 << bit;
                    if ((mask & b) != 0 || (value & b) != 0)
                        continue;
                    if (current.Contains((value | b, mask)))
                    {
                        next.Add((value, mask | b));
                        merged.Add((value, mask));
                        merged.Add((value | b, mask));
                    }
                }
            }
            foreach (var implicant in current)
            {
                if (!merged.Contains(implicant))
                    primes.Add(implicant);
            }
            current = next;
        }
        primes.Sort();
        return primes;
    }

    private static List<(int Value, int Mask)> Cover(List<int> minterms, List<(int Value, int Mask)> primes, int variables, int limit,
        out bool exact)
    {
        // For each minterm, the primes that cover it.
        var covering = new List<int>[minterms.Count];
        var covers = new List<int>[primes.Count];
        for (int p = 0; p < primes.Count; p++)
            covers[p] = [];
        for (int m = 0; m < minterms.Count; m++)
        {
            covering[m] = [];
            for (int p = 0; p < primes.Count; p++)
            {
                if ((minterms[m] & ~primes[p].Mask) == primes[p].Value)
                {
                    covering[m].Add(p);
                    covers[p].Add(m);
                }
            }
        }
        var search = new CoverSearch(covering, covers, [.. primes.Select(p => Literals(p, variables))], limit);
        search.Run(new int[minterms.Count], [], 0);
        exact = !search.Stopped;
        return [.. search.Best!.Select(p => primes[p])];
    }

    private static int Literals((int Value, int Mask) implicant, int variables) => variables - BitOperations.PopCount((uint)implicant.Mask);

    private sealed class CoverSearch(List<int>[] covering, List<int>[] covers, int[] literals, int limit)
    {
        private readonly bool[] blocked = new bool[covers.Length];
        private int nodes;

        // Uncovered minterms that share no prime each need a prime of their own: a greedy set of them bounds the primes
        // still needed from below.
        private int LowerBound(int[] coverCount)
        {
            Array.Clear(blocked);
            int bound = 0;
            for (int m = 0; m < coverCount.Length; m++)
            {
                if (coverCount[m] != 0)
                    continue;
                bool independent = true;
                foreach (int p in covering[m])
                    independent &= !blocked[p];
                if (!independent)
                    continue;
                bound++;
                foreach (int p in covering[m])
                    blocked[p] = true;
            }
            return bound;
        }

        public List<int>? Best { get; private set; }

        private int bestLiterals = int.MaxValue;

        public bool Stopped { get; private set; }

        // coverCount[m]: how many chosen primes cover minterm m.
        public void Run(int[] coverCount, List<int> chosen, int chosenLiterals)
        {
            if (++nodes > limit && Best is not null)
            {
                Stopped = true;
                return;
            }
            int pick = -1;
            for (int m = 0; m < coverCount.Length; m++)
            {
                if (coverCount[m] == 0 && (pick < 0 || covering[m].Count < covering[pick].Count))
                    pick = m;
            }
            if (pick < 0)
            {
                if (Best is null || chosen.Count < Best.Count || chosen.Count == Best.Count && chosenLiterals < bestLiterals)
                {
                    Best = [.. chosen];
                    bestLiterals = chosenLiterals;
                }
                return;
            }
            if (Best is not null && chosen.Count + LowerBound(coverCount) > Best.Count)
                return;
            // Try the primes that cover the most still-uncovered minterms first.
            var options = covering[pick].OrderByDescending(p => covers[p].Count(m => coverCount[m] == 0)).ThenBy(p => literals[p]).ToList();
            foreach (int p in options)
            {
                foreach (int m in covers[p])
                    coverCount[m]++;
                chosen.Add(p);
                Run(coverCount, chosen, chosenLiterals + literals[p]);
                chosen.RemoveAt(chosen.Count - 1);
                foreach (int m in covers[p])
                    coverCount[m]--;
                if (Stopped)
                    return;
            }
        }
    }
}
