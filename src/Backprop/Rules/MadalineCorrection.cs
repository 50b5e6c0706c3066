namespace Backprop.Rules;

/// <summary>
/// One MADALINE correction: a pattern the network got wrong, the units whose outputs were flipped to fix
/// it (closest to 0 first), and every unit's |z| at that moment.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Pattern">Index of the pattern in the training set.</param>
/// <param name="Candidates">Units whose output disagreed with the desired output (the only flips that can help), by increasing |z|.</param>
/// <param name="Flipped">The units flipped and then trained toward their flipped value: the first entries of <paramref name="Candidates"/>.</param>
/// <param name="AbsNetInputs">|z_j| of every unit j before the correction.</param>
public sealed record MadalineCorrection(int Epoch, int Pattern, IReadOnlyList<int> Candidates, IReadOnlyList<int> Flipped, IReadOnlyList<double> AbsNetInputs)
{
    /// <summary>
    /// "epoch 2, pattern 3: flipped unit 1 of the disagreeing units 1, 0; |z| = [0.9, 0.12, 0.5]": the disagreeing
    /// units are listed closest to 0 first, so the flipped ones are always the first of them (unit 2, with the smallest
    /// |z| in this example, already agreed).
    /// </summary>
    public override string ToString() =>
        $"epoch {Epoch}, pattern {Pattern}: flipped unit{(Flipped.Count > 1 ? "s" : "")} {string.Join(", ", Flipped)} " +
        $"of the disagreeing units {string.Join(", ", Candidates)}; |z| = {RuleMath.Format([.. AbsNetInputs])}";
}

/// <summary>The outcome of <see cref="Madaline.Train"/>: convergence figures and the trace of corrections.</summary>
/// <param name="Convergence">Whether an epoch passed with no errors, epochs used, updates (= corrections).</param>
/// <param name="Corrections">Every correction, in order.</param>
public sealed record MadalineTrainingResult(ConvergenceResult Convergence, IReadOnlyList<MadalineCorrection> Corrections)
{
    /// <summary>Same as <see cref="Convergence"/>'s text.</summary>
    public override string ToString() => Convergence.ToString();
}
