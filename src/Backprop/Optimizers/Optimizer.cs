using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Updates a network's flat parameter buffer from its gradient buffer, one pass per step. An optimizer owns its state
/// (velocities, running averages): a few arrays of the parameter's element type, sized to the parameter count,
/// allocated on the first <see cref="Step{T}"/>. One optimizer serves one parameter buffer.
/// Weight decay is not the optimizer's business: the trainer adds lambda w to the gradient before the step.
/// </summary>
public abstract class Optimizer
{
    private double learningRate;
    // The state arrays, T[][] for the parameters' element type T, made at the first step; null before it.
    private Array? state;
    // State imported before the element type was known, made into T[][] at the next step.
    private double[][]? imported;
    // Update<T> bound to the state's element type (a Binding<T>), so a step makes one delegate call instead of a generic
    // virtual lookup and an array-type check, which cost more than a tiny network's whole update.
    private object? binding;

    private delegate void UpdateStep<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t);

    private delegate void MeanStep<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share);

    private sealed class Binding<T>(T[][] state, int length, UpdateStep<T> update, MeanStep<T> addingMean)
    {
        public readonly T[][] State = state;
        public readonly int Length = length;
        public readonly UpdateStep<T> Update = update;
        public readonly MeanStep<T> AddingMean = addingMean;
    }

    /// <summary>Creates an optimizer with the given initial learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not finite and positive.</exception>
    protected Optimizer(double learningRate)
    {
        LearningRate = learningRate;
    }

    /// <summary>The name used on the command line and in checkpoints, e.g. <c>momentum</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The current learning rate eta; learning-rate schedules set it each epoch. Finite and positive.</summary>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = Check.Positive(value, nameof(LearningRate));
    }

    /// <summary>Steps taken so far (t in the bias corrections of Adam and Nadam).</summary>
    public long Steps { get; internal set; }

    /// <summary>How many state arrays (each the size of the parameters) this optimizer keeps.</summary>
    protected abstract int StateVectors { get; }

    /// <summary>Every optimizer name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "nadam"];

    /// <summary>
    /// An optimizer by name with its default hyperparameters and the given learning rate (for AdaDelta a factor on
    /// its step, 1 in the paper).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>; the message lists them.</exception>
    public static Optimizer Create(string name, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "sgd" => new Sgd(learningRate),
            "momentum" => new Momentum(learningRate),
            "nesterov" => new Nesterov(learningRate),
            "adagrad" => new Adagrad(learningRate),
            "rmsprop" => new RmsProp(learningRate),
            "adadelta" => new AdaDelta(learningRate: learningRate),
            "adam" => new Adam(learningRate),
            "nadam" => new Nadam(learningRate),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// One update of <paramref name="parameters"/> from <paramref name="gradients"/> (dLoss/dw, same length). The first
    /// call fixes the parameter count and element type; later calls must match them.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, or differ from the first step's, or the type differs.</exception>
    public void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var bound = Counted<T>(parameters.Length, gradients.Length);
        bound.Update(parameters, gradients, bound.State, Steps);
    }

    /// <summary>
    /// <see cref="Step{T}"/>, and mean += share g (the trainer's epoch mean of the gradients, the same values as
    /// <see cref="UpdateKernels.AddScaled{T}"/>): in the update's one pass for the built-in rules
    /// (<see cref="UpdateAddingMean{T}"/>), so a small network's step makes one pass over its gradients, not two.
    /// </summary>
    internal void StepAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> mean, T share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var bound = Counted<T>(parameters.Length, gradients.Length);
        bound.AddingMean(parameters, gradients, bound.State, Steps, mean, share);
    }

    // A whole step's operands checked, the state bound to their length and the step counted.
    private Binding<T> Counted<T>(int parameters, int gradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (parameters != gradients)
        {
            throw new ArgumentException(
                $"{parameters} parameters but {gradients} gradients; they must be the same length.", "gradients");
        }
        var bound = Bound<T>(parameters);
        Steps++;
        return bound;
    }

    private Binding<T> Bound<T>(int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (binding is not Binding<T> bound || bound.Length != length || !ReferenceEquals(bound.State, state))
        {
            bound = new Binding<T>(State<T>(length), length, Update<T>, UpdateAddingMean<T>);
            binding = bound;
        }
        return bound;
    }

    // A step split over threads (the trainer's update on several threads): BeginStep counts the step, then disjoint
    // ranges covering the parameters are updated, on any threads, each element as Step updates it.

    /// <summary>Whether <see cref="UpdateRange{T}"/> may update one step's parameters range by range (an element-wise rule).</summary>
    internal virtual bool UpdatesByRange => false;

    /// <summary>Counts a step that <see cref="UpdateRange{T}"/> then carries out over <paramref name="length"/> parameters.</summary>
    internal virtual void BeginStep<T>(int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Bound<T>(length);
        Steps++;
    }

    /// <summary>
    /// Elements <paramref name="from"/> .. <paramref name="to"/> of the step <see cref="BeginStep{T}"/> began; when
    /// <paramref name="mean"/> (as long as the parameters) is not empty, also its range += share g in the same pass.
    /// </summary>
    internal virtual void UpdateRange<T>(Span<T> parameters, ReadOnlySpan<T> gradients, int from, int to, Span<T> mean, T share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var s = ((Binding<T>)binding!).State;
        int length = to - from;
        UpdateSpans(parameters.Slice(from, length), gradients.Slice(from, length),
            s.Length > 0 ? s[0].AsSpan(from, length) : default, s.Length > 1 ? s[1].AsSpan(from, length) : default, Steps,
            mean.IsEmpty ? default : mean.Slice(from, length), share);
    }

    /// <summary>
    /// The update on a range: the state arrays' matching ranges in s0 and s1 (empty beyond <see cref="StateVectors"/>),
    /// and mean += share g when <paramref name="mean"/> is not empty (<see cref="UpdateKernels.RunAddingMean{T, TRule}"/>).
    /// </summary>
    private protected virtual void UpdateSpans<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> s0, Span<T> s1, long t, Span<T> mean, T share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        throw new InvalidOperationException($"The {Name} optimizer updates its parameters whole (UpdatesByRange is false).");

    /// <summary>
    /// <see cref="Update{T}"/> and mean += share g; the built-in rules do both in one pass
    /// (<see cref="UpdateKernels.RunAddingMean{T, TRule}"/>), any other optimizer two.
    /// </summary>
    private protected virtual void UpdateAddingMean<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t, Span<T> mean, T share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        UpdateKernels.AddScaled(gradients, share, mean);
        Update(parameters, gradients, state, t);
    }

    /// <summary>
    /// The update itself: one pass over the parameters. <paramref name="state"/> holds <see cref="StateVectors"/>
    /// arrays as long as the parameters, zero before the first step; <paramref name="t"/> is this step's number, from 1.
    /// </summary>
    protected abstract void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T[][] state, long t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>
    /// The state arrays for <paramref name="length"/> parameters of type <typeparamref name="T"/>: made (zero, or from
    /// an imported state) on first use, then the same arrays every step.
    /// </summary>
    internal T[][] State<T>(int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (state is T[][] typed)
        {
            if (typed.Length > 0 && typed[0].Length != length)
            {
                throw new ArgumentException(
                    $"This {Name} optimizer holds state for {typed[0].Length} parameters, not {length}; " +
                    "use one optimizer per parameter buffer.", "parameters");
            }
            return typed;
        }
        if (state is not null)
        {
            throw new ArgumentException(
                $"This {Name} optimizer holds state for {state.GetType().GetElementType()!.GetElementType()!.Name} parameters, " +
                $"not {typeof(T).Name}; use one optimizer per parameter buffer or Reset it.", "parameters");
        }
        var created = new T[StateVectors][];
        for (int i = 0; i < created.Length; i++)
        {
            created[i] = new T[length];
            if (imported is not null)
            {
                if (imported[i].Length != length)
                {
                    throw new ArgumentException(
                        $"The imported {Name} state is for {imported[i].Length} parameters, not {length}.", "parameters");
                }
                for (int j = 0; j < length; j++)
                {
                    created[i][j] = T.CreateTruncating(imported[i][j]);
                }
            }
        }
        imported = null;
        state = created;
        return created;
    }

    /// <summary>Forgets all state, as if no step had been taken.</summary>
    public void Reset()
    {
        state = null;
        imported = null;
        Steps = 0;
    }

    /// <summary>The step count and state arrays, widened to double (exact for float and double).</summary>
    public OptimizerState ExportState()
    {
        if (imported is not null)
        {
            return new OptimizerState(Name, Steps, [.. imported.Select(v => (double[])v.Clone())]);
        }
        return state switch
        {
            double[][] d => new OptimizerState(Name, Steps, [.. d.Select(v => (double[])v.Clone())]),
            float[][] f => new OptimizerState(Name, Steps, [.. f.Select(v => Array.ConvertAll(v, x => (double)x))]),
            null => new OptimizerState(Name, Steps, []),
            _ => throw new InvalidOperationException($"Export takes float or double state, not {state.GetType().Name}."),
        };
    }

    /// <summary>
    /// Replaces the step count and state arrays with <paramref name="saved"/> (from <see cref="ExportState"/>); the
    /// arrays take the parameters' element type at the next step.
    /// </summary>
    /// <exception cref="ArgumentException">The state is another optimizer's, or has the wrong number of arrays or a non-finite value.</exception>
    public void ImportState(OptimizerState saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        if (!string.Equals(saved.Optimizer, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The state is of optimizer '{saved.Optimizer}', not '{Name}'.", nameof(saved));
        }
        if (saved.Vectors.Count != 0 && saved.Vectors.Count != StateVectors)
        {
            throw new ArgumentException($"{Name} keeps {StateVectors} state arrays, the saved state has {saved.Vectors.Count}.", nameof(saved));
        }
        int length = saved.Vectors.Count == 0 ? 0 : saved.Vectors[0].Length;
        foreach (var vector in saved.Vectors)
        {
            if (vector.Length != length)
            {
                throw new ArgumentException($"The saved {Name} state arrays differ in length ({length} and {vector.Length}).", nameof(saved));
            }
            if (!UpdateKernels.AllFinite<double>(vector))
            {
                throw new ArgumentException($"The saved {Name} state holds a NaN or infinite value.", nameof(saved));
            }
        }
        state = null;
        imported = saved.Vectors.Count == 0 ? null : [.. saved.Vectors.Select(v => (double[])v.Clone())];
        Steps = saved.Steps;
    }

    /// <summary>The name and hyperparameters, e.g. <c>momentum(lr=0.1, alpha=0.9)</c>.</summary>
    public override string ToString() => $"{Name}(lr={NumberText.Exact(LearningRate)})";
}
