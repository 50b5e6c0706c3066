using System.Diagnostics;
using System.Text;

namespace Backprop.Package.Tests;

/// <summary>Runs dotnet (or another program) as a child process with a clean MSBuild environment.</summary>
public sealed class Dotnet(Progress progress)
{
    /// <summary>The folder holding Backprop.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backprop.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Backprop.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs <c>dotnet arguments</c>, asserting exit code 0; returns stdout and stderr together.</summary>
    public string Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunProgram(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", workingDirectory, environment, arguments);

    /// <summary>Runs <paramref name="program"/>, asserting exit code 0; returns stdout and stderr together.</summary>
    public string RunProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // MSBuild's variables from the `dotnet test` that launched this test would steer the child build.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        string command = $"{Path.GetFileName(program)} {string.Join(' ', arguments)}";
        progress.Report($"{command} ...");
        var text = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} took over 10 minutes (a loaded machine builds slowly; an idle one packs in about a minute):\n{text}");
        }
        process.WaitForExit();
        progress.Report($"{command}: exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(process.ExitCode == 0, $"{command} failed ({process.ExitCode}):\n{text}");
        return text.ToString();
    }
}
