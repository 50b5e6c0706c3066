namespace Backprop.Rules;

/// <summary>
/// The outcome of an error-correcting rule (Perceptron, MADALINE), which updates only on errors and
/// has converged when one whole epoch makes no error.
/// </summary>
/// <param name="Converged">True when an epoch ended with no errors (no updates) within the epoch limit.</param>
/// <param name="Epochs">Epochs run, including the final error-free one when converged.</param>
/// <param name="Updates">Number of weight updates (one per misclassified presentation).</param>
/// <param name="ErrorsPerEpoch">Misclassified presentations in each epoch, in order.</param>
public sealed record ConvergenceResult(bool Converged, int Epochs, int Updates, IReadOnlyList<int> ErrorsPerEpoch)
{
    /// <summary>"converged after 4 epochs (7 updates)" or "did not converge within 100 epochs (...)".</summary>
    public override string ToString() => Converged
        ? $"converged after {Epochs} epochs ({Updates} updates)"
        : $"did not converge within {Epochs} epochs ({Updates} updates; {ErrorsPerEpoch[^1]} errors in the last epoch)";
}
