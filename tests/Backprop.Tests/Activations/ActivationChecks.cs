using Backprop.Activations;

namespace Backprop.Tests.Activations;

/// <summary>Checks shared by the activations' own tests.</summary>
internal static class ActivationChecks
{
    /// <summary>f'(z) (given z and f(z)) against the central difference (f(z + h) - f(z - h)) / 2h in double, at each z.</summary>
    public static void DerivativeMatchesFiniteDifferences<TFunction>(double[] points) where TFunction : IActivationFunction
    {
        const double h = 1e-6;
        foreach (double z in points)
        {
            double numeric = (TFunction.Forward(z + h) - TFunction.Forward(z - h)) / (2 * h);
            double analytic = TFunction.Derivative(z, TFunction.Forward(z));
            Assert.True(Math.Abs(numeric - analytic) <= 1e-7 * Math.Max(1, Math.Abs(analytic)),
                $"{TFunction.Name} at z = {z}: f' = {analytic}, central difference {numeric}");
        }
    }
}
