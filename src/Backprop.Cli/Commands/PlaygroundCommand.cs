using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop playground</c>: serves the published playground (src/Backprop.Playground, a static Blazor WebAssembly
/// site that runs the library in the browser) from 127.0.0.1 with ASP.NET Core static files, prints the URL and opens
/// a browser where one is available. Nothing is computed here: the page does everything in the browser.
/// </summary>
public static class PlaygroundCommand
{
    /// <summary>The folder beside backprop.dll where the build puts the published site (see docs/playground.md).</summary>
    public static string DefaultSite => Path.Combine(AppContext.BaseDirectory, "playground");

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var site = new Option<string?>("--site")
        {
            HelpName = "DIR",
            Description = "The published site: a folder with index.html (or with wwwroot/index.html). Default: 'playground' beside backprop.dll.",
        };
        var port = new Option<int>("--port") { HelpName = "N", Description = "The port on 127.0.0.1; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
                result.AddError("--port must be between 0 and 65535.");
        });
        var noBrowser = new Option<bool>("--no-browser") { Description = "Print the URL only; do not open a browser." };
        var command = new Command("playground",
            "Serve the playground (train a network in the browser and see every number) on localhost until Ctrl+C.")
        {
            site, port, noBrowser,
        };
        command.SetAction((parse, cancellation) => Serve(Output.From(parse), parse.GetValue(site), parse.GetValue(port),
            parse.GetValue(noBrowser), cancellation));
        return command;
    }

    private static async Task<int> Serve(Output output, string? site, int port, bool noBrowser, CancellationToken cancellation)
    {
        string root = FindSite(site);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, WebRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".blat"] = "application/octet-stream";
        types.Mappings[".pdb"] = "application/octet-stream";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            throw CliException.Usage($"cannot listen on 127.0.0.1:{port}: {e.Message}");
        }
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        output.Out.WriteLine($"Playground at {url} (serving {root}); Ctrl+C stops it.");
        output.Out.Flush();
        if (!noBrowser)
            OpenBrowser(url, output);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }

    // The folder with index.html: the given one, its wwwroot (what `dotnet publish -o DIR` writes), or the default.
    private static string FindSite(string? site)
    {
        string folder = Path.GetFullPath(site ?? DefaultSite);
        foreach (string candidate in new[] { folder, Path.Combine(folder, "wwwroot") })
        {
            if (File.Exists(Path.Combine(candidate, "index.html")))
                return candidate;
        }
        throw CliException.Usage(site is null
            ? $"the playground is not built into this installation ({folder} has no index.html); build it with " +
              "'dotnet build src/Backprop.Cli -p:Playground=true' or pass --site DIR (see docs/playground.md)"
            : $"--site {site}: no index.html there or in its wwwroot folder");
    }

    // The desktop's opener, when there is a desktop; a failure to open is only a note, the URL is already printed.
    private static void OpenBrowser(string url, Output output)
    {
        string? opener = OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open"
            : Environment.GetEnvironmentVariable("DISPLAY") is not null || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is not null ? "xdg-open" : null;
        if (opener is null)
            return;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, url) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output.Error.WriteLine($"note: could not start '{opener}'; open {url} yourself.");
        }
    }
}
