using Backprop.Cli.Tests.Seeing;

namespace Backprop.Cli.Tests.Notes;

// The classic rules, activations, linear collapse and vanishing gradients from the command.
public class SeeingMoreCommandTests
{
    [Fact]
    public void SoftmaxOfTheNotesExamplePrintsTheirNumbers()
    {
        var text = Cli.Run("activation", "softmax", "2,-1.99,-0.01");
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("y  = [0.868, 0.016, 0.116]", text.Out);
        Assert.Contains("Jacobian", text.Out);
        Assert.Contains("(h = 1e-06)", text.Out);   // was 1E-06, unlike every other number the command prints

        var json = Cli.Run("activation", "sigmoid", "0,2", "--json").Json;
        Assert.True(json.GetProperty("diagonal").GetBoolean());
        Assert.Equal(0.25, json.GetProperty("derivative")[0].GetDouble(), 12);
        Assert.Equal(2, Cli.Run("activation", "softmax", "1,x").Code);
        Assert.Equal(2, Cli.Run("activation", "cosine", "1").Code);
    }

    [Fact]
    public void ReluDerivativeAtZeroIsOneAndTheKinkIsNamed()
    {
        var text = Cli.Run("activation", "relu", ",-1,0,2");
        Assert.Contains("f'(z) = [0.000, 1.000, 1.000]", text.Out);
        Assert.Contains("a kink", text.Out);
    }

    [Fact]
    public void LinearLayersCollapse()
    {
        var json = Cli.Run("collapse", "--sizes", "3,5,4,2", "--json").Json;
        Assert.Equal("Dense(3 -> 2, Identity)", json.GetProperty("collapsed").GetString());
        Assert.True(json.GetProperty("max_output_gap").GetDouble() < 1e-12);
        Assert.Equal(2, Cli.Run("collapse", "--sizes", "3,2").Code);
    }

    [Fact]
    public void VanishingGradientsTableAndPicture()
    {
        string png = Path.Combine(SeeingCli.TempDirectory(), "vanishing.png");
        var result = Cli.Run("vanishing", "--depth", "6", "--width", "16", "--points", "60", "--png", png);
        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("sigmoid", result.Out);
        SeeingCli.AssertPicture(png);

        var json = Cli.Run("vanishing", "--depth", "8", "--json").Json;
        var sigmoid = json.GetProperty("sigmoid").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.True(sigmoid[0] < sigmoid[^2] * 1e-3);
    }

    [Fact]
    public void HebbsWeightNormGrowsWithoutBound()
    {
        var json = Cli.Run("classic", "hebb", "and", "--epochs", "30", "--json").Json;
        var norms = json.GetProperty("weight_norms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(31, norms.Length);
        for (int e = 1; e < norms.Length; e++)
            Assert.True(norms[e] > norms[e - 1]);
        Assert.True(norms[^1] > 1e4 * norms[0]);
    }

    [Fact]
    public void PerceptronConvergesOnAndAndFailsOnXor()
    {
        var and = Cli.Run("classic", "perceptron", "and", "--json").Json;
        Assert.True(and.GetProperty("converged").GetBoolean());
        Assert.Equal(1.0, and.GetProperty("accuracy").GetDouble());
        Assert.Equal(-and.GetProperty("bias").GetDouble(), and.GetProperty("threshold").GetDouble());

        var xor = Cli.Run("classic", "perceptron", "xor", "--trace");
        Assert.True(xor.Code == 0, xor.ToString());
        Assert.Contains("did not converge within 100 epochs", xor.Out);
        Assert.Contains("no solution for XOR", xor.Out);
    }

    [Fact]
    public void LmsConvergesToTheLeastSquaresMinimum()
    {
        // AND with targets -1/+1: the least-squares line is w = (1, 1), b = -3/2, with mean squared error 1/4.
        var json = Cli.Run("classic", "adaline", "and", "--epochs", "3000", "--lr", "0.01", "--json").Json;
        var mse = json.GetProperty("mse").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(0.25, mse[^1], 2);
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void DeltaRuleLowersTheErrorOnOr()
    {
        var json = Cli.Run("classic", "delta", "or", "--json").Json;
        var mse = json.GetProperty("mse").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.True(mse[^1] < json.GetProperty("mse_before").GetDouble() / 2);
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
        Assert.Equal(3, Cli.Run("classic", "perceptron", "iris").Code);
    }
}

public class ExplainMatrixTests
{
    [Fact]
    public void FourLayerExampleInTheNotesMatrixForm()
    {
        var text = Cli.Run("explain", "--example", "four-layer", "--notation", "matrix");
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("dF/dy = -2e (F = ||t - y||^2), so S4 = -2 A4 e", text.Out);
        Assert.Contains("S3 = A3^T W4 S4 = A3 W4 S4", text.Out);
        Assert.Contains("dF/dW2 = a1 S2^T", text.Out);
        Assert.Contains("differ by at most", text.Out);

        var json = Cli.Run("explain", "--example", "four-layer", "--notation", "matrix", "--json").Json;
        Assert.True(json.GetProperty("max_gap_to_backward_pass").GetDouble() < 1e-12);
        Assert.Equal(3, json.GetProperty("layers").GetArrayLength());
    }

    [Fact]
    public void SmallNumbersInTheMatrixFormReadAsTheRestOfTheCommand()
    {
        // A made-up network whose gradients are about 1e-5: the matrix form printed them as -6.54E-05.
        string dir = Directory.CreateTempSubdirectory("backprop-matrix").FullName;
        string weights = Path.Combine(dir, "small.json");
        File.WriteAllText(weights, """
            {
              "format": "backprop-weights", "version": 1, "inputs": ["a", "b"], "output": "y",
              "layers": [
                { "activation": "tanh", "W": [[2, -1], [0.5, 1.5], [-1, -1]], "b": [0.1, -0.2, 0.3] },
                { "activation": "sigmoid", "W": [[1, -2, 0.5]], "b": [0.25] }
              ],
              "loss": "squared-error",
              "example": { "input": [0.5, -1], "target": [1], "learning_rate": 0.5 }
            }
            """);
        var text = Cli.Run("explain", weights, "--notation", "matrix");
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("dF/dW2 = a1 S2^T = [-6.54e-05, 0.000444, -0.000314]", text.Out);
        Assert.DoesNotContain("E-", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("E+", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ReluXorShowsTheFactorTwo()
    {
        var json = Cli.Run("explain", "--example", "relu-xor", "--target", "0.5", "--json");
        Assert.True(json.Code == 0, json.ToString());
        Assert.Contains("000's XOR network", json.Out);
        var text = Cli.Run("explain", "--example", "relu-xor", "--target", "0.5");
        Assert.Contains("delta_1 = dC/da_1 f'(z_1) = (-1)*1 = -1", text.Out); // 2 (y - t) = 2 (0 - 0.5)
    }
}
