using Backprop.Data;

namespace Backprop.Tests.Data;

public class TabularDataTests
{
    private static CsvTable Parse(string text) => CsvReader.Parse(new StringReader(text), "t.csv");

    private static TabularData Load(string text, string label, TaskKind? task = null) =>
        TabularData.FromTable(Parse(text), label, task);

    [Fact]
    public void Iris_loads_150_rows_4_features_3_classes()
    {
        var d = TabularData.FromTable(CsvReader.Read(BundledData.ResolvePath("iris")), "species");
        Assert.Equal(TaskKind.Classification, d.Task);
        Assert.True(d.IsClassification);
        Assert.Equal(150, d.Rows);
        Assert.Equal(4, d.FeatureCount);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], d.FeatureNames);
        Assert.Equal("species", d.LabelName);
        Assert.Equal(["setosa", "versicolor", "virginica"], d.Classes);
        Assert.Equal(600, d.Features.Length);
        Assert.Equal([5.1, 3.5, 1.4, 0.2], d.Features[..4]);
        Assert.Equal([50, 50, 50], d.ClassIndex.GroupBy(k => k).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Null(d.Targets);
    }

    [Fact]
    public void Digits_loads_1797_by_64_with_10_numeric_classes()
    {
        var d = TabularData.FromTable(CsvReader.Read(BundledData.ResolvePath("digits")), "digit");
        Assert.True(d.IsClassification);
        Assert.Equal(1797, d.Rows);
        Assert.Equal(64, d.FeatureCount);
        Assert.Equal(1797 * 64, d.Features.Length);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], d.Classes);
    }

    [Fact]
    public void Xor_is_classification_with_two_classes()
    {
        var d = TabularData.FromTable(CsvReader.Read(BundledData.ResolvePath("xor")), "y");
        Assert.True(d.IsClassification);
        Assert.Equal(["0", "1"], d.Classes);
        Assert.Equal([0, 1, 1, 0], d.ClassIndex);
        Assert.Equal([0.0, 0, 0, 1, 1, 0, 1, 1], d.Features);
    }

    [Fact]
    public void Label_column_in_the_middle()
    {
        var d = Load("x1,label,x2\n1,cat,2\n3,dog,4\n5,cat,6\n", "label");
        Assert.True(d.IsClassification);
        Assert.Equal(["x1", "x2"], d.FeatureNames);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], d.Features);
        Assert.Equal(["cat", "dog"], d.Classes);
        Assert.Equal([0, 1, 0], d.ClassIndex);
    }

    [Fact]
    public void String_classes_sort_ordinally_and_numeric_classes_numerically()
    {
        var text = Load("x,y\n1,b\n2,a\n3,B\n", "y");
        Assert.True(text.IsClassification);
        Assert.Equal(["B", "a", "b"], text.Classes);
        var numeric = Load("x,y\n1,10\n2,2\n3,-1\n4,2\n", "y");
        Assert.True(numeric.IsClassification);
        Assert.Equal(["-1", "2", "10"], numeric.Classes);
        Assert.Equal([2, 1, 0, 1], numeric.ClassIndex);
    }

    [Fact]
    public void Task_detection()
    {
        Assert.Equal(TaskKind.Classification, TabularData.DetectTask(Parse("x,y\n1,a\n2,3.5\n"), "y"));
        Assert.Equal(TaskKind.Classification, TabularData.DetectTask(Parse("x,y\n1,0\n2,1\n3,1\n"), "y"));
        Assert.Equal(TaskKind.Regression, TabularData.DetectTask(Parse("x,y\n1,0.5\n2,1\n"), "y"));
        string twentyOne = "x,y\n" + string.Concat(Enumerable.Range(0, 21).Select(i => $"{i},{i}\n"));
        string twenty = "x,y\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i}\n"));
        Assert.Equal(TaskKind.Regression, TabularData.DetectTask(Parse(twentyOne), "y"));
        Assert.Equal(TaskKind.Classification, TabularData.DetectTask(Parse(twenty), "y"));
    }

    [Fact]
    public void Regression_targets()
    {
        var d = Load("x,y\n1,0.5\n2,-1.25e1\n", "y");
        Assert.Equal(TaskKind.Regression, d.Task);
        Assert.False(d.IsClassification);
        Assert.Equal([0.5, -12.5], d.Targets);
        Assert.Null(d.Classes);
        Assert.Null(d.ClassIndex);
    }

    [Fact]
    public void Forced_regression_rejects_a_text_label()
    {
        var e = Assert.Throws<DataException>(() => Load("x,y\n1,2\n3,abc\n", "y", TaskKind.Regression));
        Assert.Equal("t.csv:3:2: 'abc' is not a number (column 'y')", e.Message);
    }

    [Fact]
    public void Forced_classification_of_numbers()
    {
        var d = Load("x,y\n1,0.5\n2,1.5\n3,0.5\n", "y", TaskKind.Classification);
        Assert.True(d.IsClassification);
        Assert.Equal(["0.5", "1.5"], d.Classes);
    }

    [Fact]
    public void Non_numeric_feature_names_file_line_column_and_column_name()
    {
        var e = Assert.Throws<DataException>(() => Load("a,b,c\n1,2,x\n4,abc,y\n", "c"));
        Assert.Equal("t.csv", e.File);
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("t.csv:3:2: 'abc' is not a number (column 'b')", e.Message);
    }

    [Fact]
    public void Comma_decimal_gets_a_hint()
    {
        var t = CsvReader.Parse(new StringReader("a;b\n1,5;x\n"), "t.csv", ';');
        var e = Assert.Throws<DataException>(() => TabularData.FromTable(t, "b"));
        Assert.Contains("use '.' as the decimal point", e.Message);
    }

    [Theory]
    [InlineData("a,b\n1,x\n,y\n", 3, 1, "missing value")]
    [InlineData("a,b\n1,x\nNaN,y\n", 3, 1, "'NaN' is not a finite number")]
    [InlineData("a,b\n1,x\n-Infinity,y\n", 3, 1, "not a finite number")]
    [InlineData("a,b\n1e999,x\n", 2, 1, "not a finite number")]
    [InlineData("a,b\n1,x\n-1e200,y\n", 3, 1, "too large to standardise")]
    [InlineData("a,b\n1,x\n2,\n", 3, 2, "missing label")]
    public void Invalid_values(string text, int line, int column, string detail)
    {
        var e = Assert.Throws<DataException>(() => Load(text, "b"));
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(detail, e.Message);
    }

    [Fact]
    public void Regression_target_must_be_finite()
    {
        var e = Assert.Throws<DataException>(() => Load("a,b\n1,0.5\n2,NaN\n", "b", TaskKind.Regression));
        Assert.Equal((3, 2), (e.Line, e.Column));
        Assert.Contains("column 'b'", e.Message);
    }

    [Fact]
    public void Long_bad_value_is_shortened_in_the_message()
    {
        string junk = new('z', 5000);
        var e = Assert.Throws<DataException>(() => Load($"a,b\n{junk},x\n", "b"));
        Assert.True(e.Message.Length < 200, e.Message);
        Assert.Contains("5000 characters", e.Message);
    }

    [Fact]
    public void Missing_label_column_lists_the_columns()
    {
        var e = Assert.Throws<DataException>(() => Load("a,b\n1,2\n", "label"));
        Assert.Contains("'label'", e.Message);
        Assert.Contains("'a', 'b'", e.Message);
    }

    [Fact]
    public void Label_only_table_has_no_features()
    {
        var e = Assert.Throws<DataException>(() => Load("y\n1\n", "y"));
        Assert.Contains("no feature columns", e.Message);
    }

    [Fact]
    public void Features_for_prediction_are_picked_by_name()
    {
        var t = Parse("extra,b,a\nq,2,1\nr,4,3\n");
        Assert.Equal([1.0, 2, 3, 4], TabularData.ReadFeatures(t, ["a", "b"]));
        var e = Assert.Throws<DataException>(() => TabularData.ReadFeatures(t, ["a", "c"]));
        Assert.Equal(1, e.Line);
        Assert.Contains("missing feature column 'c'", e.Message);
        var bad = Assert.Throws<DataException>(() => TabularData.ReadFeatures(t, ["extra"]));
        Assert.Equal((2, 1), (bad.Line, bad.Column));
        Assert.Throws<ArgumentException>(() => TabularData.ReadFeatures(t, []));
        Assert.Throws<ArgumentException>(() => TabularData.ReadFeatures(t, ["a", "a"]));
    }

    [Fact]
    public void Labels_for_evaluation_map_to_the_model_classes()
    {
        var t = Parse("x,y\n1,dog\n2,cat\n3,bird\n");
        Assert.Equal([1, 0], TabularData.ReadClassIndex(Parse("x,y\n1,dog\n2,cat\n"), "y", ["cat", "dog"]));
        var e = Assert.Throws<DataException>(() => TabularData.ReadClassIndex(t, "y", ["cat", "dog"]));
        Assert.Equal((4, 2), (e.Line, e.Column));
        Assert.Contains("'bird' is not a known class", e.Message);
        Assert.Equal([1.0, 2, 3], TabularData.ReadTargets(t, "x"));
    }
}
