using System.Globalization;
using System.Text.Json;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Backprop.Playground.Tests;

/// <summary>The page in a real headless browser, checked against the command on the same network.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PageTests(PlaygroundSite site, ITestOutputHelper output)
{
    [Fact]
    public void XorTrainsToFullAccuracyAndAUnitsDeltaIsWhatExplainPrints()
    {
        double seconds = site.Open();
        output.WriteLine($"page interactive after {seconds:F2} s");
        site.Screenshot("playground-start");

        site.Choose("source", "xor4");
        site.Element("run").Click();
        site.Wait(TimeSpan.FromSeconds(120)).Until(_ => site.Element("train-accuracy").Text == "100%");
        site.Element("run").Click();
        site.Wait(TimeSpan.FromSeconds(10)).Until(_ => site.Element("step").Enabled);
        Assert.Equal("100%", site.Element("train-accuracy").Text);

        site.Element("step").Click();
        // Pattern #2 is x = (0, 1), class 1; the first hidden unit.
        site.Choose("pattern", "1");
        site.Element("unit-1-1").Click();
        var delta = site.Wait(TimeSpan.FromSeconds(10)).Until(d => d.FindElement(By.Id("delta-value")));
        double pageDelta = double.Parse(delta.GetAttribute("data-value")!, CultureInfo.InvariantCulture);
        Assert.Contains("delta_1 = (", site.Element("explain-text").Text);
        site.Screenshot("playground-xor-unit");

        site.Element("save-model").Click();
        string href = site.Wait(TimeSpan.FromSeconds(10)).Until(d => d.FindElement(By.Id("model-link"))).GetAttribute("href")!;
        const string prefix = "data:application/octet-stream;base64,";
        Assert.StartsWith(prefix, href);
        string model = Path.Combine(site.Screenshots, "xor.bpmodel");
        File.WriteAllBytes(model, Convert.FromBase64String(href[prefix.Length..]));

        var explain = PlaygroundSite.Run("explain", model, "--input", "0,1", "--target", "1", "--json");
        Assert.True(explain.Code == 0, explain.Err);
        var layers = JsonDocument.Parse(explain.Out).RootElement.GetProperty("layers");
        double commandDelta = layers[0].GetProperty("units")[0].GetProperty("delta").GetDouble();
        output.WriteLine($"delta_1 of hidden unit 1 on (0, 1): page {pageDelta:R}, explain {commandDelta:R}");
        Assert.NotEqual(0, commandDelta);
        Assert.Equal(commandDelta, pageDelta, 1e-6);
        Assert.True(Math.Abs(pageDelta - commandDelta) <= 1e-6 * Math.Abs(commandDelta), "the two differ in more than their 6th significant digit");

        var info = PlaygroundSite.Run("info", model);
        Assert.True(info.Code == 0, info.Err);
        Assert.Contains("Dense(8 -> 2, Softmax)", info.Out);
    }

    // 2-8-8-1 tanh on 500 training points of the spirals (667 with a quarter held out), sigmoid output, binary
    // cross-entropy, Adam, batches of 10: the page keeps drawing while it trains, and the loss goes down.
    [Fact]
    public void TrainingTheSpiralsKeepsThePageResponsive()
    {
        output.WriteLine($"page interactive after {site.Open():F2} s");
        site.Choose("source", "spirals");
        SetNumber("points", "667");
        SetNumber("test-share", "0.25");
        site.Element("single-output").Click();
        site.Choose("output-activation", "sigmoid");
        site.Choose("loss", "binary-cross-entropy");
        site.Wait(TimeSpan.FromSeconds(10)).Until(_ => site.Element("architecture").Text.Contains("Dense(8 -> 1, Sigmoid)"));
        double startLoss = double.Parse(site.Element("train-loss").Text, CultureInfo.InvariantCulture);

        site.Element("run").Click();
        // While training runs, the page is redrawn: the epoch counter is seen to advance several times.
        var seen = new HashSet<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            seen.Add(site.Element("epoch-count").Text);
            Thread.Sleep(200);
        }
        string speed = site.Element("speed").Text;
        site.Element("run").Click();
        site.Wait(TimeSpan.FromSeconds(10)).Until(_ => site.Element("measure").Enabled);
        Assert.True(seen.Count >= 3, $"the epoch counter showed only {string.Join(", ", seen)} in 10 s of training");
        double loss = double.Parse(site.Element("train-loss").Text, CultureInfo.InvariantCulture);
        Assert.True(loss < startLoss, $"training loss {loss} after training, {startLoss} before");
        site.Screenshot("playground-spirals");

        site.Element("measure").Click();
        string measured = site.Wait(TimeSpan.FromSeconds(30)).Until(_ => site.Element("measured").Text is { Length: > 0 } t ? t : null)!;
        Assert.Contains("of 500 patterns", measured);
        output.WriteLine($"2-8-8-1 spirals, 500 training patterns: {speed} epochs/s while drawing; without drawing: {measured}");
    }

    [Fact]
    public void TheReluXorPresetOutputsZeroOneOneZero()
    {
        output.WriteLine($"page interactive after {site.Open():F2} s");
        site.Choose("preset", "relu-xor");
        var outputs = site.Wait(TimeSpan.FromSeconds(10)).Until(d => d.FindElements(By.CssSelector("#outputs td.output")));
        var values = outputs.Select(e => double.Parse(e.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([0.0, 1.0, 1.0, 0.0], values);
        site.Element("unit-2-1").Click();
        site.Screenshot("playground-relu-xor");

        // Note 004's picture on the notes' two-weight unit: the four paths, each lowering the loss.
        site.Element("ws-draw").Click();
        var rows = site.Wait(TimeSpan.FromSeconds(30)).Until(d => d.FindElements(By.CssSelector("#weight-space table.values tr")) is { Count: 4 } r ? r : null)!;
        foreach (var row in rows)
        {
            var loss = System.Text.RegularExpressions.Regex.Match(row.Text, @"loss (\S+) \u2192 (\S+)");
            Assert.True(loss.Success, row.Text);
            Assert.True(double.Parse(loss.Groups[2].Value, CultureInfo.InvariantCulture) < double.Parse(loss.Groups[1].Value, CultureInfo.InvariantCulture), row.Text);
        }
        Assert.Contains("momentum", rows[3].Text);
        ((OpenQA.Selenium.IJavaScriptExecutor)site.Driver).ExecuteScript("document.getElementById('weight-space').scrollIntoView()");
        site.Screenshot("playground-weight-space");
    }

    private void SetNumber(string id, string value) =>
        site.Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            site.Element(id), value);
}
