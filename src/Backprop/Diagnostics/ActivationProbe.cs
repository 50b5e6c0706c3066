using Backprop.Activations;

namespace Backprop.Diagnostics;

/// <summary>
/// An activation evaluated at given pre-activations z: y = f(z) and the Jacobian J[i, j] = dy_i / dz_j, read from the
/// activation's own backward pass (row i is J^T e_i), beside central finite differences of f. Element-wise
/// activations have diagonal Jacobians (the diagonal is f'(z)); softmax's is diag(y) - y y^T.
/// </summary>
/// <param name="Z">The inputs.</param>
/// <param name="Y">f(z).</param>
/// <param name="Jacobian">dy_i / dz_j, row-major n x n, from the backward pass.</param>
/// <param name="Numeric">The same by central differences with step <see cref="Step"/>.</param>
public sealed record ActivationProbe(double[] Z, double[] Y, double[] Jacobian, double[] Numeric)
{
    /// <summary>The finite-difference step.</summary>
    public const double Step = 1e-6;

    /// <summary>True when every off-diagonal entry of the Jacobian is 0.</summary>
    public bool IsDiagonal => Diagonal(Jacobian, Z.Length);

    /// <summary>True when every off-diagonal entry of the row-major <paramref name="n"/> x <paramref name="n"/> <paramref name="matrix"/> is 0.</summary>
    internal static bool Diagonal(double[] matrix, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i != j && matrix[i * n + j] != 0)
                    return false;
            }
        }
        return true;
    }

    /// <summary>The largest |backward - finite difference| over the Jacobian.</summary>
    public double MaxDifference
    {
        get
        {
            double max = 0;
            for (int i = 0; i < Jacobian.Length; i++)
                max = Math.Max(max, Math.Abs(Jacobian[i] - Numeric[i]));
            return max;
        }
    }

    /// <summary>Evaluates <paramref name="activation"/> at <paramref name="z"/> (one row of n values).</summary>
    public static ActivationProbe At(Activation activation, IReadOnlyList<double> z)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(z);
        if (z.Count == 0)
            throw new ArgumentException("Give at least one value of z.", nameof(z));
        int n = z.Count;
        double[] x = [.. z];
        var y = new double[n];
        activation.Forward<double>(x, y, 1, n);
        var jacobian = new double[n * n];
        var unit = new double[n];
        var row = new double[n];
        for (int i = 0; i < n; i++)
        {
            // dZ = J^T dY; with dY = e_i it is row i of J.
            Array.Clear(unit);
            unit[i] = 1;
            activation.Backward<double>(x, y, unit, row, 1, n);
            row.CopyTo(jacobian, i * n);
        }
        var numeric = new double[n * n];
        var plus = new double[n];
        var minus = new double[n];
        for (int j = 0; j < n; j++)
        {
            double[] up = [.. x], down = [.. x];
            up[j] += Step;
            down[j] -= Step;
            activation.Forward<double>(up, plus, 1, n);
            activation.Forward<double>(down, minus, 1, n);
            for (int i = 0; i < n; i++)
                numeric[i * n + j] = (plus[i] - minus[i]) / (2 * Step);
        }
        return new ActivationProbe(x, y, jacobian, numeric);
    }
}
