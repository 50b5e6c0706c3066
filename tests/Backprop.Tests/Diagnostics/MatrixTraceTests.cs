using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Losses;

namespace Backprop.Tests.Diagnostics;

// 002: S = -2Ae at the output, S-hat = A-hat W S going back, dF/dW = a-hat S^T; and 000's ReLU XOR network.
public class MatrixTraceTests
{
    [Fact]
    public void FourLayerRecursionMatchesTheBackwardPass()
    {
        var example = WorkedExample.FourLayer();
        var trace = example.Trace();
        var m = MatrixTrace.From(trace);

        Assert.True(m.Gap < 1e-15, $"{m.Gap}");
        var output = m.Layers[^1];
        for (int i = 0; i < 2; i++)
        {
            double e = example.Target[i] - output.A[i];
            double a = output.A[i] * (1 - output.A[i]); // sigma'(n) on A's diagonal
            Assert.Equal(a, output.Jacobian[i * 2 + i], 15);
            Assert.Equal(-2 * a * e, output.S[i], 15); // S4 = -2 A4 e
        }
        // S3 = A3 W4 S4, written out for unit 0 of layer 3.
        var s3 = m.Layers[1];
        double w4s4 = output.Weights[0] * output.S[0] + output.Weights[1] * output.S[1];
        Assert.Equal(s3.Jacobian[0] * w4s4, s3.S[0], 15);
        // dF/dW = a-hat S^T against the engine's gradient buffer (layer 2's weights come first, inputs x units).
        var network = example.Network;
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 3; c++)
                Assert.Equal(network.Gradients[r * 3 + c], m.Layers[0].WeightGradient[r * 3 + c], 15);
        }
    }

    [Fact]
    public void FourLayerMatricesAgreeWithFiniteDifferences()
    {
        // Chosen weights (002 gives none). S = dF/dn is dF/db, since n = W^T a-hat + b; dF/dW = a-hat S^T is dF/dW;
        // A = diag(sigma'(n)). Each is compared with central differences of F = ||t - y||^2.
        var example = WorkedExample.FourLayer();
        var network = example.Network;
        var m = MatrixTrace.From(example.Trace());
        double[] p = network.Parameters;
        const double h = 1e-6;
        double F(int index, double step)
        {
            double keep = p[index];
            p[index] = keep + step;
            network.Forward(example.Input, 1);
            double f = network.Loss(example.Loss, example.Target);
            p[index] = keep;
            return f;
        }
        double Numeric(int index) => (F(index, h) - F(index, -h)) / (2 * h);

        int offset = 0, checkedCount = 0;
        foreach (var layer in m.Layers)
        {
            int inputs = layer.InputActivations.Length, units = layer.N.Length;
            for (int k = 0; k < inputs * units; k++, checkedCount++)
                Assert.Equal(Numeric(offset + k), layer.WeightGradient[k], 9);
            offset += inputs * units;
            for (int i = 0; i < units; i++, checkedCount++)
            {
                Assert.Equal(Numeric(offset + i), layer.S[i], 9);
                double n = layer.N[i];
                double slope = (1 / (1 + Math.Exp(-(n + h))) - 1 / (1 + Math.Exp(-(n - h)))) / (2 * h);
                Assert.Equal(slope, layer.Jacobian[i * units + i], 9);
            }
            offset += units;
        }
        Assert.Equal(network.ParameterCount, checkedCount);
        var check = GradientCheck.Run<double>(network, example.Loss, example.Input, example.Target, 1);
        Assert.True(check.MaxRelativeError < 1e-7, $"{check}");
    }

    [Fact]
    public void SoftmaxOutputUsesItsFullJacobian()
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Tanh).Dense(3, Activation.Softmax).Build<double>(3);
        var trace = BackpropTrace.Trace<double>(network, Loss.CrossEntropy, [0.4, -0.7], [0, 1, 0], 0.1);
        var m = MatrixTrace.From(trace);
        Assert.False(m.Layers[^1].IsDiagonal);
        Assert.True(m.Gap < 1e-12, $"{m.Gap}");
    }

    [Fact]
    public void TheReluXorNetworkOfLecture000IsExactOnEveryRow()
    {
        double[][] rows = [[0, 0], [0, 1], [1, 0], [1, 1]];
        double[] xor = [0, 1, 1, 0];
        for (int r = 0; r < 4; r++)
        {
            var example = WorkedExample.ReluXor();
            var trace = BackpropTrace.Trace<double>(example.Network, example.Loss, rows[r], [xor[r]], 0.1);
            Assert.Equal(xor[r], trace.Layers[^1].Units[0].A);
            Assert.Equal(0, trace.LossValue);
        }
        // (1, 1): h1 = 2, h2 = 1, y1's z = 2 - 2 = 0, where ReLU'(0) = 1; with target 0.5, dError/dy = 2 (y - t) = -1.
        var half = WorkedExample.ReluXor();
        var y = BackpropTrace.Trace<double>(half.Network, half.Loss, [1, 1], [0.5], 0.1).Layers[^1].Units[0];
        Assert.Equal((0.0, 1.0, -1.0, -1.0), (y.Z, y.Derivative!.Value, y.ActivationGradient, y.Delta));
    }
}
