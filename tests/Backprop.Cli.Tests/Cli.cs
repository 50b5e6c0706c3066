using System.Diagnostics;
using System.Text.Json;

namespace Backprop.Cli.Tests;

/// <summary>What one run of the command produced.</summary>
public sealed record CliResult(int Code, string Out, string Err)
{
    /// <summary>stdout parsed as the one JSON object --json prints.</summary>
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {Code}\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>Runs <c>backprop</c> in-process (fast) or as the built executable.</summary>
public static class Cli
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Launches <c>dotnet backprop.dll</c> (copied next to the tests) in <paramref name="workingDirectory"/>.</summary>
    public static CliResult Launch(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"backprop {string.Join(' ', args)} ran over 2 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts <c>dotnet backprop.dll</c> with stdout and stderr redirected, and returns at once.</summary>
    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, [], args);

    /// <summary>
    /// <see cref="Start(string, string[])"/> with SIGINT's default action restored in the child on Linux (GNU env): a
    /// shell without job control starts background jobs with SIGINT ignored, their children inherit that, and an ignored
    /// signal never reaches the command's handler, so a test run in the background would see no interrupt at all.
    /// </summary>
    public static Process StartInterruptible(string workingDirectory, params string[] args) =>
        OperatingSystem.IsLinux() ? Start(workingDirectory, ["env", "--default-signal=INT"], args) : Start(workingDirectory, args);

    private static Process Start(string workingDirectory, string[] prefix, string[] args)
    {
        var start = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string word in prefix.Skip(1))
            start.ArgumentList.Add(word);
        if (prefix.Length > 0)
            start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backprop.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}

/// <summary>A temporary folder, deleted at the end of the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("backprop-cli").FullName;

    /// <summary>Writes a file in the folder and returns its path.</summary>
    public string File(string name, string content)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A path in the folder (the file is not created).</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
