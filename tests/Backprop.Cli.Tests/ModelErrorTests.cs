using System.Buffers.Binary;
using Backprop.Persistence;

namespace Backprop.Cli.Tests;

/// <summary>Bad model files: exit code 4 and one line on stderr saying what is wrong, for every command that reads one.</summary>
public sealed class ModelErrorTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly byte[] good;

    public ModelErrorTests()
    {
        Assert.Equal(0, Cli.Run("train", "iris", "--quiet", "--epochs", "1", "--model", dir["good.bpmodel"]).Code);
        good = File.ReadAllBytes(dir["good.bpmodel"]);
    }

    public void Dispose() => dir.Dispose();

    private string Write(string name, byte[] content)
    {
        File.WriteAllBytes(dir[name], content);
        return dir[name];
    }

    private static void AssertModelError(string model, string expected)
    {
        foreach (string[] args in new[] { new[] { "info", model }, ["evaluate", model, "iris"], ["predict", model, "iris"] })
        {
            var result = Cli.Run(args);
            Assert.True(result.Code == 4, result.ToString());
            string line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: {model}: ", line);
            Assert.Contains(expected, line);
        }
    }

    [Fact]
    public void Missing() => AssertModelError(dir["none.bpmodel"], "file not found");

    [Fact]
    public void Truncated() => AssertModelError(Write("t.bpmodel", good[..(good.Length / 2)]), "truncated");

    [Fact]
    public void Corrupted()
    {
        byte[] bad = (byte[])good.Clone();
        bad[bad.Length / 2] ^= 0x10;
        AssertModelError(Write("c.bpmodel", bad), "corrupted: checksum mismatch");
    }

    [Fact]
    public void WrongVersion()
    {
        byte[] bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(8), ModelFile.FormatVersion + 1);
        AssertModelError(Write("v.bpmodel", bad),
            $"model format version {ModelFile.FormatVersion + 1} is not supported; this build reads versions {ModelFile.OldestFormatVersion} to {ModelFile.FormatVersion}");
    }

    [Fact]
    public void NotAModel() =>
        AssertModelError(Write("iris.csv", "sepal_length,species\n1,setosa\n"u8.ToArray()), "not a Backprop model file");

    [Fact]
    public void Empty() => AssertModelError(Write("e.bpmodel", []), "the file is empty");
}
