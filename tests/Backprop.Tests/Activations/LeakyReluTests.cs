using Backprop.Activations;
using Backprop.Layers;
using Backprop.Tests.Numerics;

namespace Backprop.Tests.Activations;

/// <summary>
/// Leaky ReLU: literal values, its derivative against central differences, its vector form against its scalar form.
/// Model files, ONNX Runtime and the network gradient check cover it through the registry.
/// </summary>
public class LeakyReluTests
{
    [Theory]
    [InlineData(2.5, 2.5, 1.0)]
    [InlineData(-3.0, -0.03, 0.01)]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(-100.0, -1.0, 0.01)]
    public void ValuesAndSlopesAreTheDefinitions(double z, double y, double slope)
    {
        Assert.Equal(y, LeakyRelu.Forward(z), 15);
        Assert.Equal(slope, LeakyRelu.Derivative(z, LeakyRelu.Forward(z)));
    }

    [Fact]
    public void DerivativeMatchesCentralDifferencesAwayFromTheKink() =>
        ActivationChecks.DerivativeMatchesFiniteDifferences<LeakyRelu>([-4, -1.5, -0.2, 0.3, 2, 6]);

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(257)]
    public void VectorFormMatchesTheScalarForm(int n)
    {
        KernelsTests.VectorFormMatches<float, LeakyRelu>(n);
        KernelsTests.VectorFormMatches<double, LeakyRelu>(n);
    }

    [Fact]
    public void IsRegisteredByNameWithHeInitialization()
    {
        Assert.Same(Activation.Of<LeakyRelu>(), Activation.Parse("leaky-relu"));
        Assert.Same(Initializer.He, Activation.Of<LeakyRelu>().DefaultInitializer);
    }
}
