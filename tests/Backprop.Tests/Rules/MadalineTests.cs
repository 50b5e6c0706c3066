using Backprop.Rules;

namespace Backprop.Tests.Rules;

public class MadalineTests
{
    [Fact]
    public void Flips_only_the_disagreeing_unit_closest_to_0_and_applies_the_adaline_rule_to_it()
    {
        // x = (1, 0), desired +1. z = (-0.8, -0.3, +0.1): votes (-1, -1, +1), majority -1: an error.
        // Unit 2 has the smallest |z| but already votes +1; of the disagreeing units 0 and 1, unit 1 is closest to 0.
        // Flipping it makes the majority +1, so unit 1 is trained toward +1:
        // delta = 1 - (-0.3) = 1.3; w = -0.3 + 0.5*1.3*1 = 0.35; b = 0 + 0.5*1.3 = 0.65.
        var m = new Madaline([new Adaline([-1, 0], 0.2), new Adaline([-0.3, 0], 0), new Adaline([0.1, 0], 0)], MadalineVote.Majority);
        MadalineTrainingResult r = m.Train([[1, 0]], [1], new RuleOptions(learningRate: 0.5, epochs: 1));
        MadalineCorrection c = Assert.Single(r.Corrections);
        Assert.Equal((1, 0), (c.Epoch, c.Pattern));
        Assert.Equal([1, 0], c.Candidates);
        Assert.Equal([1], c.Flipped);
        Assert.Equal(0.8, c.AbsNetInputs[0], 12);
        Assert.Equal(0.3, c.AbsNetInputs[1], 12);
        Assert.Equal(0.1, c.AbsNetInputs[2], 12);
        Assert.Equal(0.35, m.Units[1].Weights[0], 12);
        Assert.Equal(0.65, m.Units[1].Bias, 12);
        Assert.Equal([-1.0, 0], m.Units[0].Weights);   // untouched
        Assert.Equal(1, m.Output([1, 0]));
        Assert.Equal("epoch 1, pattern 0: flipped unit 1 of the disagreeing units 1, 0; |z| = [0.8, 0.3, 0.1]", c.ToString());
        Assert.False(r.Convergence.Converged);   // the only epoch had an error
    }

    [Fact]
    public void When_one_flip_is_not_enough_the_next_closest_is_flipped_too()
    {
        // All three vote -1 but +1 is wanted: two flips are needed, the two closest to 0 (units 2 and 0).
        var m = new Madaline([new Adaline([-0.2], 0), new Adaline([-0.9], 0), new Adaline([-0.1], 0)], MadalineVote.Majority);
        MadalineCorrection c = Assert.Single(m.Train([[1]], [1], new RuleOptions(learningRate: 0.1, epochs: 1)).Corrections);
        Assert.Equal([2, 0, 1], c.Candidates);
        Assert.Equal([2, 0], c.Flipped);
        Assert.Equal(-0.9, m.Units[1].Weights[0]);
    }

    [Fact]
    public void Reaches_100_percent_on_xor()
    {
        // Seed 7 takes a few dozen corrections, some needing two flips, so the trace check below has work to check.
        var m = new Madaline(2, 3, MadalineVote.Majority, seed: 7);
        MadalineTrainingResult r = m.Train(RuleData.Binary2, RuleData.Xor, new RuleOptions(learningRate: 0.1, epochs: 1000, shuffleSeed: 7));
        Assert.True(r.Convergence.Converged, r.ToString());
        Assert.Equal(1.0, m.Accuracy(RuleData.Binary2, RuleData.Xor));
        Assert.Equal(r.Convergence.Updates, r.Corrections.Count);
        AssertMinimalDisturbance(r);
    }

