using Backprop.Numerics;
using Backprop.Optimizers;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// Each optimizer's first two steps on w0 = (0.5, -1, 2) with the fixed gradients g1 = (0.2, -0.4, 1.5) and
/// g2 = (-0.1, 0.3, 0.5). The expected values were computed by hand-written Python (double precision) straight from
/// the published update rule named in each test, not by the code under test.
/// </summary>
public class OptimizerTests
{
    private static readonly double[] W0 = [0.5, -1.0, 2.0];
    private static readonly double[] G1 = [0.2, -0.4, 1.5];
    private static readonly double[] G2 = [-0.1, 0.3, 0.5];

    private static void AssertTwoSteps(Optimizer optimizer, double[] first, double[] second)
    {
        double[] w = [.. W0];
        optimizer.Step<double>(w, G1);
        AssertClose(first, w);
        optimizer.Step<double>(w, G2);
        AssertClose(second, w);
        Assert.Equal(2, optimizer.Steps);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Fact]
    public void SgdStepsAgainstTheGradient()
    {
        // w -= eta g, eta = 0.1.
        AssertTwoSteps(new Sgd(0.1), [0.48, -0.96, 1.85], [0.49, -0.99, 1.8]);
    }

    [Fact]
    public void MomentumFollowsTheNotes()
    {
        // Notes, lecture 4: delta_w(t) = -eta g + alpha delta_w(t-1); w += delta_w. eta = 0.1, alpha = 0.9.
        // Step 2 by hand: delta = -0.1 * (-0.1) + 0.9 * (-0.02) = -0.008 -> w0 = 0.48 - 0.008 = 0.472.
        AssertTwoSteps(new Momentum(0.1, 0.9), [0.48, -0.96, 1.85], [0.472, -0.954, 1.665]);
    }

    [Fact]
    public void NesterovUsesTheLookAheadForm()
    {
        // Bengio et al. 2013 eq. 7: d = alpha d - eta g; w += alpha d - eta g. eta = 0.1, alpha = 0.9.
        AssertTwoSteps(new Nesterov(0.1, 0.9),
            [0.46199999999999997, -0.9239999999999999, 1.7149999999999999],
            [0.4648, -0.9486, 1.4984999999999997]);
    }

    [Fact]
    public void AdagradDividesByTheRootOfTheSummedSquares()
    {
        // Duchi et al. 2011 / Ruder: G += g^2; w -= eta g / sqrt(G + eps). eta = 0.1, eps = 1e-8.
        AssertTwoSteps(new Adagrad(0.1, 1e-8),
            [0.40000001249999767, -0.9000000031249998, 1.9000000002222222],
            [0.4447213675778582, -0.9600000019249999, 1.868377223683784]);
    }

    [Fact]
    public void RmsPropDividesByTheRunningRootMeanSquare()
    {
        // Hinton 2012 / Ruder: E = rho E + (1 - rho) g^2; w -= eta g / sqrt(E + eps). eta = 0.01, rho = 0.9, eps = 1e-8.
        AssertTwoSteps(new RmsProp(0.01, 0.9, 1e-8),
            [0.46837726292671283, -0.9683772332804292, 1.9683772241010447],
            [0.4831214425159291, -0.9879888426037333, 1.9578943759642178]);
    }

    [Fact]
    public void AdaDeltaFollowsZeilerAlgorithm1()
    {
        // Zeiler 2012, Algorithm 1: Eg = rho Eg + (1 - rho) g^2; dx = -sqrt(Ex + eps) / sqrt(Eg + eps) g;
        // Ex = rho Ex + (1 - rho) dx^2; w += dx. rho = 0.95, eps = 1e-6, no learning rate (1).
        AssertTwoSteps(new AdaDelta(0.95, 1e-6),
            [0.49552898165990106, -0.9955281435272965, 1.9955278839210278],
            [0.4984147711761931, -0.9993848097270329, 1.9934813190005387]);
    }

    [Fact]
    public void AdamCorrectsTheBiasOfBothMoments()
    {
        // Kingma and Ba 2015, Algorithm 1: m^ = m / (1 - b1^t), v^ = v / (1 - b2^t); w -= eta m^ / (sqrt(v^) + eps).
        // eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8. The first step is eta sign(g) up to eps.
        AssertTwoSteps(new Adam(0.01, 0.9, 0.999, 1e-8),
            [0.4900000005, -0.99000000025, 1.9900000000666667],
            [0.4873366302718676, -0.9891067502012136, 1.9812893606373492]);
    }

