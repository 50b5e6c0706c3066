namespace Backprop.Optimizers;

/// <summary>
/// An optimizer's state for checkpoints: its name, the steps taken and its state arrays (velocities, running
/// averages) widened to double, which is exact for float and double parameters. No vectors before the first step.
/// </summary>
/// <param name="Optimizer">The optimizer's <see cref="Optimizers.Optimizer.Name"/>.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="Vectors">The state arrays, each as long as the parameters.</param>
public sealed record OptimizerState(string Optimizer, long Steps, IReadOnlyList<double[]> Vectors);
