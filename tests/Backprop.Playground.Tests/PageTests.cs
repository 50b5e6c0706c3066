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
        site.Wait(TimeSpan.FromSeconds(60)).Until(_ => site.Element("train-accuracy").Text == "100%");
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

    [Fact]
    public void TheReluXorPresetOutputsZeroOneOneZero()
    {
        site.Open();
        site.Choose("preset", "relu-xor");
        var outputs = site.Wait(TimeSpan.FromSeconds(10)).Until(d => d.FindElements(By.CssSelector("#outputs td.output")));
        var values = outputs.Select(e => double.Parse(e.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([0.0, 1.0, 1.0, 0.0], values);
        site.Element("unit-2-1").Click();
        site.Screenshot("playground-relu-xor");
    }
}
