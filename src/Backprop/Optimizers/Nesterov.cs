namespace Backprop.Optimizers;

/// <summary>
/// Nesterov accelerated gradient (Nesterov 1983; Sutskever et al. 2013), in the form that evaluates the gradient at
/// the stored parameters (Bengio, Boulanger-Lewandowski and Pascanu 2013, "Advances in optimizing recurrent
/// networks", eq. 7): d(t) = alpha d(t-1) - eta dC/dw; w(t+1) = w(t) + alpha d(t) - eta dC/dw.
/// The stored parameters are then the look-ahead point w + alpha d of the textbook form
/// v(t) = alpha v(t-1) - eta dC/dw(w + alpha v(t-1)). State: d, zero before the first step.
/// </summary>
public sealed class Nesterov : Momentum
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">eta, finite and positive.</param>
    /// <param name="alpha">The momentum parameter, in [0, 1].</param>
    public Nesterov(double learningRate, double alpha = 0.9) : base(learningRate, alpha)
    {
    }

    /// <inheritdoc />
    public override string Name => "nesterov";

    private protected override bool LooksAhead => true;
}
