using Backprop.Data;
using Backprop.Persistence;
using Backprop.Tabular;
using Backprop.Training;

namespace Backprop.Tests.Tabular;

public class TabularModelTests
{
    private static CsvTable Parse(string text, char? separator = null) => CsvReader.Parse(new StringReader(text), "t.csv", separator);

    // 80 rows: a numeric column with gaps in every spelling, a categorical one with gaps, an ID column; the class is
    // decided by the category (red = yes) so a fitted model must have read the categories.
    private static string Mixed()
    {
        string[] missing = ["", "NA", "na", "NaN", "?", "null", "NULL", "None", "N/A"];
        var text = new System.Text.StringBuilder("id,size,color,label\n");
        for (int i = 0; i < 80; i++)
        {
            string size = i % 10 == 3 ? missing[i / 10 % missing.Length] : (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string color = i % 13 == 5 ? "?" : (i % 3) switch { 0 => "red", 1 => "green", _ => "blue" };
            string label = color == "red" ? (i % 2 == 0 ? "1" : "1.0") : "0";
            text.Append($"row-{i},{size},{color},{label}\n");
        }
        return text.ToString();
    }

    [Fact]
    public void ColumnsAreTypedImputedFromTheTrainingPartAndTheIdColumnIsLeftOut()
    {
        TabularFit fit = TabularModel.Fit(Parse(Mixed()), "label", new TabularOptions { Training = new TrainingOptions { Epochs = 5 } });
        Schema schema = fit.Model.Schema;
        Assert.Equal(["size", "color"], schema.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Numeric, schema.Columns[0].Kind);
        Assert.Equal(ColumnKind.Categorical, schema.Columns[1].Kind);
        Assert.Equal(["blue", "green", "red"], schema.Columns[1].Categories);
        Assert.Equal(["size", "color=blue", "color=green", "color=red"], schema.FeatureNames);
        Assert.NotNull(schema.Columns[0].NumericFill);
        Assert.NotNull(schema.Columns[1].CategoryFill);
        Assert.Contains(fit.Notes, n => n.Contains("'id' left out") && n.Contains("ID"));
        // Labels by value: "1" and "1.0" are one class.
        Assert.Equal(["0", "1"], schema.Classes);
    }

    [Fact]
    public void EveryMissingSpellingIsMissing()
    {
        foreach (string cell in new[] { "", "NA", "na", "N/A", "NaN", "nan", "?", "null", "Null", "None", "NONE" })
            Assert.True(MissingValues.IsMissing(cell), cell);
        foreach (string cell in new[] { "0", "N", "A", "none1", "-", "n/a/" })
            Assert.False(MissingValues.IsMissing(cell), cell);
    }

    [Fact]
    public void TheMedianFillsANumericGapAndTheMostFrequentCategoryAFilledOne()
    {
        // Training part = every row (test fraction 0): median of 1, 2, 10 is 2; most frequent of a, a, b is a.
        string text = "x,c,y\n1,a,p\n2,a,q\n10,b,p\nNA,?,q\n";
        var options = new TabularOptions { TestFraction = 0, ValidationFraction = 0, Training = new TrainingOptions { Epochs = 1 } };
        Schema schema = TabularModel.Fit(Parse(text), "y", options).Model.Schema;
        Assert.Equal(2.0, schema.Columns[0].NumericFill);
        Assert.Equal("a", schema.Columns[1].CategoryFill);
        Assert.Equal([2.0, 1, 0], schema.Encode(new Dictionary<string, string> { ["x"] = "NA", ["c"] = "" }));
        // An unseen category sets no category input; it is not an error.
        Assert.Equal([5.0, 0, 0], schema.Encode(new Dictionary<string, string> { ["x"] = "5", ["c"] = "zebra" }));
    }

    [Fact]
    public void MissingIndicatorsAddAnInputForColumnsWithGaps()
    {
        string text = "x,z,y\n1,1,p\n2,2,q\nNA,3,p\n4,4,q\n";
        var options = new TabularOptions { TestFraction = 0, MissingIndicators = true, Training = new TrainingOptions { Epochs = 1 } };
        Schema schema = TabularModel.Fit(Parse(text), "y", options).Model.Schema;
        Assert.Equal(["x", "x (missing)", "z"], schema.FeatureNames);
        Assert.Equal([2.0, 1, 3], schema.Encode(new Dictionary<string, string> { ["x"] = "", ["z"] = "3" }));
        // Indicators are 0/1 inputs: left unscaled.
        Assert.Equal(0, schema.Scaler.Mean[1]);
        Assert.Equal(1, schema.Scaler.Scale[1]);
    }

    [Fact]
    public void DropMissingDropsIncompleteRowsAndRowsWithoutALabelAreLeftOut()
    {
        string text = "x,y\n1,a\nNA,b\n3,\n4,b\n5,a\n";
        var options = new TabularOptions { DropMissing = true, Training = new TrainingOptions { Epochs = 1 } };
        TabularFit fit = TabularModel.Fit(Parse(text), "y", options);
        Assert.Equal(3, fit.Model.Training!.TrainRows);
        Assert.Contains(fit.Notes, n => n.Contains("1 row without a label"));
        Assert.Contains(fit.Notes, n => n.Contains("1 row with a missing value dropped"));
    }

    [Fact]
    public void FeaturesAndIgnoreChooseColumnsAndUnknownNamesAreErrors()
    {
        string text = "a,b,c,y\n1,2,3,p\n2,3,4,q\n3,4,5,p\n";
        var one = new TabularOptions { Features = ["b"], TestFraction = 0, Training = new TrainingOptions { Epochs = 1 } };
        Assert.Equal(["b"], TabularModel.Fit(Parse(text), "y", one).Model.Schema.FeatureNames);
        var ignore = one with { Features = null, Ignore = ["a", "c"] };
        Assert.Equal(["b"], TabularModel.Fit(Parse(text), "y", ignore).Model.Schema.FeatureNames);
        var e = Assert.Throws<DataException>(() => TabularModel.Fit(Parse(text), "y", one with { Features = ["nope"] }));
        Assert.Contains("no column named 'nope'", e.Message);
    }

    [Fact]
    public void TinyTablesTrainOnEveryRowAndSaySo()
    {
        TabularFit fit = TabularModel.Fit(CsvReader.Read(BundledData.ResolvePath("xor")), "y");
        Assert.Equal(4, fit.Model.Training!.TrainRows);
        Assert.Equal(0, fit.Model.Training.TestRows);
        Assert.Contains(fit.Notes, n => n.Contains("too few to hold a test part out"));
        Assert.Contains(fit.Notes, n => n.Contains("no validation part"));
    }

    [Fact]
    public void XorReachesFullTrainingAccuracyWithTheDefaultsOnSeedsZeroToNine()
    {
        CsvTable table = CsvReader.Read(BundledData.ResolvePath("xor"));
        for (int seed = 0; seed < 10; seed++)
        {
            TabularFit fit = TabularModel.Fit(table, "y", new TabularOptions { Seed = seed });
            Assert.True(fit.TrainClassification!.Accuracy == 1, $"seed {seed}: accuracy {fit.TrainClassification.Accuracy}");
        }
    }

    [Fact]
    public void DefaultsHoldAValidationPartAndRestoreTheBestEpoch()
    {
        CsvTable iris = CsvReader.Read(BundledData.ResolvePath("iris"));
        var options = new TabularOptions { Training = new TrainingOptions { Epochs = 200, Patience = 3 } };
        TabularRun<float> run = TabularModel.Prepare<float>(iris, "species", options);
        Assert.Equal(39, run.TestRows.Count);
        Assert.NotNull(run.ValidationSet);
        Assert.Equal(111, run.TrainRows.Count + run.ValidationRows.Count);
        Assert.Empty(run.TrainRows.Intersect(run.ValidationRows));
        TabularFit fit = run.Finish(run.Train());
        Assert.Equal(StopReason.EarlyStopped, fit.Result.Reason);
        Assert.True(fit.TestClassification!.Accuracy > 0.85, $"test accuracy {fit.TestClassification.Accuracy}");
    }

    [Fact]
    public void RegressionLossScaleIsTheTargetVariance()
    {
        var text = new System.Text.StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++)
            text.Append($"{i},{10 * i + 0.5}\n");
        TabularRun<float> run = TabularModel.Prepare<float>(Parse(text.ToString()), "y", new TabularOptions { TestFraction = 0 });
        double scale = run.Schema.TargetScaler!.Scale[0];
        Assert.Equal(scale * scale, run.LossScale, 9);
    }

