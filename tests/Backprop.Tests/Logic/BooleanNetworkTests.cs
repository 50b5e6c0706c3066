using Backprop.Data;
using Backprop.Layers;
using Backprop.Logic;

namespace Backprop.Tests.Logic;

/// <summary>Sum-of-products parsing, truth tables and the notes' one-hidden-layer threshold network.</summary>
public class BooleanNetworkTests
{
    // The notes' 5-input table: Y = 1 exactly on these rows (X1..X5).
    private const string NotesTable = "X1,X2,X3,X4,X5,Y\n0,0,1,1,0,1\n0,1,0,1,1,1\n0,1,1,0,0,1\n1,0,0,0,1,1\n1,0,1,1,1,1\n1,1,0,0,1,1\n";

    [Fact]
    public void NotesFiveInputFunctionNeedsSixHiddenUnitsAndMatchesAll32Rows()
    {
        var table = TruthTable.FromCsv(CsvReader.Parse(new StringReader(NotesTable), "notes.csv"));
        var function = SumOfProducts.FromTruthTable(table);
        var network = BooleanNetwork.Build(function, table.Variables);

        Assert.Equal(32, table.Rows);
        Assert.Equal(6, network.Layers[0].Outputs);
        Assert.Equal("X1' X2' X3 X4 X5' + X1' X2 X3' X4 X5 + X1' X2 X3 X4' X5' + X1 X2' X3' X4' X5 + X1 X2' X3 X4 X5 + X1 X2 X3' X4' X5",
            function.ToString());
        Assert.Empty(TruthTable.Of(network).Differences(table));
        int[] ones = [.. Enumerable.Range(0, 32).Where(r => table[r])];
        Assert.Equal([0b00110, 0b01011, 0b01100, 0b10001, 0b10111, 0b11001], ones);
    }

    [Fact]
    public void HiddenUnitWeightsAndThresholdsFollowTheNotesConstruction()
    {
        var network = BooleanNetwork.Build(SumOfProducts.Parse("X1 X2' + X3"), 3);
        var hidden = (Dense<double>)network.Layers[0];
        // w_jk at [k * 2 + j]: term 1 = X1 X2' -> (+1, -1, 0), bias 0.5 - 1; term 2 = X3 -> (0, 0, +1), bias 0.5 - 1.
        Assert.Equal([1.0, 0, -1, 0, 0, 1], hidden.Weights.ToArray());
        Assert.Equal([-0.5, -0.5], hidden.Biases.ToArray());
        var output = (Dense<double>)network.Layers[1];
        Assert.Equal([1.0, 1, -0.5], output.Parameters.ToArray());
    }

    [Theory]
    [InlineData("X1 X2' + X3", 3)]
    [InlineData("x1*x2*x3'", 3)]
    [InlineData("X1 X1'", 1)]
    [InlineData("X1 X1 + X2''", 2)]
    [InlineData("X1' X2 + X1 X2'", 2)]
    [InlineData("X2", 4)]
    public void NetworkAgreesWithTheExpressionOnEveryRow(string expression, int variables)
    {
        var function = SumOfProducts.Parse(expression);
        var network = BooleanNetwork.Build(function, variables);
        Assert.Empty(TruthTable.Of(network).Differences(TruthTable.Of(function, variables)));
    }

    [Fact]
    public void ConstantZeroGetsOneSilentHiddenUnit()
    {
        var table = new TruthTable(new bool[4]);
        var function = SumOfProducts.FromTruthTable(table);
        Assert.Equal("0", function.ToString());
        var network = BooleanNetwork.Build(function, 2);
        Assert.Equal(1, network.Layers[0].Outputs);
        Assert.Empty(TruthTable.Of(network).Differences(table));
    }