    [Fact]
    public void NadamFollowsDozatAlgorithm2()
    {
        // Dozat 2016, Algorithm 2 with constant mu = b1: m^ = b1 m / (1 - b1^(t+1)) + (1 - b1) g / (1 - b1^t);
        // n^ = n / (1 - b2^t); w -= eta m^ / (sqrt(n^) + eps). eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8.
        AssertTwoSteps(new Nadam(0.01, 0.9, 0.999, 1e-8),
            [0.48526315863157893, -0.9852631582631579, 1.9852631579929825],
            [0.4869117946307273, -0.9891657710224314, 1.9774125497828756]);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void VectorLanesAndScalarTailAgree(string name)
    {
        // 3 x 37 values: the same three parameters repeated, so the vector lanes and the scalar tail must agree exactly.
        const int copies = 37;
        float[] w = new float[3 * copies];
        float[] g1 = new float[w.Length];
        float[] g2 = new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)W0[i % 3];
            g1[i] = (float)G1[i % 3];
            g2[i] = (float)G2[i % 3];
        }
        var optimizer = Optimizer.Create(name, 0.01);
        optimizer.Step<float>(w, g1);
        optimizer.Step<float>(w, g2);
        for (int i = 3; i < w.Length; i++)
        {
            Assert.Equal(w[i % 3], w[i]);
        }
        Assert.NotEqual((float)W0[0], w[0]);
    }

    public static TheoryData<string> AllNames() => [.. Optimizer.Names];

    // An optimizer written outside the library: its own Update only.
    private sealed class HalfStep() : Optimizer(0.5)
    {
        public override string Name => "half";

        protected override int StateVectors => 0;

        protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= T.CreateTruncating(0.5) * gradients[i];
            }
        }
    }

    [Fact]
    public void StepAddingMeanRunsAnOptimizersOwnUpdate()
    {
        float[] w = [1, 2, 3], mean = [0.5f, 0, -1];
        var optimizer = new HalfStep();
        optimizer.StepAddingMean<float>(w, [2, 4, 8], mean, 0.25f);
        Assert.Equal([0f, 0, -1], w);
        Assert.Equal([1f, 1, 1], mean);
        Assert.Equal(1, optimizer.Steps);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void StepAddingMeanIsTheStepAndTheMeanPass(string name)
    {
        // 17: a tiny network's 128-bit path; 111: the wide lanes and a scalar tail.
        foreach (int n in new[] { 17, 111 })
        {
            var random = new Random(n);
            float[] Draw() => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2))];
            float[] w = Draw(), g1 = Draw(), g2 = Draw(), mean = Draw();
            float[] w2 = [.. w], mean2 = [.. mean];
            Optimizer fused = Optimizer.Create(name, 0.01), plain = Optimizer.Create(name, 0.01);
            foreach (var g in new[] { g1, g2 })
            {
                fused.StepAddingMean<float>(w, g, mean, 0.25f);
                UpdateKernels.AddScaled<float>(g, 0.25f, mean2);
                plain.Step<float>(w2, g);
            }
            Assert.Equal(w2, w);
            Assert.Equal(mean2, mean);
            Assert.Equal(plain.ExportState().Vectors, fused.ExportState().Vectors);
            Assert.Equal(2, fused.Steps);
        }
    }

    [Fact]
    public void CreateKnowsEveryNameAndListsThemOnError()
    {
        Assert.Equal(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "nadam"], Optimizer.Names);
        foreach (string name in Optimizer.Names)
        {
            var optimizer = Optimizer.Create(name, 0.05);
            Assert.Equal(name, optimizer.Name);
            Assert.Equal(0.05, optimizer.LearningRate);
        }
        Assert.IsType<Adam>(Optimizer.Create("ADAM", 0.1));
        var e = Assert.Throws<ArgumentException>(() => Optimizer.Create("lbfgs", 0.1));
        Assert.Contains("lbfgs", e.Message);
        Assert.Contains("sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, nadam", e.Message);
    }

    [Fact]
    public void BadHyperparametersAreRefusedByName()
    {
        Assert.Contains("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(double.PositiveInfinity));
        Assert.Contains("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(0.1, 1.5)).Message);
        Assert.Contains("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new Nesterov(0.1, -0.1)).Message);
        Assert.Contains("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(0.1, 0)).Message);
        Assert.Contains("rho", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(0.1, 1)).Message);
        Assert.Contains("rho", Assert.Throws<ArgumentOutOfRangeException>(() => new AdaDelta(-0.5)).Message);
        Assert.Contains("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0.1, beta1: 1)).Message);
        Assert.Contains("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Nadam(0.1, beta2: 2)).Message);
        var sgd = new Sgd(0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -1);
        Assert.Equal(0.1, sgd.LearningRate);
    }

    [Fact]
    public void StepRefusesMismatchedLengths()
    {
        var momentum = new Momentum(0.1);
        Assert.Throws<ArgumentException>(() => momentum.Step<double>(new double[3], new double[2]));
        momentum.Step<double>(new double[3], new double[3]);
        Assert.Throws<ArgumentException>(() => momentum.Step<double>(new double[4], new double[4]));
    }

    [Fact]
    public void StateRoundTripsAndResumesExactly()
    {
        float[] w = [0.5f, -1f, 2f];
        var adam = new Adam(0.01);
        adam.Step<float>(w, [0.2f, -0.4f, 1.5f]);
        var state = adam.ExportState();
        Assert.Equal("adam", state.Optimizer);
        Assert.Equal(1, state.Steps);
        Assert.Equal(2, state.Vectors.Count);
        Assert.Equal(0.02, state.Vectors[0][0], 6); // m = (1 - b1) g, in float

        float[] copy = [.. w];
        var resumed = new Adam(0.01);
        resumed.ImportState(state);
        adam.Step<float>(w, [-0.1f, 0.3f, 0.5f]);
        resumed.Step<float>(copy, [-0.1f, 0.3f, 0.5f]);
        Assert.Equal(w, copy);
        Assert.Equal(2, resumed.Steps);

        Assert.Throws<ArgumentException>(() => new Sgd(0.1).ImportState(state));
        Assert.Throws<ArgumentException>(() => new Adam().ImportState(state with { Vectors = [[1, 2, 3]] }));
        Assert.Throws<ArgumentException>(() => new Adam().ImportState(state with { Vectors = [[1, double.NaN, 3], [1, 2, 3]] }));
    }

    [Fact]
    public void ResetForgetsTheState()
    {
        var momentum = new Momentum(0.1);
        double[] w = [0, 0];
        momentum.Step<double>(w, [1, 1]);
        momentum.Reset();
        Assert.Equal(0, momentum.Steps);
        Assert.Empty(momentum.ExportState().Vectors);
        momentum.Step<double>(w, [1, 1]);
        Assert.Equal(-0.2, w[0], 15);
    }
}
