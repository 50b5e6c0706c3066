using Backprop.Data;

namespace Backprop.Tests.Data;

public class SplitsTests
{
    private static int[] Labels(params int[] counts) =>
        [.. counts.SelectMany((n, k) => Enumerable.Repeat(k, n))];

    [Fact]
    public void Stratified_keeps_class_proportions()
    {
        int[] y = Labels(50, 30, 20);
        var (train, test) = Splits.Stratified(y, 3, 0.2, seed: 1);
        Assert.Equal([10, 6, 4], Enumerable.Range(0, 3).Select(k => test.Count(i => y[i] == k)));
        Assert.Equal([40, 24, 16], Enumerable.Range(0, 3).Select(k => train.Count(i => y[i] == k)));
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(test).Order());
        Assert.Equal(train.Order(), train);
        Assert.Equal(test.Order(), test);
    }

    [Fact]
    public void Stratified_is_deterministic_per_seed_and_differs_across_seeds()
    {
        int[] y = Labels(50, 50, 50);
        var a = Splits.Stratified(y, 3, 0.3, seed: 7);
        var b = Splits.Stratified(y, 3, 0.3, seed: 7);
        var c = Splits.Stratified(y, 3, 0.3, seed: 8);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Test, c.Test);
    }

    [Fact]
    public void Stratified_puts_at_least_one_row_on_each_side()
    {
        int[] y = Labels(2, 3, 100);
        var (train, test) = Splits.Stratified(y, 3, 0.01, seed: 0);
        Assert.Equal(1, test.Count(i => y[i] == 0));
        Assert.Equal(1, test.Count(i => y[i] == 1));
        var (train2, _) = Splits.Stratified(y, 3, 0.99, seed: 0);
        Assert.Equal(1, train2.Count(i => y[i] == 0));
        Assert.Equal(105, train.Length + test.Length);
    }

    [Fact]
    public void Stratified_class_with_one_row_is_named()
    {
        var e = Assert.Throws<DataException>(() =>
            Splits.Stratified(Labels(5, 1), 2, 0.2, 0, ["cat", "dog"], "pets.csv"));
        Assert.Equal("pets.csv", e.File);
        Assert.Equal("pets.csv: class 'dog' has 1 row; a train/test split needs at least 2 per class", e.Message);
        var unnamed = Assert.Throws<DataException>(() => Splits.Stratified(Labels(5, 0), 2, 0.2, 0));
        Assert.Contains("class 1 has 0 rows", unnamed.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Test_fraction_must_be_inside_zero_one(double f)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified(Labels(5, 5), 2, f, 0));
        Assert.Equal("testFraction", e.ParamName);
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Random(10, f, 0)).ParamName);
    }

    [Fact]
    public void Stratified_rejects_out_of_range_class_index()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified([0, 0, 2], 2, 0.5, 0));
    }

    [Fact]
    public void Random_split_sizes_determinism_and_seed_dependence()
    {
        var a = Splits.Random(100, 0.25, seed: 3);
        Assert.Equal(25, a.Test.Length);
        Assert.Equal(75, a.Train.Length);
        Assert.Equal(Enumerable.Range(0, 100), a.Train.Concat(a.Test).Order());
        Assert.Equal(a.Test.Order(), a.Test);
        Assert.Equal(a.Test, Splits.Random(100, 0.25, seed: 3).Test);
        Assert.NotEqual(a.Test, Splits.Random(100, 0.25, seed: 4).Test);
        var tiny = Splits.Random(2, 0.9, seed: 0);
        Assert.Single(tiny.Train);
        Assert.Single(tiny.Test);
        Assert.Contains("at least 2", Assert.Throws<DataException>(() => Splits.Random(1, 0.5, 0, "one.csv")).Message);
    }
}