    [Fact]
    public void ParsesTheNotation()
    {
        var f = SumOfProducts.Parse("  X1 X2' +X3*x10 ");
        Assert.Equal(10, f.Variables);
        Assert.Equal("X1 X2' + X3 X10", f.ToString());
        Assert.Equal([new Literal(1, false), new Literal(2, true)], f.Terms[0]);
        Assert.True(f.Evaluate([true, false, false, false, false, false, false, false, false, false]));
        Assert.False(f.Evaluate([true, true, false, false, false, false, false, false, false, false]));
        Assert.Throws<ArgumentException>(() => f.Evaluate([true]));
    }

    [Fact]
    public void CapitalisedWordsAreVariablesAndLettersStillStandAlone()
    {
        // "Alpha Beta" was read as the letters A L P H A B E T A, case folded: 7 variables, no error.
        var f = SumOfProducts.Parse("Rain Wind' + Sun2 + W'XY'");
        Assert.Equal(["Rain", "Sun2", "W", "Wind", "X", "Y"], f.Names);
        Assert.Equal("Rain Wind' + Sun2 + W' X Y'", f.ToString());
        Assert.Equal(f.ToString(), SumOfProducts.Parse(f.ToString()).ToString());
        Assert.True(f.Evaluate([true, false, false, false, false, false]));   // Rain, not Wind
        Assert.False(f.Evaluate([true, false, false, true, false, false]));   // Rain and Wind
        Assert.Equal(["Alpha", "Beta", "Gamma"], SumOfProducts.Parse("Alpha Beta + Gamma").Names);
        Assert.Equal(["X", "Y"], SumOfProducts.Parse("xy").Names);
        Assert.Throws<ExpressionException>(() => SumOfProducts.Parse("Rain0"));
    }

    [Theory]
    [InlineData("X1 & X2", 4, "unexpected '&'")]
    [InlineData("X1 + + X2", 6, "expected a variable")]
    [InlineData("X1 +", 5, "ends without a variable")]
    [InlineData("", 1, "empty")]
    [InlineData("X0", 1, "numbered from 1")]
    [InlineData("X1 _", 4, "unexpected '_'")]
    [InlineData("X1 2", 4, "unexpected '2'")]
    [InlineData("'X1", 1, "unexpected '''")]
    [InlineData("* X1", 1, "unexpected '*'")]
    public void BadExpressionsNameTheColumn(string text, int column, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => SumOfProducts.Parse(text));
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"column {column}:", error.Message);
    }

    [Fact]
    public void BadTruthTablesNameLineAndColumn()
    {
        var notBit = Assert.Throws<DataException>(() => TruthTable.FromCsv(CsvReader.Parse(new StringReader("a,b,y\n0,1,1\n0,2,0\n"), "t.csv")));
        Assert.Equal(3, notBit.Line);
        Assert.Equal(2, notBit.Column);
        var contradiction = Assert.Throws<DataException>(() => TruthTable.FromCsv(CsvReader.Parse(new StringReader("a,y\n1,1\n1,0\n"), "t.csv")));
        Assert.Contains("line 2", contradiction.Message);
        Assert.Throws<DataException>(() => TruthTable.FromCsv(CsvReader.Parse(new StringReader("y\n1\n"), "t.csv")));
    }

    [Fact]
    public void PreconditionsThrow()
    {
        Assert.Throws<ArgumentException>(() => new TruthTable(new bool[3]));
        Assert.Throws<ArgumentException>(() => new TruthTable(new bool[1]));
        Assert.Throws<ArgumentException>(() => BooleanNetwork.Build(SumOfProducts.Parse("X3"), 2));
        Assert.Throws<ArgumentException>(() => TruthTable.Of(SumOfProducts.Parse("X3"), 2));
        Assert.Throws<ArgumentException>(() => new SumOfProducts([[]]));
        Assert.Throws<ArgumentException>(() => new TruthTable(new bool[4]).Differences(new TruthTable(new bool[2])));
        var twoOutputs = NetworkSpec.Input(2).Dense(2, Backprop.Activations.Activation.Step).Build<double>();
        Assert.Throws<ArgumentException>(() => TruthTable.Of(twoOutputs));
    }
}
