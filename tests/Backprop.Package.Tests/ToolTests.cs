using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Backprop.Package.Tests;

/// <summary>
/// Packs the `backprop` dotnet tool for this machine's platform into a temporary folder feed, installs it from there
/// into a temporary tool path, and runs it, as `dotnet tool install` users would.
/// </summary>
[Collection(PackageCollection.Name)]
public class ToolTests(Progress progress)
{
    private const string Version = "0.1.0";
    private const long MaxToolPackageBytes = 40L * 1024 * 1024;

    [Fact]
    public void ToolInstallsFromAPackedFolderAndTrainsXor()
    {
        var dotnet = new Dotnet(progress);
        string root = Dotnet.RepositoryRoot();
        string rid = RuntimeInformation.RuntimeIdentifier;
        string temp = Directory.CreateTempSubdirectory("backprop-tool").FullName;
        try
        {
            string feed = Path.Combine(temp, "feed");
            // Installing and running use a package cache of their own, so that no earlier Backprop.Cli 0.1.0 can stand in.
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(temp, "packages") };

            // This platform's package only (the project lists five): the same targets, a fifth of the time.
            dotnet.Run(root, new Dictionary<string, string>(), "pack", "src/Backprop.Cli/Backprop.Cli.csproj", "-c", "Release", "-o", feed,
                "--artifacts-path", Path.Combine(temp, "pack"), $"-p:ToolPackageRuntimeIdentifiers={rid}");

            string pointer = Path.Combine(feed, $"Backprop.Cli.{Version}.nupkg");
            string platform = Path.Combine(feed, $"Backprop.Cli.{rid}.{Version}.nupkg");
            Assert.True(File.Exists(pointer), $"no pointer package {pointer}");
            Assert.True(File.Exists(platform), $"no {rid} tool package {platform}");
            long size = new FileInfo(platform).Length;
            progress.Report($"{Path.GetFileName(platform)}: {size / 1e6:F1} MB");
            Assert.True(size < MaxToolPackageBytes, $"{Path.GetFileName(platform)} is {size:N0} bytes, over 40 MB");
            AssertCarriesOnlyItsPlatform(platform, rid);

            string tools = Path.Combine(temp, "tools");
            dotnet.Run(temp, environment, "tool", "install", "Backprop.Cli", "--version", Version,
                "--tool-path", tools, "--add-source", feed);
            string backprop = Path.Combine(tools, OperatingSystem.IsWindows() ? "backprop.exe" : "backprop");

            string version = dotnet.RunProgram(backprop, temp, environment, "--version");
            Assert.Equal(Version, version.Trim());

            string work = Directory.CreateDirectory(Path.Combine(temp, "work")).FullName;
            string train = dotnet.RunProgram(backprop, work, environment, "train", "xor", "--epochs", "5", "--quiet", "--json");
            using (var json = JsonDocument.Parse(train))
            {
                Assert.Equal("classification", json.RootElement.GetProperty("task").GetString());
            }
            Assert.True(File.Exists(Path.Combine(work, "xor.bpmodel")), $"backprop train xor saved no xor.bpmodel:\n{train}");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The platform package holds its own natives only, no other platform's, no native debug files.</summary>
    private static void AssertCarriesOnlyItsPlatform(string package, string rid)
    {
        using var zip = ZipFile.OpenRead(package);
        var tools = zip.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tools);
        Assert.All(tools, e => Assert.StartsWith($"tools/net10.0/{rid}/", e.FullName));
        Assert.DoesNotContain(tools, e => e.FullName.Contains("/runtimes/", StringComparison.Ordinal));
        Assert.DoesNotContain(tools, e => e.Name.StartsWith("libSkiaSharp", StringComparison.Ordinal) && e.Name.EndsWith(".pdb", StringComparison.Ordinal));
        string native = OperatingSystem.IsWindows() ? "libSkiaSharp.dll" : OperatingSystem.IsMacOS() ? "libSkiaSharp.dylib" : "libSkiaSharp.so";
        Assert.Contains(tools, e => e.Name == native);
    }
}
