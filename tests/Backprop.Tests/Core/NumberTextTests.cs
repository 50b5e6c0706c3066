using Backprop.Constructions;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Activations;
using Backprop.Optimizers;
using Backprop.Persistence;
using Backprop.Training;

namespace Backprop.Tests.Core;

/// <summary>Every number a library message or note prints goes through NumberText: no 5.754E+13, no 1E-08.</summary>
public class NumberTextTests
{
    [Theory]
    [InlineData(0.000444, 4, "0.000444")]
    [InlineData(1.48e-6, 4, "1.48e-06")]
    [InlineData(12345.678, 4, "12346")]
    [InlineData(0.97368, 4, "0.9737")]
    [InlineData(5.754e13, 4, "5.754e+13")]
    [InlineData(-2.5e9, 4, "-2.5e+09")]
    [InlineData(1e100, 4, "1e+100")]
    [InlineData(0.0625, 3, "0.0625")]
    [InlineData(123456.7, 6, "123457")]
    [InlineData(3e-7, 1, "3e-07")]
    [InlineData(0, 4, "0")]
    [InlineData(double.NaN, 4, "NaN")]
    public void Format_writes_numbers_as_people_do(double value, int digits, string text) =>
        Assert.Equal(text, NumberText.Format(value, digits));

    [Theory]
    [InlineData(1e-8, "1e-08")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e20, "1e+20")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void Exact_keeps_every_digit_with_a_lower_case_exponent(double value, string text)
    {
        Assert.Equal(text, NumberText.Exact(value));
        Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Exact_float_has_the_digits_a_float_has() => Assert.Equal("1e-05", NumberText.Exact(1e-5f));

    [Fact]
    public void Optimizer_and_schedule_names_read_as_people_write_them()
    {
        Assert.Equal("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)", new Adam(0.001).ToString().ToLowerInvariant());
        Assert.DoesNotContain("E-", new RmsProp(1e-5).ToString(), StringComparison.Ordinal);
        Assert.Contains("gamma=1e-05", LearningRateSchedule.Exponential(1e-5).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_with_numbers_have_no_capital_exponent()
    {
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(-1e20));
        Assert.Contains("got -1e+20.", bad.Message, StringComparison.Ordinal);

        var huge = Assert.Throws<DataException>(() => TabularData.FromTable(CsvReader.Parse(new StringReader("a,b\n1,x\n-1e200,y\n"), "t.csv"), "b"));
        Assert.Contains("larger in magnitude than 1e+100", huge.Message, StringComparison.Ordinal);

        Assert.Equal("4-gon at (2.5e+07, 0.0001), apothem 1.5e-05", ConvexPolygon.Regular(4, 2.5e7, 1e-4, 1.5e-5).Name);

        var schema = new Schema(TaskKind.Classification, "y", ["a", "b"], new StandardScaler([0.0, 0.0], [1.0, 1.0]), ["no", "yes"], null);
        var model = new Model<float>(NetworkSpec.Input(2).Dense(2, Activation.Softmax).Build<float>(seed: 2), schema, Loss.CrossEntropy);
        var beyond = Assert.Throws<FeatureRangeException>(() => model.Predict([1, 2, 3, 5.754e39], 2));
        Assert.StartsWith("5.754e+39 in column 'b' is 5.75e+39 standard deviations", beyond.Message, StringComparison.Ordinal);
    }
}