    [Fact]
    public void PredictOnARawRowReturnsTheClassNameAndItsProbabilities()
    {
        TabularFit fit = TabularModel.Fit(Parse(Mixed()), "label", new TabularOptions { Seed = 1 });
        Prediction red = fit.Model.Predict(new Dictionary<string, string> { ["size"] = "3", ["color"] = "red" });
        Prediction blue = fit.Model.Predict(new Dictionary<string, string> { ["size"] = "?", ["color"] = "blue" });
        Assert.Equal("1", red.Class);
        Assert.Equal("0", blue.Class);
        Assert.Equal(1.0, red.Probabilities.Values.Sum(), 5);
        Assert.True(red.Probabilities["1"] > 0.5);
        // A category never seen in training is not an error.
        Assert.NotNull(fit.Model.Predict(new Dictionary<string, string> { ["size"] = "3", ["color"] = "purple" }).Class);
    }

    [Fact]
    public void ASavedModelKeepsItsColumnsAndPredictsTheSame()
    {
        TabularFit fit = TabularModel.Fit(Parse(Mixed()), "label", new TabularOptions { MissingIndicators = true, Training = new TrainingOptions { Epochs = 3 } });
        Model loaded = ModelFile.FromBytes(ModelFile.ToBytes(fit.Model));
        Assert.Equal(fit.Model.Schema.FeatureNames, loaded.Schema.FeatureNames);
        Assert.Equal(fit.Model.Schema.Columns.Select(c => c.ToString()), loaded.Schema.Columns.Select(c => c.ToString()));
        CsvTable table = Parse(Mixed());
        Assert.Equal(fit.Model.Predict(table).Select(p => p.Probabilities["1"]), loaded.Predict(table).Select(p => p.Probabilities["1"]));
    }

