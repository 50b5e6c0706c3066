using System.Text.RegularExpressions;

namespace Backprop.Cli.Tests;

/// <summary>Every command's --help says what docs/cli.md says: the same options, with the same defaults.</summary>
public partial class HelpTests
{
    private static readonly Lazy<string> CliDoc = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "docs", "cli.md");
            if (File.Exists(path) && File.Exists(Path.Combine(dir.FullName, "Backprop.slnx")))
                return File.ReadAllText(path);
        }
        throw new FileNotFoundException("docs/cli.md above " + AppContext.BaseDirectory);
    });

    // The part of docs/cli.md under "## COMMAND", up to the next "## ".
    private static string Section(string command)
    {
        string doc = CliDoc.Value.Replace("\r\n", "\n");
        int start = doc.IndexOf($"\n## {command}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/cli.md has no '## {command}' section");
        int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? doc[start..] : doc[start..end];
    }

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("info")]
    [InlineData("gradcheck")]
    [InlineData("export")]
    [InlineData("playground")]
    public void HelpListsTheOptionsAndDefaultsTheDocsList(string command)
    {
        var help = Cli.Run(command, "--help");
        Assert.Equal(0, help.Code);
        var helpLines = help.Out.Split('\n').Where(l => OptionLine().IsMatch(l)).ToList();
        var inHelp = helpLines.SelectMany(l => LongOption().Matches(l.Trim().Split("  ", 2)[0]))
            .Select(m => m.Value).Where(o => o != "--help").ToHashSet();
        string section = Section(command);
        var inDocs = LongOption().Matches(section).Select(m => m.Value).ToHashSet();
        Assert.True(inHelp.SetEquals(inDocs),
            $"{command}: only in --help: {string.Join(' ', inHelp.Except(inDocs))}; only in docs/cli.md: {string.Join(' ', inDocs.Except(inHelp))}");

        // A default that --help shows is the one the docs' table gives for that option.
        foreach (string line in helpLines)
        {
            var shown = DefaultValue().Match(line);
            if (!shown.Success)
                continue;
            string option = LongOption().Match(line).Value;
            string row = section.Split('\n').Single(r => r.StartsWith("| `") &&
                LongOption().Matches(r.Split('|')[1]).Any(m => m.Value == option));
            Assert.True(row.Contains($"`{shown.Groups[1].Value}`"), $"{command} {option}: --help says default {shown.Groups[1].Value}, docs/cli.md says: {row}");
        }
    }

    // Help prints a default with ToString(): an array joins as "-2|2.5", an activation prints as "Softmax". Shown
    // defaults must be what a user would type.
    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("gradcheck")]
    [InlineData("explain")]
    [InlineData("boundary")]
    [InlineData("trajectory")]
    [InlineData("boolean")]
    [InlineData("playground")]
    [InlineData("classic", "mcp")]
    [InlineData("classic", "madaline")]
    public void DefaultsAreShownAsTheyAreTyped(params string[] command)
    {
        var help = Cli.Run([.. command, "--help"]);
        Assert.Equal(0, help.Code);
        foreach (Match shown in DefaultValue().Matches(help.Out))
        {
            string value = shown.Groups[1].Value;
            Assert.False(value.Contains('|') || char.IsUpper(value[0]), $"{string.Join(' ', command)} --help shows '{shown.Value}'");
        }
    }

    [GeneratedRegex(@"^\s+(-\w, )?--[a-z]")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex LongOption();

    [GeneratedRegex(@"\[default: ([^\]]+)\]")]
    private static partial Regex DefaultValue();
}
