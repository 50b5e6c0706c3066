using System.Text.RegularExpressions;

namespace Backprop.Cli.Tests;

/// <summary>
/// One number formatter for every command (the library's NumberText): plain decimals from 0.0001 to ten million,
/// a lower-case exponent outside, never <c>E+</c>, <c>E-</c> or an exponent for a number in the plain range.
/// </summary>
public sealed partial class NumberTextCommandTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    // A capital exponent, or an exponent of -4 up to +6 (a number NumberText writes plainly).
    [GeneratedRegex(@"\dE[+-]?\d|\de(-0[1-4]|\+0[0-6])\b")]
    private static partial Regex OddNumber();

    public static TheoryData<string[]> Commands() => new()
    {
        { new[] { "trajectory", "t.png", "--epochs", "2" } },
        { new[] { "gradcheck" } },
        { new[] { "vanishing", "--depth", "3", "--points", "40" } },
        { new[] { "collapse" } },
        { new[] { "activation", "softmax", "2,-1.99,-0.01" } },
        { new[] { "explain", "--example", "toy", "--notation", "matrix" } },
        { new[] { "classic", "adaline", "--epochs", "3" } },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryFigureReadsAsPeopleWriteIt(string[] args)
    {
        string[] run = [.. args.Select(a => a.EndsWith(".png", StringComparison.Ordinal) ? dir[a] : a)];
        var result = Cli.Run(run);
        Assert.True(result.Code == 0, result.ToString());
        Match odd = OddNumber().Match(result.Out);
        Assert.False(odd.Success, $"'{string.Join(' ', args)}' printed {odd.Value}: {result.Out}");
    }

}
