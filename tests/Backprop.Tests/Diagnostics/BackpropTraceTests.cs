using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Losses;

namespace Backprop.Tests.Diagnostics;

/// <summary>The explain trace against the notes' numbers, their closed forms and finite differences.</summary>
public class BackpropTraceTests
{
    [Fact]
    public void UnitExampleShowsTheNotesWeightedSumAndActivation()
    {
        var trace = WorkedExample.Unit().Trace();

        var unit = Assert.Single(Assert.Single(trace.Layers).Units);
        Assert.Equal(0.87, unit.Z, 12);
        Assert.Equal(0.705, unit.A, 3);
        // Half squared error: delta = (a - y) a (1 - a), the notes' output delta.
        Assert.Equal((unit.A - 1) * unit.A * (1 - unit.A), unit.Delta, 15);
        Assert.Equal([0.5 * unit.Delta, 0.6 * unit.Delta, 0.1 * unit.Delta], unit.WeightGradients);
        Assert.Equal(unit.Delta, unit.BiasGradient);
        Assert.Equal(-0.1 * unit.Delta, unit.BiasUpdate!.Value, 15);
    }

    [Fact]
    public void ToyExampleMatchesTheNotesClosedForms()
    {
        var example = WorkedExample.Toy();
        var trace = example.Trace();
        double[] x = example.Input;
        double y = example.Target[0];
        var hidden = trace.Layers[0].Units;
        var output = Assert.Single(trace.Layers[1].Units);
        double c = output.A;

        // dL/du_i = (c - y) a_i and dL/dw_ij = (c - y) u_i a_i (1 - a_i) x_j.
        Assert.Equal(c - y, output.Delta, 15);
        for (int i = 0; i < 2; i++)
        {
            double a = hidden[i].A;
            Assert.Equal((c - y) * a, output.WeightGradients[i], 15);
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal((c - y) * output.Weights[i] * a * (1 - a) * x[j], hidden[i].WeightGradients[j], 15);
            }
        }
        Assert.Null(output.Bias);
        Assert.Null(hidden[0].BiasGradient);
    }

    [Theory]
    [InlineData("toy")]
    [InlineData("xor")]
    [InlineData("unit")]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var example = WorkedExample.Create(name);
        var trace = example.Trace();
        var network = example.Network;

        Assert.True(GradientCheck.Run<double>(network, example.Loss, example.Input, example.Target, 1).MaxParameterError < 1e-9);
        int offset = 0;
        foreach (var layer in trace.Layers)
        {
            int outs = layer.Units.Count, ins = layer.Inputs.Count;
            foreach (var unit in layer.Units)
            {
                for (int k = 0; k < ins; k++)
                {
                    double numeric = Numeric(network, example, offset + k * outs + unit.Index);
                    Assert.True(Math.Abs(numeric - unit.WeightGradients[k]) < 1e-9, $"dC/dw: {numeric} vs {unit.WeightGradients[k]}");
                }
                if (unit.BiasGradient is double dB)
                {
                    Assert.Equal(Numeric(network, example, offset + ins * outs + unit.Index), dB, 9);
                }
            }
            offset += ins * outs + (layer.Units[0].Bias is null ? 0 : outs);
        }
    }

    [Theory]
    [InlineData("toy")]
    [InlineData("xor")]
    public void DeltasAreTheDerivativeOfTheLossWithRespectToZ(string name)
    {
        // A zero bias on every unit leaves the function unchanged, and dC/db_j = dC/dz_j = delta_j.
        var example = WorkedExample.Create(name);
        var trace = example.Trace();
        var spec = NetworkSpec.Input(example.Network.Inputs);
        foreach (var layer in trace.Layers)
        {
            spec = spec.Dense(layer.Units.Count, Activation.Parse(layer.Activation));
        }
        var withBiases = spec.Build<double>();
        int offset = 0;
        foreach (var layer in trace.Layers)
        {
            int outs = layer.Units.Count, ins = layer.Inputs.Count;
            foreach (var unit in layer.Units)
            {
                for (int k = 0; k < ins; k++)
                {
                    withBiases.Parameters[offset + k * outs + unit.Index] = unit.Weights[k];
                }
                withBiases.Parameters[offset + ins * outs + unit.Index] = unit.Bias ?? 0;
            }
            offset += ins * outs + outs;
        }
        var twin = example with { Network = withBiases };

        offset = 0;
        foreach (var layer in trace.Layers)
        {
            int outs = layer.Units.Count, ins = layer.Inputs.Count;
            foreach (var unit in layer.Units)
            {
                Assert.Equal(Numeric(withBiases, twin, offset + ins * outs + unit.Index), unit.Delta, 9);
            }
            offset += ins * outs + outs;
        }
    }

    [Fact]
    public void HiddenDeltaIsTheBackPropagatedErrorTimesTheDerivative()
    {
        var trace = WorkedExample.Xor().Trace();
        var output = trace.Layers[1].Units[0];
        foreach (var unit in trace.Layers[0].Units)
        {
            // delta_j = (sum_i w_ij delta_i) a_j (1 - a_j).
            Assert.Equal(output.Weights[unit.Index] * output.Delta, unit.ActivationGradient, 15);
            Assert.Equal(unit.A * (1 - unit.A), unit.Derivative!.Value, 15);
            Assert.Equal(unit.ActivationGradient * unit.Derivative.Value, unit.Delta, 15);
        }
    }

    [Fact]
    public void TracingLeavesTheParametersUnchanged()
    {
        var example = WorkedExample.Xor();
        double[] before = (double[])example.Network.Parameters.Clone();
        var trace = example.Trace();
        Assert.Equal(before, example.Network.Parameters);
        Assert.Equal(-0.5 * trace.Layers[0].Units[1].WeightGradients[0], trace.Layers[0].Units[1].WeightUpdates[0], 15);
    }

    [Fact]
    public void SoftmaxOutputHasNoPerUnitDerivative()
    {
        var network = NetworkSpec.Input(2).Dense(3, Activation.Softmax).Build<double>(seed: 3);
        var trace = BackpropTrace.Trace<double>(network, Loss.CrossEntropy, [0.2, -0.4], [0, 1, 0], 0.1);
        Assert.All(trace.Layers[0].Units, u => Assert.Null(u.Derivative));
        Assert.Equal(trace.Layers[0].Units[1].A - 1, trace.Layers[0].Units[1].Delta, 12);
    }

    [Fact]
    public void PreconditionsThrow()
    {
        var rbf = NetworkSpec.Input(2).Rbf(2).Dense(1, Activation.Sigmoid).Build<double>();
        Assert.Throws<NotSupportedException>(() => BackpropTrace.Trace<double>(rbf, Loss.HalfSquaredError, [0, 1], [1], 0.1));
        var net = NetworkSpec.Input(2).Dense(1, Activation.Sigmoid).Build<double>();
        Assert.Throws<ArgumentException>(() => BackpropTrace.Trace<double>(net, Loss.HalfSquaredError, [0, 1], [1, 0], 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BackpropTrace.Trace<double>(net, Loss.HalfSquaredError, [0, 1], [1], -1));
        var step = NetworkSpec.Input(2).Dense(1, Activation.Step).Build<double>();
        Assert.Throws<InvalidOperationException>(() => BackpropTrace.Trace<double>(step, Loss.HalfSquaredError, [0, 1], [1], 0.1));
        Assert.Throws<ArgumentException>(() => WorkedExample.Create("nope"));
    }

    /// <summary>dC/dp for parameter <paramref name="index"/> by the five-point stencil, parameters restored.</summary>
    private static double Numeric(Network<double> network, WorkedExample example, int index)
    {
        const double h = 1e-3;
        double saved = network.Parameters[index];
        double At(double shift)
        {
            network.Parameters[index] = saved + shift;
            network.Forward(example.Input, 1);
            return network.Loss(example.Loss, example.Target);
        }
        double numeric = (At(-2 * h) - 8 * At(-h) + 8 * At(h) - At(2 * h)) / (12 * h);
        network.Parameters[index] = saved;
        return numeric;
    }
}
