namespace Backprop.Rules;

/// <summary>
/// Widrow's MADALINE (many ADALINEs): a layer of ADALINE units with sign outputs
/// s_j = +1 if z_j = w_j . x + b_j &gt;= 0, else -1, feeding a fixed <see cref="MadalineVote"/> (majority,
/// Or, And) whose +1/-1 is the network output. Class labels are 0/1 at the API: label 1 is output +1,
/// label 0 is output -1 (the +/-1 form keeps the hidden units' LMS targets symmetric about the threshold).
/// <para>
/// Training, the MADALINE rule of the notes (MRII, minimal disturbance): update only on error; on an error,
/// take the units whose output disagrees with the desired output d (flipping any other cannot help),
/// closest to 0 first; flip the one with |z| closest to 0 and recompute the output; if the error is gone,
/// set that unit's desired output to its flipped value and apply the ADALINE rule to it:
/// w_j = w_j + eta (s_j' - z_j) x, b_j = b_j + eta (s_j' - z_j). Because the vote depends only on how many
/// units say +1, flipping a different single unit instead has the same effect, so when one flip is not
/// enough the next closest is flipped as well (and so on) until the output is right, and each flipped unit
/// is trained.
/// </para>
/// </summary>
public sealed class Madaline
{
    private readonly Adaline[] _units;

    /// <summary>Creates a MADALINE with weights and biases uniform in [-scale, scale] drawn from <c>new Random(seed)</c>.</summary>
    /// <param name="inputs">Number of inputs, at least 1.</param>
    /// <param name="units">Number of ADALINE units, at least 1 (odd for <see cref="MadalineVote.Majority"/>, so there is no tie).</param>
    /// <param name="vote">The fixed output function.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="scale">Half-width of the initial weight range, finite and &gt; 0.</param>
    public Madaline(int inputs, int units, MadalineVote vote, int seed, double scale = 0.5)
    {
        RuleMath.CheckInputCount(inputs);
        ArgumentNullException.ThrowIfNull(vote);
        if (units < 1) throw new ArgumentOutOfRangeException(nameof(units), units, "A MADALINE needs at least one unit.");
        if (vote == MadalineVote.Majority && units % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(units), units, "A majority vote needs an odd number of units.");
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The initial weight scale must be finite and > 0.");
        var rng = new Random(seed);
        _units = new Adaline[units];
        for (int j = 0; j < units; j++)
        {
            double[] w = RuleMath.RandomWeights(rng, inputs + 1, scale);
            _units[j] = new Adaline(w[..inputs], w[inputs]);
        }
        Vote = vote;
    }

