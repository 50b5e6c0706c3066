using System.Diagnostics;

namespace Backprop.Cli.Tests;

/// <summary>The README's quick start, run as a user would: its commands, in bash, ending in a folder outside the repository.</summary>
public sealed class ReadmeQuickStartTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Backprop.slnx")))
                return folder.FullName;
        }
        throw new DirectoryNotFoundException("no Backprop.slnx above " + AppContext.BaseDirectory);
    }

    // The first ```bash block under "## Quick start".
    private static string[] QuickStart(string root)
    {
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        int section = readme.IndexOf("\n## Quick start\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '## Quick start' section");
        int start = readme.IndexOf("```bash\n", section, StringComparison.Ordinal) + "```bash\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public async Task TheQuickStartRunsFromAFolderOutsideTheRepository()
    {
        string root = RepositoryRoot();
        string[] lines = QuickStart(root);
        // The build is the one line not run: the test runs the build it was compiled with (BACKPROP_DLL below).
        Assert.StartsWith("dotnet build src/Backprop.Cli -c Release", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("cd ", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.StartsWith("backprop ", StringComparison.Ordinal)) >= 4, string.Join('\n', lines));

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        // Stop at the first failing command; aliases, if the README uses one, work as in an interactive shell.
        start.ArgumentList.Add("set -e\nshopt -s expand_aliases\n" + string.Join('\n', lines[1..]) + "\necho \"folder: $PWD\"\n");
        start.Environment["BACKPROP_DLL"] = Path.Combine(AppContext.BaseDirectory, "backprop.dll");
        start.Environment["TMPDIR"] = dir.Path;
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the quick start ran over 3 minutes");
        }
        string output = await stdout, errors = await stderr;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{errors}");

        string folder = output.Split('\n').Last(l => l.StartsWith("folder: ", StringComparison.Ordinal))["folder: ".Length..];
        Assert.False(Path.GetFullPath(folder).StartsWith(root, StringComparison.Ordinal), $"the quick start ended in {folder}, inside the repository");
        Assert.True(File.Exists(Path.Combine(folder, "iris.bpmodel")), output);
        Assert.True(File.Exists(Path.Combine(folder, "predictions.csv")), output);
        Assert.Contains("Test accuracy", output);
        Assert.Contains("Max relative error", output);
    }

    [Fact]
    public void TheWrapperNamesTheMissingBuild()
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "scripts", "backprop"))
        {
            WorkingDirectory = dir.Path,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("info");
        start.Environment["BACKPROP_DLL"] = dir["missing/backprop.dll"];
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("is not built yet; run: dotnet build", errors);
    }
}
