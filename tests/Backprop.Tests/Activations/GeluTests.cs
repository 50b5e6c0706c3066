using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Tests.Activations;

/// <summary>
/// GELU, exact erf form: erfc and GELU against reference values (glibc's erfc, printed to 17 digits), its derivative
/// against central differences. Model files, ONNX Runtime (its Erf node) and the network gradient check cover it
/// through the registry.
/// </summary>
public class GeluTests
{
    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(-0.999, 1.842285270206497)]
    [InlineData(2.9, 4.109787809945886e-05)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(4.0, 1.541725790028002e-08)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(-3.5, 1.9999992569016276)]
    [InlineData(0.0, 1.0)]
    public void ErfcMatchesReferenceValues(double x, double expected) =>
        Assert.True(Math.Abs(Gelu.Erfc(x) - expected) <= 2e-15 * expected, $"erfc({x}) = {Gelu.Erfc(x):R}, expected {expected:R}");

    [Theory]
    [InlineData(1.0, 0.8413447460685429, 1.0833154705876864)]
    [InlineData(-1.0, -0.15865525393145707, -0.08331547058768629)]
    [InlineData(2.0, 1.9544997361036416, 1.085231801078197)]
    [InlineData(-3.0, -0.004049694094890287, -0.011945647204183927)]
    [InlineData(0.5, 0.34573123063700656, 0.8674951246561629)]
    [InlineData(-6.0, -5.919525870226207e-09, -3.5468709453902015e-08)]
    [InlineData(0.0, 0.0, 0.5)]
    public void ValuesAndSlopesAreTheDefinitions(double z, double y, double slope)
    {
        Assert.True(Math.Abs(Gelu.Forward(z) - y) <= 1e-14 * Math.Max(1e-300, Math.Abs(y)) + 1e-300, $"GELU({z}) = {Gelu.Forward(z):R}");
        Assert.True(Math.Abs(Gelu.Derivative(z, y) - slope) <= 1e-14 * Math.Abs(slope) + 1e-300, $"GELU'({z}) = {Gelu.Derivative(z, y):R}");
    }

    [Fact]
    public void DerivativeMatchesCentralDifferencesAcrossTheSeriesAndFractionRanges() =>
        ActivationChecks.DerivativeMatchesFiniteDifferences<Gelu>([-7, -2, -1.42, -1.41, -0.3, 0, 0.4, 1.41, 1.42, 4.3, 9]);

    [Fact]
    public void IsRegisteredByNameWithXavierInitialization()
    {
        Assert.Same(Activation.Of<Gelu>(), Activation.Parse("gelu"));
        Assert.Same(Initializer.Xavier, Activation.Of<Gelu>().DefaultInitializer);
        Assert.Equal(0f, Gelu.Forward(-40f));
        Assert.Equal(40f, Gelu.Forward(40f));
    }
}
