using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Tests.Activations;

/// <summary>
/// ELU (alpha = 1): literal values, its derivative against central differences. Model files, ONNX Runtime and the
/// network gradient check cover it through the registry.
/// </summary>
public class EluTests
{
    [Theory]
    [InlineData(2.5, 2.5, 1.0)]
    [InlineData(-1.0, -0.63212055882855767, 0.36787944117144233)]
    [InlineData(-3.0, -0.95021293163213605, 0.049787068367863944)]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(-1e-10, -9.9999999995e-11, 0.9999999999)]
    public void ValuesAndSlopesAreTheDefinitions(double z, double y, double slope)
    {
        Assert.Equal(y, Elu.Forward(z), 15);
        Assert.Equal(slope, Elu.Derivative(z, Elu.Forward(z)), 15);
    }

    [Fact]
    public void SaturatesAtMinusAlpha() => Assert.Equal(-Elu.Alpha, Elu.Forward(-50.0), 15);

    [Fact]
    public void DerivativeMatchesCentralDifferences() =>
        ActivationChecks.DerivativeMatchesFiniteDifferences<Elu>([-6, -2, -0.5, -1e-3, 1e-3, 0.7, 4]);

    [Fact]
    public void FloatAgreesWithDouble()
    {
        foreach (double z in new[] { -4.0, -0.25, 0.5, 3.0 })
        {
            Assert.Equal((float)Elu.Forward(z), Elu.Forward((float)z), 6);
        }
    }

    [Fact]
    public void IsRegisteredByNameWithHeInitialization()
    {
        Assert.Same(Activation.Of<Elu>(), Activation.Parse("elu"));
        Assert.Same(Initializer.He, Activation.Of<Elu>().DefaultInitializer);
    }
}
