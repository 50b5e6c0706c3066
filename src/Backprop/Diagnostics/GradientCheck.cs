using System.Numerics;
using Backprop.Losses;

namespace Backprop.Diagnostics;

/// <summary>The largest disagreements between backpropagated and finite-difference gradients.</summary>
/// <param name="MaxRelativeError">The largest relative error over parameters and inputs.</param>
/// <param name="MaxParameterError">The largest relative error over weights and biases.</param>
/// <param name="MaxInputError">The largest relative error over the inputs (dLoss/dx).</param>
/// <param name="Parameters">How many parameters were checked.</param>
/// <param name="Inputs">How many input values were checked.</param>
/// <param name="WorstParameter">Index into the flat parameter buffer of the worst parameter.</param>
public sealed record GradientCheckResult(
    double MaxRelativeError, double MaxParameterError, double MaxInputError, int Parameters, int Inputs, int WorstParameter);

/// <summary>
/// Checks backpropagation against central differences: each parameter and input is moved by +-h and +-2h and the
/// derivative estimated by the five-point stencil (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h, accurate to O(h^4).
/// Relative error is |a - n| / max(|a|, |n|, floor), the floor keeping near-zero gradients from dividing by nothing.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Runs the check on one batch (x: rows x inputs, target: rows x outputs). The network's parameters are restored
    /// afterwards; its gradient buffer holds the backpropagated gradient.
    /// </summary>
    public static GradientCheckResult Run<T>(Network<T> network, Loss loss, ReadOnlySpan<T> x, ReadOnlySpan<T> target, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool isDouble = typeof(T) == typeof(double);
        double h = isDouble ? 1e-4 : 2e-3;
        double floor = isDouble ? 1e-5 : 1e-2;

        network.ComputeGradients(x, target, rows, loss, inputGradient: true);
        T[] analytic = (T[])network.Gradients.Clone();
        T[] analyticInput = network.InputGradient.ToArray();
        T[] inputs = x.ToArray();
        T[] targets = target.ToArray();

        double maxParameter = 0;
        int worst = 0;
        T[] p = network.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            T saved = p[i];
            double numeric = Stencil(shift => { p[i] = saved + T.CreateChecked(shift); return Evaluate(network, loss, inputs, targets, rows); }, h);
            p[i] = saved;
            double error = Relative(double.CreateChecked(analytic[i]), numeric, floor);
            if (error > maxParameter)
            {
                maxParameter = error;
                worst = i;
            }
        }

        double maxInput = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            T saved = inputs[i];
            double numeric = Stencil(shift => { inputs[i] = saved + T.CreateChecked(shift); return Evaluate(network, loss, inputs, targets, rows); }, h);
            inputs[i] = saved;
            maxInput = Math.Max(maxInput, Relative(double.CreateChecked(analyticInput[i]), numeric, floor));
        }

        network.ComputeGradients(inputs, targets, rows, loss, inputGradient: true);
        return new GradientCheckResult(Math.Max(maxParameter, maxInput), maxParameter, maxInput, p.Length, inputs.Length, worst);
    }

    /// <summary>|a - n| / max(|a|, |n|, floor).</summary>
    public static double Relative(double analytic, double numeric, double floor) =>
        Math.Abs(analytic - numeric) / Math.Max(floor, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));

    private static double Stencil(Func<double, double> f, double h) =>
        (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h);

    private static double Evaluate<T>(Network<T> network, Loss loss, T[] x, T[] target, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        network.Forward(x, rows);
        return network.Loss(loss, target);
    }
}
