using System.Net;
using System.Text.RegularExpressions;

namespace Backprop.Cli.Tests;

/// <summary><c>backprop playground</c> serves a site's files from localhost (the page itself is tested in Backprop.Playground.Tests).</summary>
public partial class PlaygroundCommandTests
{
    [Fact]
    public async Task ServesTheSiteOnAFreePortAndPrintsTheUrl()
    {
        using var dir = new TempDir();
        // A site as `dotnet publish -o DIR` lays it out: DIR/wwwroot/index.html and the framework's .wasm files.
        string root = Directory.CreateDirectory(Path.Combine(dir.Path, "wwwroot", "_framework")).Parent!.FullName;
        File.WriteAllText(Path.Combine(root, "index.html"), "<html>playground</html>");
        File.WriteAllBytes(Path.Combine(root, "_framework", "Backprop.Core.wasm"), [0, 0x61, 0x73, 0x6d]);
        using var process = Cli.Start(dir.Path, "playground", "--site", dir.Path, "--no-browser");
        try
        {
            string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? "";
            var url = Url().Match(line);
            Assert.True(url.Success, line);
            using var http = new HttpClient { BaseAddress = new Uri(url.Value) };
            Assert.Equal("<html>playground</html>", await http.GetStringAsync(""));
            using var wasm = await http.GetAsync("_framework/Backprop.Core.wasm");
            Assert.Equal(HttpStatusCode.OK, wasm.StatusCode);
            Assert.Equal("application/wasm", wasm.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("missing.js")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void AFolderWithoutASiteIsAUsageError()
    {
        using var dir = new TempDir();
        var result = Cli.Run("playground", "--site", dir.Path, "--no-browser");
        Assert.Equal(2, result.Code);
        Assert.Contains("no index.html", result.Err);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Url();
}