    /// <summary>Creates a MADALINE from given units (their weights are copied), e.g. to follow a worked example.</summary>
    /// <param name="units">At least one unit, all with the same number of inputs (odd count for a majority vote).</param>
    /// <param name="vote">The fixed output function.</param>
    public Madaline(IReadOnlyList<Adaline> units, MadalineVote vote)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(vote);
        if (units.Count == 0) throw new ArgumentException("A MADALINE needs at least one unit.", nameof(units));
        if (vote == MadalineVote.Majority && units.Count % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(units), units.Count, "A majority vote needs an odd number of units.");
        _units = new Adaline[units.Count];
        for (int j = 0; j < units.Count; j++)
        {
            ArgumentNullException.ThrowIfNull(units[j], nameof(units));
            if (units[j].Inputs != units[0].Inputs)
                throw new ArgumentException($"Unit {j} has {units[j].Inputs} inputs but unit 0 has {units[0].Inputs}.", nameof(units));
            _units[j] = new Adaline(units[j].Weights, units[j].Bias);
        }
        Vote = vote;
    }

    /// <summary>Number of inputs.</summary>
    public int Inputs => _units[0].Inputs;

    /// <summary>The ADALINE units (live; their weights change during training).</summary>
    public IReadOnlyList<Adaline> Units => _units;

    /// <summary>The fixed output function.</summary>
    public MadalineVote Vote { get; }

    /// <summary>The units' sign outputs s_j = +1 if z_j &gt;= 0, else -1.</summary>
    public int[] UnitOutputs(ReadOnlySpan<double> x)
    {
        var s = new int[_units.Length];
        for (int j = 0; j < s.Length; j++) s[j] = Sign(_units[j].NetInput(x));
        return s;
    }

    /// <summary>The network output, +1 or -1.</summary>
    public int Output(ReadOnlySpan<double> x) => Vote.Combine(UnitOutputs(x));

    /// <summary>The predicted class label: 1 for output +1, 0 for output -1.</summary>
    public int Predict(ReadOnlySpan<double> x) => Output(x) == 1 ? 1 : 0;

    /// <summary>
    /// Trains with the MADALINE rule (see the type's summary) until an epoch makes no error or
    /// <see cref="RuleOptions.Epochs"/> epochs have run.
    /// </summary>
    /// <param name="inputs">Rows of <see cref="Inputs"/> values.</param>
    /// <param name="labels">Class labels, 0 or 1, one per row.</param>
    /// <param name="options">Learning rate of the ADALINE steps, epoch limit, order.</param>
    public MadalineTrainingResult Train(IReadOnlyList<double[]> inputs, IReadOnlyList<int> labels, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleMath.CheckLabels(labels);
        RuleMath.CheckData(inputs, labels.Count, Inputs);
        var order = new EpochOrder(inputs.Count, options.ShuffleSeed);
        var corrections = new List<MadalineCorrection>();
        var errorsPerEpoch = new List<int>();
        var z = new double[_units.Length];
        var s = new int[_units.Length];
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            int errors = 0;
            foreach (int p in order.Next())
            {
                double[] x = inputs[p];
                for (int j = 0; j < z.Length; j++)
                {
                    z[j] = _units[j].NetInput(x);
                    s[j] = Sign(z[j]);
                }
                int d = labels[p] == 1 ? 1 : -1;
                if (Vote.Combine(s) == d) continue;
                errors++;
                corrections.Add(Correct(epoch, p, x, d, z, s, options.LearningRate));
            }
            errorsPerEpoch.Add(errors);
            if (errors == 0)
                return new MadalineTrainingResult(new ConvergenceResult(true, epoch, corrections.Count, errorsPerEpoch), corrections);
        }
        return new MadalineTrainingResult(new ConvergenceResult(false, options.Epochs, corrections.Count, errorsPerEpoch), corrections);
    }

    /// <summary>Fraction of rows whose predicted label equals the label.</summary>
    public double Accuracy(IReadOnlyList<double[]> inputs, IReadOnlyList<int> labels) =>
        RuleMath.Accuracy(inputs, labels, Inputs, x => Predict(x));

    /// <summary>"Madaline(2 inputs, 3 Adaline units, Majority)".</summary>
    public override string ToString() => $"Madaline({Inputs} inputs, {_units.Length} Adaline units, {Vote})";

    // Minimal disturbance: flip the disagreeing units closest to 0, one more at a time, until the vote is d.
    private MadalineCorrection Correct(int epoch, int pattern, double[] x, int d, double[] z, int[] s, double learningRate)
    {
        int[] candidates = [.. Enumerable.Range(0, s.Length).Where(j => s[j] != d).OrderBy(j => Math.Abs(z[j])).ThenBy(j => j)];
        int[] trial = [.. s];
        int k = 0;
        while (k < candidates.Length && Vote.Combine(trial) != d) trial[candidates[k]] = -trial[candidates[k++]];
        int[] flipped = candidates[..k];
        foreach (int j in flipped) _units[j].Update(x, trial[j], learningRate);
        return new MadalineCorrection(epoch, pattern, candidates, flipped, [.. z.Select(Math.Abs)]);
    }

    private static int Sign(double z) => z >= 0 ? 1 : -1;
}