    [Fact]
    public void AVersion2ModelFileStillLoadsAndPredicts()
    {
        // Written by the version-2 build (backprop train iris --epochs 3) before the format changed.
        Model model = ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Persistence", "Files", "iris-v2.bpmodel"));
        Assert.True(model.Schema.IsPlainNumeric);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], model.Schema.FeatureNames);
        IReadOnlyList<Prediction> predictions = model.Predict(CsvReader.Read(BundledData.ResolvePath("iris")));
        // The first row's probabilities as the version-2 build's predict printed them.
        Assert.Equal("setosa", predictions[0].Class);
        Assert.Equal(0.998746, predictions[0].Probabilities["setosa"], 5);
        Assert.Equal(0.000954424, predictions[0].Probabilities["versicolor"], 6);
        // Version-2 columns refuse missing values, as they did.
        var e = Assert.Throws<DataException>(() => model.Predict(new Dictionary<string, string> { ["sepal_length"] = "5" }));
        Assert.Contains("missing value", e.Message);
    }

    [Theory]
    [InlineData("a,b,y\n1,2,p\n", ',')]
    [InlineData("a;b;y\n1,5;2;p\n", ';')]
    [InlineData("a\tb\ty\n1\t2\tp\n", '\t')]
    [InlineData("a|b|y\n1|2|p\n", '|')]
    [InlineData("\"a,x\";b;y\n1;2;p\n", ';')]
    public void TheSeparatorIsDetectedFromTheHeader(string text, char expected)
    {
        CsvTable table = Parse(text);
        Assert.Equal(expected, table.Separator);
        Assert.Equal(3, table.ColumnCount);
    }

    [Fact]
    public void AStreamIsReadOnceAndFingerprinted()
    {
        byte[] bytes = "x,y\n1,a\n2,b\n"u8.ToArray();
        CsvTable table = CsvReader.Read(new NonSeekable(bytes), "<stdin>");
        Assert.Equal(2, table.RowCount);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), table.Sha256);
    }

    [Fact]
    public void TheModelKeepsTheHashOfTheDataItWasTrainedOn()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("hash").FullName, "mixed.csv");
        File.WriteAllText(path, Mixed());
        var options = new TabularOptions { Training = new TrainingOptions { Epochs = 1 } };
        TabularFit fit = TabularModel.Fit(CsvReader.Read(path), "label", options);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(expected, fit.Model.Training!.DataSha256);
        Assert.Equal(expected, ModelFile.FromBytes(ModelFile.ToBytes(fit.Model)).Training!.DataSha256);
        // A table parsed from text has no bytes to hash, so its model has none.
        Assert.Null(TabularModel.Fit(Parse(Mixed()), "label", options).Model.Training!.DataSha256);
    }

    [Fact]
    public void InvalidUtf8IsAnErrorNamingFileAndLine()
    {
        byte[] bytes = [.. "x,y\n1,a\n2,"u8, 0xFF, .. "b\n"u8];
        var e = Assert.Throws<DataException>(() => CsvReader.Read(new MemoryStream(bytes), "bad.csv"));
        Assert.Equal("bad.csv", e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("invalid UTF-8", e.Message);
    }

    [Fact]
    public void LabelsAreComparedByValueWhenEvaluating()
    {
        CsvTable table = Parse("x,y\n1,1e0\n2,2.00\n3,1\n");
        Assert.Equal([0, 1, 0], TabularData.ReadClassIndex(table, "y", ["1", "2"]));
        Assert.Equal("1", ClassLabels.Canonical("1.0"));
        Assert.Equal("0", ClassLabels.Canonical("-0"));
        Assert.Equal("cat", ClassLabels.Canonical("cat"));
    }

    // A stream that cannot seek or tell its length, as standard input and pipes are.
    private sealed class NonSeekable(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 3));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
