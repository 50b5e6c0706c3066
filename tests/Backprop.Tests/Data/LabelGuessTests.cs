using Backprop.Data;
using Backprop.Persistence;

namespace Backprop.Tests.Data;

public class LabelGuessTests
{
    private static CsvTable Parse(string text) => CsvReader.Parse(new StringReader(text), "t.csv");

    private static string Rows(int n, Func<int, string> row) => string.Join('\n', Enumerable.Range(0, n).Select(row)) + "\n";

    [Fact]
    public void A_column_named_like_a_label_is_likelier_than_the_last()
    {
        var table = Parse("id,diagnosis,radius\n" + Rows(30, i => $"{i},{(i % 2 == 0 ? "M" : "B")},{10 + i * 0.3}"));
        Assert.Equal("diagnosis", LabelGuess.Likelier(table, "radius"));
    }

    [Fact]
    public void A_first_column_of_classes_is_likelier_than_a_measurement_last()
    {
        Assert.Equal("sick", LabelGuess.Likelier(Parse("sick,age,weight\n" + Rows(30, i => $"{i % 2},{20 + i},{50 + i * 1.37}")), "weight"));
        Assert.Equal("kind", LabelGuess.Likelier(Parse("kind,a,b\n" + Rows(30, i => $"{(i % 3 == 0 ? "x" : "y")},{i},{i * 0.5}")), "b"));
    }

    [Fact]
    public void No_hint_when_the_chosen_column_is_a_class_or_named_so()
    {
        // The last column holds classes itself.
        Assert.Null(LabelGuess.Likelier(Parse("sick,age,kind\n" + Rows(30, i => $"{i % 2},{20 + i},{(i % 2 == 0 ? "x" : "y")}")), "kind"));
        // The chosen column is named like a label.
        Assert.Null(LabelGuess.Likelier(Parse("sick,age,target\n" + Rows(30, i => $"{i % 2},{20 + i},{i * 1.5}")), "target"));
        // A first column of many distinct values is a feature, not a label.
        Assert.Null(LabelGuess.Likelier(Parse("a,b,c\n" + Rows(30, i => $"{i * 0.7},{i},{i * 1.5}")), "c"));
        // A constant first column is not a label.
        Assert.Null(LabelGuess.Likelier(Parse("a,b,c\n" + Rows(30, i => $"1,{i},{i * 1.5}")), "c"));
    }

    [Theory]
    [InlineData("Label", true)]
    [InlineData(" y ", true)]
    [InlineData("Species", true)]
    [InlineData("price", false)]
    public void Label_names_match_in_any_case(string name, bool expected) => Assert.Equal(expected, LabelGuess.IsLabelName(name));

    [Fact]
    public void Model_and_checkpoint_files_are_recognised_by_their_magic_number()
    {
        string dir = Directory.CreateTempSubdirectory("backprop-magic").FullName;
        try
        {
            string csv = Path.Combine(dir, "a.csv"), model = Path.Combine(dir, "m.bpmodel"), shortFile = Path.Combine(dir, "s");
            File.WriteAllText(csv, "a,b\n1,2\n");
            File.WriteAllBytes(model, "BPMODEL\x1A rest of a model"u8.ToArray());
            File.WriteAllBytes(shortFile, "BPMO"u8.ToArray());
            Assert.True(ModelFile.IsModelFile(model));
            Assert.False(ModelFile.IsModelFile(csv));
            Assert.False(ModelFile.IsModelFile(shortFile));
            Assert.False(ModelFile.IsModelFile(Path.Combine(dir, "missing")));
            Assert.False(CheckpointFile.IsCheckpointFile(model));
            File.WriteAllBytes(model, "BPCHECK\x1A"u8.ToArray());
            Assert.True(CheckpointFile.IsCheckpointFile(model));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
