using Backprop.Data;

namespace Backprop.Tests.Data;

public class BundledDataTests
{
    [Theory]
    [InlineData("iris", "species")]
    [InlineData("digits", "digit")]
    [InlineData("xor", "y")]
    [InlineData("IRIS", "species")]
    public void Resolves_bundled_names_next_to_the_program(string name, string label)
    {
        string path = BundledData.ResolvePath(name);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data", name.ToLowerInvariant() + ".csv"), path);
        Assert.True(File.Exists(path));
        Assert.Equal(label, BundledData.DefaultLabel(name));
    }

    [Fact]
    public void Existing_file_wins_and_unknown_names_fail()
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-bundled-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a\n1\n");
        try
        {
            Assert.Equal(path, BundledData.ResolvePath(path));
        }
        finally
        {
            File.Delete(path);
        }
        var e = Assert.Throws<DataException>(() => BundledData.ResolvePath("nosuch"));
        Assert.Equal("nosuch", e.File);
        Assert.Contains("iris, digits, xor", e.Message);
        Assert.Null(BundledData.DefaultLabel("nosuch"));
        Assert.Equal(["iris", "digits", "xor"], BundledData.Names);
    }
}
