using Backprop.Constructions;

namespace Backprop.Tests.Constructions;

// 001: MLPs as universal approximators, from square pulses and cylinders; RBF units one per cylinder.
public class ApproximationTests
{
    [Fact]
    public void PulseIsOneBetweenT1AndT2AndZeroElsewhere()
    {
        var pulse = Pulses.Pulse(1, 2);
        Assert.Equal(3, pulse.Layers[0].Outputs + pulse.Layers[1].Outputs);
        var y = pulse.Forward([0.5, 0.999, 1, 1.5, 1.999, 2, 3], 7).ToArray();
        Assert.Equal([0.0, 0, 1, 1, 1, 0, 0], y);
    }

    [Fact]
    public void NarrowerPulsesApproximateSinBetter()
    {
        var sin = Function1.BuiltIn[0];
        double previous = double.PositiveInfinity;
        foreach (int n in new[] { 4, 8, 16, 32, 64 })
        {
            var network = Pulses.Approximate(sin.F, sin.A, sin.B, n);
            Assert.Equal(2 * n, network.Layers[0].Outputs);
            var error = ApproximationError.Of(network, sin.F, sin.A, sin.B, 4000);
            // |sin'| <= 1 and every point is at most half a pulse from the pulse's middle.
            Assert.True(error.Max <= (sin.B - sin.A) / n / 2 + 1e-9, $"{n}: {error}");
            Assert.True(error.Rms < previous / 1.8, $"{n}: {error.Rms} after {previous}");
            previous = error.Rms;
        }
    }

    [Fact]
    public void SamplesAreInterpolatedLinearly()
    {
        var f = Function1.FromSamples("csv", [0, 1, 3], [0, 2, 0]);
        Assert.Equal(1, f.F(0.5));
        Assert.Equal(1, f.F(2));
        Assert.Equal((0.0, 3.0), (f.A, f.B));
        Assert.Throws<ArgumentException>(() => Function1.FromSamples("csv", [0, 0], [1, 2]));
    }

    [Fact]
    public void SquareCylindersTileAndConvergeAndRbfMatchesAtEveryCentre()
    {
        var bump = Function2.BuiltIn[0];
        double previous = double.PositiveInfinity;
        foreach (int cells in new[] { 2, 4, 8 })
        {
            var threshold = Cylinders.Threshold(bump.F, bump.A, bump.B, cells);
            Assert.Equal(cells * cells * 4, threshold.Layers[0].Outputs);
            var error = ApproximationError.Of(threshold, bump.F, bump.A, bump.B, 120);
            Assert.True(error.Rms < previous, $"{cells}: {error}");
            previous = error.Rms;

            var rbf = Cylinders.Rbf(bump.F, bump.A, bump.B, cells);
            Assert.Equal(cells * cells, rbf.Layers[0].Outputs);
            double width = (bump.B - bump.A) / cells;
            for (int r = 0; r < cells; r++)
            {
                for (int c = 0; c < cells; c++)
                {
                    double x = bump.A + (c + 0.5) * width, y = bump.A + (r + 0.5) * width;
                    Assert.Equal(bump.F(x, y), rbf.Forward([x, y], 1)[0], 9);
                    // The threshold cylinder over this cell has the function's height at its centre.
                    Assert.Equal(bump.F(x, y), threshold.Forward([x, y], 1)[0], 12);
                }
            }
        }
    }
}
