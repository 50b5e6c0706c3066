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
    private Array[] state = [];
    private Array[] saved = [];
    private long savedSteps;

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
    public long Steps { get; private set; }

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
        var current = Prepare(parameters, gradients);
        Update(parameters, gradients, current, Steps);
    }

    /// <summary>
    /// <see cref="Step{T}"/> that also adds <paramref name="scale"/> times the gradients into <paramref name="sum"/> (the
    /// trainer's epoch gradient mean): in the optimizer's own pass where it has a fused kernel, else in a pass before it.
    /// </summary>
    internal void StepAndSum<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> sum, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var current = Prepare(parameters, gradients);
        if (!UpdateAndSum(parameters, gradients, current, Steps, sum, scale))
        {
            UpdateKernels.AddScaled(gradients, scale, sum);
            Update(parameters, gradients, current, Steps);
        }
    }

    /// <summary>
    /// <see cref="Update{T}"/> fused with sum += scale g, for optimizers with such a kernel (the same result per element
    /// as the two passes); false, having done nothing, for the others.
    /// </summary>
    private protected virtual bool UpdateAndSum<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t, Span<T> sum, T scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => false;

    // Checks the shapes, sizes or converts the state on first use, counts the step; returns the state arrays.
    private Array[] Prepare<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (parameters.Length != gradients.Length)
        {
            throw new ArgumentException(
                $"{parameters.Length} parameters but {gradients.Length} gradients; they must be the same length.", nameof(gradients));
        }
        if (state.Length != StateVectors)
        {
            state = new Array[StateVectors];
            for (int i = 0; i < state.Length; i++)
            {
                state[i] = new T[parameters.Length];
            }
        }
        else if (state.Length > 0 && state[0].Length != parameters.Length)
        {
            throw new ArgumentException(
                $"This {Name} optimizer holds state for {state[0].Length} parameters, not {parameters.Length}; " +
                "use one optimizer per parameter buffer.", nameof(parameters));
        }
        else if (state.Length > 0 && state[0] is not T[])
        {
            Narrow<T>();
        }
        Steps++;
        return state;
    }

    /// <summary>
    /// The update itself: one pass over the parameters. <paramref name="state"/> holds <see cref="StateVectors"/>
    /// arrays of <typeparamref name="T"/>, zero before the first step; <paramref name="t"/> is this step's number, from 1.
    /// </summary>
    protected abstract void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Array[] state, long t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Forgets all state, as if no step had been taken.</summary>
    public void Reset()
    {
        state = [];
        Steps = 0;
    }

    /// <summary>The step count and state arrays, widened to double (exact for float and double).</summary>
    public OptimizerState ExportState() => Export(state, Steps);

    /// <summary>Replaces the step count and state arrays with <paramref name="saved"/> (from <see cref="ExportState"/>).</summary>
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
        // The element type is unknown until the next step; keep doubles and narrow then (see Narrow).
        state = saved.Vectors.Count == 0 ? [] : [.. saved.Vectors.Select(v => (Array)v.Clone())];
        Steps = saved.Steps;
    }

    /// <summary>Copies the current state aside (no allocation after the first call with this state shape).</summary>
    internal void Save()
    {
        if (saved.Length != state.Length)
        {
            saved = new Array[state.Length];
        }
        for (int i = 0; i < state.Length; i++)
        {
            if (saved[i] is null || saved[i].GetType() != state[i].GetType() || saved[i].Length != state[i].Length)
            {
                saved[i] = Array.CreateInstance(state[i].GetType().GetElementType()!, state[i].Length);
            }
            Array.Copy(state[i], saved[i], state[i].Length);
        }
        savedSteps = Steps;
    }

    /// <summary>Returns to the state of the last <see cref="Save"/>.</summary>
    internal void Revert()
    {
        if (saved.Length == 0)
        {
            Reset();
            return;
        }
        if (state.Length != saved.Length)
        {
            state = new Array[saved.Length];
        }
        for (int i = 0; i < saved.Length; i++)
        {
            if (state[i] is null || state[i].GetType() != saved[i].GetType())
            {
                state[i] = Array.CreateInstance(saved[i].GetType().GetElementType()!, saved[i].Length);
            }
            Array.Copy(saved[i], state[i], saved[i].Length);
        }
        Steps = savedSteps;
    }

    /// <summary>The state as of the last <see cref="Save"/>, exported like <see cref="ExportState"/>.</summary>
    internal OptimizerState ExportSaved() => Export(saved, savedSteps);

    // State imported (or reverted to) as another element type is converted once, before the step that needs it;
    // float values widened to double come back exactly.
    private void Narrow<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < state.Length; i++)
        {
            var target = new T[state[i].Length];
            switch (state[i])
            {
                case double[] d:
                    for (int j = 0; j < d.Length; j++)
                    {
                        target[j] = T.CreateTruncating(d[j]);
                    }
                    break;
                case float[] f:
                    for (int j = 0; j < f.Length; j++)
                    {
                        target[j] = T.CreateTruncating(f[j]);
                    }
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected state type {state[i].GetType().Name}.");
            }
            state[i] = target;
        }
    }

    private OptimizerState Export(Array[] vectors, long steps)
    {
        var copies = new double[vectors.Length][];
        for (int i = 0; i < vectors.Length; i++)
        {
            copies[i] = vectors[i] switch
            {
                double[] d => (double[])d.Clone(),
                float[] f => Array.ConvertAll(f, x => (double)x),
                _ => throw new InvalidOperationException($"Unexpected state type {vectors[i].GetType().Name}."),
            };
        }
        return new OptimizerState(Name, steps, copies);
    }

    /// <summary>The name and hyperparameters, e.g. <c>momentum(lr=0.1, alpha=0.9)</c>.</summary>
    public override string ToString() => $"{Name}(lr={LearningRate:R})";
}
