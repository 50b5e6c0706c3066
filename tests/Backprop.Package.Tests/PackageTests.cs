using System.IO.Compression;
using System.Text;

namespace Backprop.Package.Tests;

/// <summary>
/// Packs src/Backprop into a temporary folder feed, then builds and runs examples/Xor against that package
/// (-p:UseBackpropPackage=true) with the feed added to the machine's usual package sources.
/// </summary>
[Collection(PackageCollection.Name)]
public class PackageTests(Progress progress)
{
    private const string Version = "0.1.0";
    private const string TestRepositoryUrl = "https://github.com/example/backprop-test";

    [Fact]
    public void XorExampleBuildsAndLearnsAgainstThePackedPackage()
    {
        var dotnet = new Dotnet(progress);
        string root = Dotnet.RepositoryRoot();
        string temp = Directory.CreateTempSubdirectory("backprop-package").FullName;
        try
        {
            string feed = Path.Combine(temp, "feed");
            // A package cache of its own, so that an earlier Backprop 0.1.0 in the user's cache cannot stand in for this one.
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(temp, "packages") };

            // The project has no public repository, so the build names none (below); a release gives its URL like this one,
            // a test value under GitHub's scheme so that SourceLink's GitHub provider writes links.
            dotnet.Run(root, environment, "pack", "src/Backprop/Backprop.csproj", "-c", "Release", "-o", feed,
                "--artifacts-path", Path.Combine(temp, "pack"), $"-p:RepositoryUrl={TestRepositoryUrl}");
            Assert.True(File.Exists(Path.Combine(feed, $"Backprop.{Version}.nupkg")), $"dotnet pack wrote no Backprop.{Version}.nupkg");
            string symbols = Path.Combine(feed, $"Backprop.{Version}.snupkg");
            Assert.True(File.Exists(symbols), $"dotnet pack wrote no symbols package Backprop.{Version}.snupkg");
            AssertMetadataAndSourceLink(Path.Combine(feed, $"Backprop.{Version}.nupkg"), symbols);

            string xorOutput = dotnet.Run(root, environment, "run", "--project", "examples/Xor/Xor.csproj", "-c", "Release",
                "--artifacts-path", Path.Combine(temp, "xor"),
                "-p:UseBackpropPackage=true", $"-p:BackpropVersion={Version}", $"-p:RestoreAdditionalProjectSources={feed}");
            Assert.Contains("Learned XOR.", xorOutput);

            // The example really used the package, not the library's source.
            string assets = File.ReadAllText(Directory.GetFiles(Path.Combine(temp, "xor"), "project.assets.json", SearchOption.AllDirectories).Single());
            Assert.Contains($"\"Backprop/{Version}\"", assets);
            Assert.Contains("\"type\": \"package\"", assets);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void NoRepositoryUrlIsMadeUp()
    {
        // Without a public home the shared props name no URL; packages then carry only the commit.
        string props = File.ReadAllText(Path.Combine(Dotnet.RepositoryRoot(), "Directory.Build.props"));
        Assert.DoesNotContain("<RepositoryUrl>", props);
    }

    /// <summary>The package names the repository it was given, icon, readme and release notes; its PDB maps sources to URLs.</summary>
    private static void AssertMetadataAndSourceLink(string package, string symbols)
    {
        using (var zip = ZipFile.OpenRead(package))
        {
            using var reader = new StreamReader(zip.GetEntry("Backprop.nuspec")!.Open());
            string nuspec = reader.ReadToEnd();
            Assert.Matches($"<repository type=\"git\" url=\"{TestRepositoryUrl}\"[^>]* commit=\"[0-9a-f]{{40}}\"", nuspec);
            Assert.Contains("<icon>icon.png</icon>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Contains("<releaseNotes>", nuspec);
            Assert.NotNull(zip.GetEntry("icon.png"));
        }
        using (var zip = ZipFile.OpenRead(symbols))
        {
            using var pdb = new MemoryStream();
            zip.GetEntry("lib/net10.0/Backprop.Core.pdb")!.Open().CopyTo(pdb);
            // SourceLink's JSON is stored as plain UTF-8 in the portable PDB.
            Assert.Contains("https://raw.githubusercontent.com/example/backprop-test/", Encoding.UTF8.GetString(pdb.ToArray()));
        }
    }
}
