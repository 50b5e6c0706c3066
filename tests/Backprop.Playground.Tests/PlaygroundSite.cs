using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Backprop.Playground.Tests;

/// <summary>
/// The published playground served by <c>backprop playground</c> on a free port, and Debian's chromium driven headless
/// through chromium-driver: started once for all tests in the collection.
/// </summary>
public sealed partial class PlaygroundSite : IDisposable
{
    private readonly Process server;

    public PlaygroundSite()
    {
        string site = Path.Combine(AppContext.BaseDirectory, "playground");
        server = Backprop("playground", "--site", site, "--no-browser");
        // xUnit does not dispose a fixture whose constructor throws: stop the server here, or it outlives the run.
        try
        {
            string line = server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult() ?? "";
            var url = Url().Match(line);
            if (!url.Success)
                throw new InvalidOperationException($"backprop playground printed '{line}', stderr: {server.StandardError.ReadToEnd()}");
            Address = url.Value;

            var options = new ChromeOptions { BinaryLocation = Find("chromium", "/usr/bin/chromium") };
            options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100");
            var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Find("chromedriver", "/usr/bin/chromedriver"))!, "chromedriver");
            service.HideCommandPromptWindow = true;
            service.SuppressInitialDiagnosticInformation = true;
            Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
            Screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        }
        catch
        {
            server.Kill(entireProcessTree: true);
            server.Dispose();
            throw;
        }
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public string Address { get; }

    public ChromeDriver Driver { get; }

    /// <summary>Where the tests write their screenshots (docs/playground.md shows copies of them).</summary>
    public string Screenshots { get; }

    /// <summary>Opens the page and waits until the engine has started (the run button is enabled); returns the seconds that took.</summary>
    public double Open()
    {
        var clock = Stopwatch.StartNew();
        Driver.Navigate().GoToUrl(Address);
        Wait(TimeSpan.FromSeconds(90)).Until(d => d.FindElements(By.Id("run")).Any(e => e.Enabled));
        return clock.Elapsed.TotalSeconds;
    }

    public WebDriverWait Wait(TimeSpan timeout) => new(Driver, timeout) { PollingInterval = TimeSpan.FromMilliseconds(100) };

    public IWebElement Element(string id) => Driver.FindElement(By.Id(id));

    /// <summary>Picks an option of a select element by its value, as a user's choice would (a change event).</summary>
    public void Choose(string selectId, string value)
    {
        var select = Element(selectId);
        Assert.Contains(select.FindElements(By.TagName("option")), o => o.GetAttribute("value") == value);
        Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", select, value);
    }

    public void Screenshot(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(Screenshots, name + ".png"));

    /// <summary>Starts <c>dotnet backprop.dll ARGS</c> (copied beside the tests) with its output redirected.</summary>
    public static Process Backprop(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backprop.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>Runs <c>backprop ARGS</c> to the end: exit code, stdout, stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var process = Backprop(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"backprop {string.Join(' ', args)} ran over 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        Driver.Quit();
        server.Kill(entireProcessTree: true);
        server.Dispose();
    }

    private static string Find(string name, string fallback)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
                return path;
        }
        return fallback;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Url();
}

[CollectionDefinition(Name)]
public sealed class PlaygroundCollection : ICollectionFixture<PlaygroundSite>
{
    public const string Name = "playground";
}
