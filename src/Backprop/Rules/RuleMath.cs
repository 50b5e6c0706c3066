using System.Globalization;

namespace Backprop.Rules;

/// <summary>Small vector helpers shared by the single-unit rules (plain loops: these units are tiny).</summary>
internal static class RuleMath
{
    /// <summary>z = w . x + b.</summary>
    public static double NetInput(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x)
    {
        double z = b;
        for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
        return z;
    }

    /// <summary>w = w + a x.</summary>
    public static void AddScaled(Span<double> w, double a, ReadOnlySpan<double> x)
    {
        for (int i = 0; i < w.Length; i++) w[i] += a * x[i];
    }

    /// <summary>Euclidean norm of the augmented weight vector [w, b].</summary>
    public static double Norm(ReadOnlySpan<double> w, double b)
    {
        double s = b * b;
        foreach (double v in w) s += v * v;
        return Math.Sqrt(s);
    }

    /// <summary>Formats a vector as [a, b, c] with invariant culture and 4 significant digits.</summary>
    public static string Format(ReadOnlySpan<double> v)
    {
        var parts = new string[v.Length];
        for (int i = 0; i < v.Length; i++) parts[i] = Format(v[i]);
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Formats a number with invariant culture and 4 significant digits.</summary>
    public static string Format(double v) => NumberText.Format(v);

    /// <summary>Fraction of rows whose label from <paramref name="predict"/> equals the given label, after checking both.</summary>
    public static double Accuracy(IReadOnlyList<double[]> inputs, IReadOnlyList<int> labels, int inputCount, Func<double[], int> predict)
    {
        CheckLabels(labels);
        CheckData(inputs, labels.Count, inputCount);
        int right = 0;
        for (int r = 0; r < inputs.Count; r++)
        {
            if (predict(inputs[r]) == labels[r])
                right++;
        }
        return (double)right / inputs.Count;
    }

    /// <summary>Checks a single input vector against the unit's input count.</summary>
    public static void CheckInput(ReadOnlySpan<double> x, int inputs)
    {
        if (x.Length != inputs)
            throw new ArgumentException($"Input has {x.Length} values but the unit has {inputs} inputs.", nameof(x));
    }

    /// <summary>
    /// Checks a training set: at least one row, every row with <paramref name="inputs"/> finite values,
    /// and as many targets as rows.
    /// </summary>
    public static void CheckData(IReadOnlyList<double[]> rows, int targetCount, int inputs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("The training set is empty.", nameof(rows));
        if (targetCount != rows.Count)
            throw new ArgumentException($"There are {rows.Count} input rows but {targetCount} targets.", nameof(rows));
        for (int r = 0; r < rows.Count; r++)
        {
            double[]? row = rows[r];
            if (row is null) throw new ArgumentException($"Input row {r} is null.", nameof(rows));
            if (row.Length != inputs)
                throw new ArgumentException($"Input row {r} has {row.Length} values but the unit has {inputs} inputs.", nameof(rows));
            for (int i = 0; i < row.Length; i++)
                if (!double.IsFinite(row[i]))
                    throw new ArgumentException($"Input row {r}, column {i} is {row[i]}; inputs must be finite.", nameof(rows));
        }
    }

    /// <summary>Checks 0/1 class labels, naming the first bad one.</summary>
    public static void CheckLabels(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (int r = 0; r < labels.Count; r++)
            if (labels[r] is not (0 or 1))
                throw new ArgumentException($"Label {r} is {labels[r]}; labels must be 0 or 1.", nameof(labels));
    }

    /// <summary>Checks real-valued targets, naming the first non-finite one.</summary>
    public static void CheckTargets(IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        for (int r = 0; r < targets.Count; r++)
            if (!double.IsFinite(targets[r]))
                throw new ArgumentException($"Target {r} is {targets[r]}; targets must be finite.", nameof(targets));
    }

    /// <summary>Creates a weight vector with values uniform in [-scale, scale] drawn from <paramref name="rng"/>.</summary>
    public static double[] RandomWeights(Random rng, int count, double scale)
    {
        var w = new double[count];
        for (int i = 0; i < count; i++) w[i] = (2 * rng.NextDouble() - 1) * scale;
        return w;
    }

    /// <summary>Checks an initial weight vector and bias and copies the weights.</summary>
    public static double[] CopyWeights(IReadOnlyList<double> weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0) throw new ArgumentException("A unit needs at least one input weight.", nameof(weights));
        var w = new double[weights.Count];
        for (int i = 0; i < w.Length; i++)
        {
            if (!double.IsFinite(weights[i]))
                throw new ArgumentException($"Weight {i} is {weights[i]}; weights must be finite.", nameof(weights));
            w[i] = weights[i];
        }
        if (!double.IsFinite(bias)) throw new ArgumentOutOfRangeException(nameof(bias), bias, "The bias must be finite.");
        return w;
    }

    /// <summary>Checks a learning rate passed to a single update.</summary>
    public static void CheckLearningRate(double learningRate)
    {
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and > 0.");
    }

    /// <summary>Checks an input count.</summary>
    public static void CheckInputCount(int inputs)
    {
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A unit needs at least one input.");
    }
}