    [Fact]
    public void Learns_xor_quadrant_blobs_where_the_perceptron_cannot()
    {
        (double[][] x, int[] y) = RuleData.XorBlobs(seed: 3, perBlob: 10);
        var m = new Madaline(2, 3, MadalineVote.Majority, seed: 4);
        MadalineTrainingResult r = m.Train(x, y, new RuleOptions(learningRate: 0.05, epochs: 2000, shuffleSeed: 5));
        Assert.True(r.Convergence.Converged, r.ToString());
        Assert.Equal(1.0, m.Accuracy(x, y));
        AssertMinimalDisturbance(r);

        var p = new Perceptron(2);
        ConvergenceResult pr = p.Train(x, y, new RuleOptions(learningRate: 0.1, epochs: 2000, shuffleSeed: 5));
        Assert.False(pr.Converged);
        Assert.True(p.Accuracy(x, y) < 1.0);
    }

    [Fact]
    public void Or_vote_learns_xor()
    {
        var m = new Madaline(2, 2, MadalineVote.Or, seed: 7);
        MadalineTrainingResult r = m.Train(RuleData.Binary2, RuleData.Xor, new RuleOptions(learningRate: 0.1, epochs: 1000, shuffleSeed: 8));
        Assert.True(r.Convergence.Converged, r.ToString());
        Assert.Equal(1.0, m.Accuracy(RuleData.Binary2, RuleData.Xor));
    }

    [Fact]
    public void Training_is_reproducible()
    {
        (double[][] x, int[] y) = RuleData.XorBlobs(seed: 3, perBlob: 10);
        var options = new RuleOptions(learningRate: 0.05, epochs: 50, shuffleSeed: 5);
        var a = new Madaline(2, 3, MadalineVote.Majority, seed: 4);
        var b = new Madaline(2, 3, MadalineVote.Majority, seed: 4);
        Assert.Equal(a.Train(x, y, options).Corrections, b.Train(x, y, options).Corrections, CorrectionEquals);
        Assert.Equal(a.Units[2].Weights, b.Units[2].Weights);
    }

    [Fact]
    public void Votes_combine_signs()
    {
        Assert.Equal(1, MadalineVote.Majority.Combine([1, -1, 1]));
        Assert.Equal(-1, MadalineVote.Majority.Combine([1, -1, -1]));
        Assert.Equal(1, MadalineVote.Or.Combine([-1, -1, 1]));
        Assert.Equal(-1, MadalineVote.Or.Combine([-1, -1]));
        Assert.Equal(1, MadalineVote.And.Combine([1, 1]));
        Assert.Equal(-1, MadalineVote.And.Combine([1, -1]));
        Assert.Throws<ArgumentException>(() => MadalineVote.And.Combine([1, 0]));
    }

    [Fact]
    public void Prints_and_checks()
    {
        Assert.Equal("Madaline(2 inputs, 3 Adaline units, Majority)", new Madaline(2, 3, MadalineVote.Majority, 0).ToString());
        Assert.Contains("4", Assert.Throws<ArgumentOutOfRangeException>(() => new Madaline(2, 4, MadalineVote.Majority, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Madaline(2, 0, MadalineVote.Or, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Madaline(2, 2, MadalineVote.Or, 0, scale: 0));
        Assert.Throws<ArgumentException>(() => new Madaline([new Adaline(2), new Adaline(3)], MadalineVote.Or));
        var m = new Madaline(2, 2, MadalineVote.And, 0);
        Assert.Throws<ArgumentException>(() => m.Train(RuleData.Binary2, [0, 1, 1, -1], new RuleOptions()));
    }

    // Every correction flipped the k disagreeing units closest to 0, and nothing else.
    private static void AssertMinimalDisturbance(MadalineTrainingResult r)
    {
        Assert.Contains(r.Corrections, c => c.Flipped.Count == 1);
        foreach (MadalineCorrection c in r.Corrections)
        {
            Assert.NotEmpty(c.Flipped);
            Assert.Equal(c.Candidates.Take(c.Flipped.Count), c.Flipped);
            double[] candidateZ = [.. c.Candidates.Select(j => c.AbsNetInputs[j])];
            Assert.Equal(candidateZ.Order(), candidateZ);
        }
    }

    private static bool CorrectionEquals(MadalineCorrection a, MadalineCorrection b) =>
        a.Epoch == b.Epoch && a.Pattern == b.Pattern && a.Flipped.SequenceEqual(b.Flipped) && a.AbsNetInputs.SequenceEqual(b.AbsNetInputs);
}
