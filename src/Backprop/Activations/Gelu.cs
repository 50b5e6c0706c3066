using System.Numerics;
using Backprop.Persistence;

namespace Backprop.Activations;

/// <summary>
/// Gaussian error linear unit (Hendrycks and Gimpel 2016), the exact form, not the tanh approximation:
/// y = z Phi(z) with Phi(z) = 1/2 (1 + erf(z / sqrt 2)) the standard normal distribution function;
/// y' = Phi(z) + z phi(z), phi(z) = e^(-z^2 / 2) / sqrt(2 pi). Computed in double (the BCL has no erf).
/// </summary>
public readonly struct Gelu : IActivationFunction
{
    /// <inheritdoc />
    public static string Name => "gelu";

    /// <inheritdoc />
    public static T Forward<T>(T z) where T : IBinaryFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(x * Phi(x));
    }

    /// <inheritdoc />
    public static T Derivative<T>(T z, T y) where T : IBinaryFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(z);
        return T.CreateTruncating(Phi(x) + x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI));
    }

    /// <summary>ONNX (opset 17 has no Gelu): <c>Mul(Mul(z, Add(Erf(Div(z, sqrt 2)), 1)), 0.5)</c>.</summary>
    static string IActivationFunction.AddOnnx(OnnxGraph graph, string z)
    {
        string erf = graph.Node("Erf", [graph.Node("Div", [z, graph.Scalar(MathF.Sqrt(2))])]);
        string product = graph.Node("Mul", [z, graph.Node("Add", [erf, graph.Scalar(1f)])]);
        return graph.Node("Mul", [product, graph.Scalar(0.5f)]);
    }

    /// <summary>Phi(z) = 1/2 erfc(-z / sqrt 2), which keeps its digits in the lower tail where 1 + erf would cancel.</summary>
    internal static double Phi(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>
    /// erfc(x) to about 1e-15 relative: by the series of erf for |x| &lt; 1 (where 1 - erf(x) cancels at most one digit),
    /// by the continued fraction beyond (Abramowitz and Stegun 7.1.6 and 7.1.14).
    /// </summary>
    internal static double Erfc(double x) => x >= 1 ? ErfcFraction(x) : x <= -1 ? 2 - ErfcFraction(-x) : 1 - ErfSeries(x);

    // erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1)): every term has x's sign, so nothing cancels.
    private static double ErfSeries(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
    }

    // erfc(x) = e^(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))) for x >= 1, evaluated from depth
    // 200 up: at x = 1 that depth has converged to the last digit, and larger x converge faster.
    private static double ErfcFraction(double x)
    {
        double f = x;
        for (int n = 200; n >= 1; n--)
        {
            f = x + n / 2.0 / f;
        }
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }
}
