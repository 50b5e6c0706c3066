namespace Backprop.Activations;

/// <summary>
/// Receives the function struct of an element-wise activation (<see cref="Visit{TFunction}"/>) or learns that the
/// activation is not element-wise (<see cref="Other"/>). This is how a generic code path is specialised to an
/// activation's struct, so the JIT inlines f and f' per element, without a switch over the activations.
/// </summary>
/// <typeparam name="TResult">What the visit produces.</typeparam>
internal interface IElementwiseVisitor<out TResult>
{
    /// <summary>The activation is <see cref="Elementwise{TFunction}"/>.</summary>
    TResult Visit<TFunction>() where TFunction : IActivationFunction;

    /// <summary>The activation acts on whole rows (softmax).</summary>
    TResult Other();
}
