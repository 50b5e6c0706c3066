using Backprop.Data;

namespace Backprop.Logic;

/// <summary>
/// A Boolean function of n variables as its 2^n outputs. Row r assigns the bits of r to X1..Xn with X1 the most
/// significant, so the rows run 00..0, 00..1, ..., 11..1 as in the notes' tables.
/// </summary>
public sealed class TruthTable
{
    /// <summary>The most variables a table may have (2^20 rows).</summary>
    public const int MaxVariables = 20;

    private readonly bool[] outputs;

    /// <summary>Creates a table from its 2^n outputs, row 0 first.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two of at most 2^<see cref="MaxVariables"/>.</exception>
    public TruthTable(bool[] outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        int n = int.Log2(Math.Max(outputs.Length, 1));
        if (outputs.Length < 2 || 1 << n != outputs.Length || n > MaxVariables)
        {
            throw new ArgumentException($"A truth table has 2^n rows for 1 <= n <= {MaxVariables}, not {outputs.Length}.", nameof(outputs));
        }
        this.outputs = outputs;
        Variables = n;
    }

    /// <summary>The number of variables n.</summary>
    public int Variables { get; }

    /// <summary>The number of rows, 2^n.</summary>
    public int Rows => outputs.Length;

    /// <summary>The output of row <paramref name="row"/>.</summary>
    public bool this[int row] => outputs[row];

    /// <summary>The values of X1..Xn in row <paramref name="row"/>.</summary>
    public bool[] Assignment(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        var x = new bool[Variables];
        for (int v = 0; v < Variables; v++)
        {
            x[v] = (row >> (Variables - 1 - v) & 1) == 1;
        }
        return x;
    }

    /// <summary>The table of <paramref name="function"/> over X1..X<paramref name="variables"/>.</summary>
    /// <exception cref="ArgumentException">The function uses more variables.</exception>
    public static TruthTable Of(SumOfProducts function, int variables)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (variables < function.Variables)
        {
            throw new ArgumentException($"The function uses X1..X{function.Variables}; {variables} variables are too few.", nameof(variables));
        }
        var outputs = new bool[1 << variables];
        var table = new TruthTable(outputs);
        for (int row = 0; row < outputs.Length; row++)
        {
            outputs[row] = function.Evaluate(table.Assignment(row));
        }
        return table;
    }

    /// <summary>
    /// The table a network computes: every row fed as 0/1 inputs at once, an output of at least 0.5 read as 1.
    /// </summary>
    /// <exception cref="ArgumentException">The network does not have one output.</exception>
    public static TruthTable Of(Network<double> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Outputs != 1)
        {
            throw new ArgumentException($"A Boolean function has one output; the network has {network.Outputs}.", nameof(network));
        }
        var table = new TruthTable(new bool[1 << network.Inputs]);
        var x = new double[table.Rows * table.Variables];
        for (int row = 0; row < table.Rows; row++)
        {
            var assignment = table.Assignment(row);
            for (int v = 0; v < table.Variables; v++)
            {
                x[row * table.Variables + v] = assignment[v] ? 1 : 0;
            }
        }
        var y = network.Forward(x, table.Rows);
        for (int row = 0; row < table.Rows; row++)
        {
            table.outputs[row] = y[row] >= 0.5;
        }
        return table;
    }

    /// <summary>
    /// Reads a table from CSV: a header, then rows of 0/1 cells, the last column the output. Rows left out are 0 (the
    /// notes list only the rows where the output is 1); a row given twice must agree with itself.
    /// </summary>
    /// <exception cref="DataException">A cell is not 0 or 1, a row contradicts an earlier one, or there are too many columns.</exception>
    public static TruthTable FromCsv(CsvTable csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        int n = csv.ColumnCount - 1;
        if (n < 1 || n > MaxVariables)
        {
            throw new DataException(csv.FileName, 1, null,
                $"a truth table has 1 to {MaxVariables} input columns and an output column; this file has {csv.ColumnCount} columns");
        }
        var outputs = new bool[1 << n];
        var seenOn = new int[1 << n];   // source line that set each row, 0 if none
        for (int r = 0; r < csv.RowCount; r++)
        {
            int row = 0;
            for (int c = 0; c < n; c++)
            {
                row = row << 1 | Bit(csv, r, c);
            }
            bool output = Bit(csv, r, n) == 1;
            int line = csv.SourceLine(r);
            if (seenOn[row] != 0 && outputs[row] != output)
            {
                throw new DataException(csv.FileName, line, n + 1,
                    $"this row's output contradicts line {seenOn[row]}, which has the same inputs");
            }
            outputs[row] = output;
            seenOn[row] = line;
        }
        return new TruthTable(outputs);
    }

    /// <summary>The rows where this table and <paramref name="other"/> differ.</summary>
    /// <exception cref="ArgumentException">The tables have different numbers of variables.</exception>
    public IReadOnlyList<int> Differences(TruthTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Variables != Variables)
        {
            throw new ArgumentException($"Tables of {Variables} and {other.Variables} variables cannot be compared.", nameof(other));
        }
        return [.. Enumerable.Range(0, Rows).Where(row => outputs[row] != other.outputs[row])];
    }

    private static int Bit(CsvTable csv, int row, int column) => csv.Cell(row, column) switch
    {
        "0" => 0,
        "1" => 1,
        var cell => throw new DataException(csv.FileName, csv.SourceLine(row), column + 1,
            $"{DataException.Quote(cell)} is not 0 or 1 (column {DataException.Quote(csv.Header[column])})"),
    };
}
