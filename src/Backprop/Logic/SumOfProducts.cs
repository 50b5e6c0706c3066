using System.Text;

namespace Backprop.Logic;

/// <summary>A variable X_n or its negation X_n' in a product term.</summary>
/// <param name="Variable">The 1-based variable number n.</param>
/// <param name="Negated">True for X_n' (NOT X_n).</param>
public readonly record struct Literal(int Variable, bool Negated)
{
    /// <summary><c>X3</c> or <c>X3'</c>.</summary>
    public override string ToString() => $"X{Variable}{(Negated ? "'" : "")}";
}

/// <summary>
/// A Boolean function in disjunctive normal form: an OR of terms, each an AND of literals, e.g. <c>X1 X2' + X3</c>.
/// No terms is the constant 0. Written as in the notes: X1..Xn, ' for NOT, juxtaposition or * for AND, + for OR.
/// </summary>
public sealed class SumOfProducts
{
    /// <summary>Creates the function from its terms, over X1..Xn (n the highest variable used).</summary>
    /// <exception cref="ArgumentException">A term is empty or names a variable below 1.</exception>
    public SumOfProducts(IReadOnlyList<IReadOnlyList<Literal>> terms) : this(terms, null)
    {
    }

    /// <summary>
    /// Creates the function from its terms over the variables <paramref name="names"/> (literal n is names[n - 1]);
    /// null names them X1..Xn.
    /// </summary>
    /// <exception cref="ArgumentException">A term is empty, names a variable below 1 or past the names, or a name repeats.</exception>
    public SumOfProducts(IReadOnlyList<IReadOnlyList<Literal>> terms, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(terms);
        int highest = 0;
        foreach (var term in terms)
        {
            if (term.Count == 0)
            {
                throw new ArgumentException("A term needs at least one literal.", nameof(terms));
            }
            foreach (var literal in term)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(literal.Variable, 1, nameof(terms));
                highest = Math.Max(highest, literal.Variable);
            }
        }
        if (names is not null)
        {
            if (highest > names.Count)
                throw new ArgumentException($"A term uses variable {highest}, but only {names.Count} names are given.", nameof(names));
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
                throw new ArgumentException($"Variable names repeat: {string.Join(", ", names)}.", nameof(names));
        }
        Names = names ?? DefaultNames(highest);
        Variables = Names.Count;
        Terms = terms;
    }

    /// <summary>The terms (products of literals); the function is their OR.</summary>
    public IReadOnlyList<IReadOnlyList<Literal>> Terms { get; }

    /// <summary>How many variables the function is over (0 for the constant 0 without names).</summary>
    public int Variables { get; }

    /// <summary>The variables' names, in input order: X1..Xn, or those the expression used (W, X, Y, Z ...).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>X1..X<paramref name="count"/>.</summary>
    public static IReadOnlyList<string> DefaultNames(int count) => [.. Enumerable.Range(1, count).Select(v => $"X{v}")];

    /// <summary>The constant 1 over <paramref name="variables"/> variables, written as the first variable OR its negation.</summary>
    public static SumOfProducts True(int variables, IReadOnlyList<string>? names = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        return new SumOfProducts([[new Literal(1, false)], [new Literal(1, true)]], names ?? DefaultNames(variables));
    }

    /// <summary>
    /// The same function over <paramref name="names"/>, which must hold every name this one uses (in any order):
    /// literals are renumbered to their place there. Two expressions over different variables compare this way.
    /// </summary>
    public SumOfProducts Over(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
            index[names[i]] = i + 1;
        var terms = new List<IReadOnlyList<Literal>>();
        foreach (var term in Terms)
        {
            var renamed = new List<Literal>();
            foreach (var literal in term)
            {
                string name = Names[literal.Variable - 1];
                if (!index.TryGetValue(name, out int v))
                    throw new ArgumentException($"Variable {name} is not among {string.Join(", ", names)}.", nameof(names));
                renamed.Add(new Literal(v, literal.Negated));
            }
            terms.Add(renamed);
        }
        return new SumOfProducts(terms, names);
    }

    /// <summary>One term in the function's names, e.g. <c>W' X Y'</c>.</summary>
    public string Term(int index) => string.Join(' ', Terms[index].Select(l => Names[l.Variable - 1] + (l.Negated ? "'" : "")));

    /// <summary>The function's value for one assignment; <paramref name="x"/>[n - 1] is X_n.</summary>
    /// <exception cref="ArgumentException">Fewer values than <see cref="Variables"/>.</exception>
    public bool Evaluate(ReadOnlySpan<bool> x)
    {
        if (x.Length < Variables)
        {
            throw new ArgumentException($"{x.Length} values given; the function is over {string.Join(", ", Names)}.", nameof(x));
        }
        foreach (var term in Terms)
        {
            bool all = true;
            foreach (var literal in term)
            {
                all &= x[literal.Variable - 1] != literal.Negated;
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One term per true row of <paramref name="table"/> (the notes' construction, not minimised): the row
    /// 0 1 1 gives X1' X2 X3.
    /// </summary>
    public static SumOfProducts FromTruthTable(TruthTable table, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var terms = new List<IReadOnlyList<Literal>>();
        for (int row = 0; row < table.Rows; row++)
        {
            if (table[row])
            {
                terms.Add([.. table.Assignment(row).Select((value, i) => new Literal(i + 1, !value))]);
            }
        }
        return new SumOfProducts(terms, names ?? DefaultNames(table.Variables));
    }

    /// <summary>
    /// Parses a sum of products. A variable is a letter followed by optional digits (<c>X1</c>, <c>X12</c>, <c>W</c>,
    /// <c>Y</c>; letters are read as capitals), so <c>W'XY'</c> is W' X Y', or a capitalised word (<c>Rain</c>,
    /// <c>Alpha2</c>), so <c>Rain Wind'</c> is Rain AND NOT Wind. A postfix <c>'</c> is NOT (repeatable),
    /// juxtaposition or <c>*</c> is AND, <c>+</c> is OR; spaces anywhere. When every variable is X with a number, they
    /// are X1..Xn by number (unused ones included); otherwise the variables are the names used, sorted by letter,
    /// then number.
    /// </summary>
    public static SumOfProducts Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<List<(string Name, bool Negated)>>();
        var term = new List<(string, bool)>();
        int i = 0;
        bool expectLiteral = true;   // at the start, after '+' and after '*'
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                break;
            }
            char c = text[i];
            if (char.IsAsciiLetter(c))
            {
                int start = i++;
                // A capital followed by small letters is one word (Rain, Alpha); other letters stand alone (W'XY').
                while (char.IsAsciiLetterUpper(c) && i < text.Length && char.IsAsciiLetterLower(text[i]))
                {
                    i++;
                }
                int digits = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                string name = char.ToUpperInvariant(c) + text[(start + 1)..i];
                if (i > digits && (!int.TryParse(text.AsSpan(digits, i - digits), out int number) || number < 1))
                {
                    throw new ExpressionException($"variables are numbered from 1: '{text[start..i]}'", text, start);
                }
                bool negated = false;
                while (i < text.Length && text[i] == '\'')
                {
                    negated = !negated;
                    i++;
                }
                term.Add((name, negated));
                expectLiteral = false;
            }
            else if (c is '+' or '*' && !expectLiteral)
            {
                if (c == '+')
                {
                    terms.Add(term);
                    term = [];
                }
                expectLiteral = true;
                i++;
            }
            else
            {
                string expected = expectLiteral ? "a variable such as X1 or W" : "a variable, ', * or +";
                throw new ExpressionException($"unexpected '{c}'; expected {expected}", text, i);
            }
        }
        if (expectLiteral)
        {
            throw new ExpressionException(text.Trim().Length == 0 ? "the expression is empty" : "the expression ends without a variable",
                text, text.Length);
        }
        terms.Add(term);
        var names = VariableNames(terms.SelectMany(t => t).Select(l => l.Name));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int v = 0; v < names.Count; v++)
            index[names[v]] = v + 1;
        return new SumOfProducts([.. terms.Select(t => (IReadOnlyList<Literal>)[.. t.Select(l => new Literal(index[l.Name], l.Negated))])], names);
    }

    /// <summary>
    /// The variables for a set of names: X1..Xn when all are X with a number, else the names sorted by their letters, then
    /// number.
    /// </summary>
    public static IReadOnlyList<string> VariableNames(IEnumerable<string> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        var distinct = used.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 0 && distinct.All(n => n.Length > 1 && Word(n) == "X"))
            return DefaultNames(distinct.Max(n => int.Parse(n.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)));
        return [.. distinct.OrderBy(Word, StringComparer.Ordinal).ThenBy(n => Word(n).Length == n.Length ? 0 : int.Parse(n.AsSpan(Word(n).Length), System.Globalization.CultureInfo.InvariantCulture))];
    }

    // A name without its number: "X" of X12, "Rain" of Rain2.
    private static string Word(string name) => name.TrimEnd("0123456789".ToCharArray());

    /// <summary>The notes' notation in the function's names, <c>X1 X2' + X3</c>; <c>0</c> for no terms.</summary>
    public override string ToString()
    {
        if (Terms.Count == 0)
        {
            return "0";
        }
        var text = new StringBuilder();
        for (int t = 0; t < Terms.Count; t++)
        {
            if (text.Length > 0)
            {
                text.Append(" + ");
            }
            text.Append(Term(t));
        }
        return text.ToString();
    }
}

/// <summary>A Boolean expression that cannot be parsed, with the 1-based column of the problem.</summary>
public sealed class ExpressionException : FormatException
{
    /// <summary>Creates the error for <paramref name="text"/> at the 0-based <paramref name="index"/>.</summary>
    public ExpressionException(string detail, string text, int index)
        : base($"column {index + 1}: {detail}")
    {
        Detail = detail;
        Text = text;
        Column = index + 1;
    }

    /// <summary>What is wrong, without the column.</summary>
    public string Detail { get; }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>The 1-based column of the problem (one past the end when the expression stops too early).</summary>
    public int Column { get; }
}
