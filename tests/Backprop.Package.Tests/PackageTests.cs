using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Backprop.Package.Tests;

/// <summary>
/// Packs src/Backprop into a temporary folder feed, then builds and runs examples/Xor against that package
/// (-p:UseBackpropPackage=true) with the feed added to the machine's usual package sources.
/// </summary>
public class PackageTests(ITestOutputHelper output, PackageTests.Progress progress) : IClassFixture<PackageTests.Progress>
{
    /// <summary>
    /// Says each step as it starts, in `dotnet test`'s own output (xunit's diagnostic messages, on in xunit.runner.json),
    /// so that a minute of building does not look like a hang; a test's own output shows only when it ends.
    /// </summary>
    public sealed class Progress(IMessageSink sink)
    {
        public void Say(string message) => sink.OnMessage(new DiagnosticMessage(message));
    }

    [Fact]
    public void XorExampleBuildsAndLearnsAgainstThePackedPackage()
    {
        string root = RepositoryRoot();
        string temp = Directory.CreateTempSubdirectory("backprop-package").FullName;
        try
        {
            string feed = Path.Combine(temp, "feed");
            // A package cache of its own, so that an earlier Backprop 0.1.0 in the user's cache cannot stand in for this one.
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(temp, "packages") };

            Run(root, environment, "pack", "src/Backprop/Backprop.csproj", "-c", "Release", "-o", feed,
                "--artifacts-path", Path.Combine(temp, "pack"));
            Assert.True(File.Exists(Path.Combine(feed, "Backprop.0.1.0.nupkg")), "dotnet pack wrote no Backprop.0.1.0.nupkg");

            string xorOutput = Run(root, environment, "run", "--project", "examples/Xor/Xor.csproj", "-c", "Release",
                "--artifacts-path", Path.Combine(temp, "xor"),
                "-p:UseBackpropPackage=true", "-p:BackpropVersion=0.1.0", $"-p:RestoreAdditionalProjectSources={feed}");
            Assert.Contains("Learned XOR.", xorOutput);

            // The example really used the package, not the library's source.
            string assets = File.ReadAllText(Directory.GetFiles(Path.Combine(temp, "xor"), "project.assets.json", SearchOption.AllDirectories).Single());
            Assert.Contains("\"Backprop/0.1.0\"", assets);
            Assert.Contains("\"type\": \"package\"", assets);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private string Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
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

        var text = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        var clock = Stopwatch.StartNew();
        progress.Say($"dotnet {arguments[0]} {arguments[1]}: started (each step takes a minute or more)");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} took over 3 minutes:\n{text}");
        }
        process.WaitForExit();
        output.WriteLine($"dotnet {string.Join(' ', arguments)}: exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{text}");
        return text.ToString();
    }

    private static string RepositoryRoot()
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
}
