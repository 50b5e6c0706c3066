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
    /// <summary>Creates the function from its terms.</summary>
    /// <exception cref="ArgumentException">A term is empty or names a variable below 1.</exception>
    public SumOfProducts(IReadOnlyList<IReadOnlyList<Literal>> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        foreach (var term in terms)
        {
            if (term.Count == 0)
            {
                throw new ArgumentException("A term needs at least one literal.", nameof(terms));
            }
            foreach (var literal in term)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(literal.Variable, 1, nameof(terms));
                Variables = Math.Max(Variables, literal.Variable);
            }
        }
        Terms = terms;
    }

    /// <summary>The terms (products of literals); the function is their OR.</summary>
    public IReadOnlyList<IReadOnlyList<Literal>> Terms { get; }

    /// <summary>The highest variable number used (0 for the constant 0).</summary>
    public int Variables { get; }

    /// <summary>The function's value for one assignment; <paramref name="x"/>[n - 1] is X_n.</summary>
    /// <exception cref="ArgumentException">Fewer values than <see cref="Variables"/>.</exception>
    public bool Evaluate(ReadOnlySpan<bool> x)
    {
        if (x.Length < Variables)
        {
            throw new ArgumentException($"{x.Length} values given; the function uses X1..X{Variables}.", nameof(x));
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
    public static SumOfProducts FromTruthTable(TruthTable table)
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
        return new SumOfProducts(terms);
    }

    /// <summary>
    /// Parses a sum of products: variables <c>X1</c>, <c>X2</c>, ... (x or X), a postfix <c>'</c> for NOT (repeatable),
    /// juxtaposition or <c>*</c> for AND, <c>+</c> for OR; spaces anywhere.
    /// </summary>
    /// <exception cref="ExpressionException">The text is not a sum of products; the error carries the 1-based column.</exception>
    public static SumOfProducts Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<IReadOnlyList<Literal>>();
        var term = new List<Literal>();
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
            if (c is 'X' or 'x')
            {
                int start = i++;
                int digits = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                if (i == digits)
                {
                    throw new ExpressionException($"'{c}' must be followed by a variable number, as in X1", text, digits);
                }
                if (!int.TryParse(text.AsSpan(digits, i - digits), out int variable) || variable < 1)
                {
                    throw new ExpressionException($"variables are numbered from 1: '{text[start..i]}'", text, start);
                }
                bool negated = false;
                while (i < text.Length && text[i] == '\'')
                {
                    negated = !negated;
                    i++;
                }
                term.Add(new Literal(variable, negated));
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
                string expected = expectLiteral ? "a variable such as X1" : "a variable, ', * or +";
                throw new ExpressionException($"unexpected '{c}'; expected {expected}", text, i);
            }
        }
        if (expectLiteral)
        {
            throw new ExpressionException(text.Trim().Length == 0 ? "the expression is empty" : "the expression ends without a variable",
                text, text.Length);
        }
        terms.Add(term);
        return new SumOfProducts(terms);
    }

    /// <summary>The notes' notation, <c>X1 X2' + X3</c>; <c>0</c> for no terms.</summary>
    public override string ToString()
    {
        if (Terms.Count == 0)
        {
            return "0";
        }
        var text = new StringBuilder();
        foreach (var term in Terms)
        {
            if (text.Length > 0)
            {
                text.Append(" + ");
            }
            text.AppendJoin(' ', term);
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
