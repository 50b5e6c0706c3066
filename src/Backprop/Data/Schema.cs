namespace Backprop.Data;

/// <summary>
/// What a model's inputs and outputs mean, so that it can be applied to raw rows: the feature columns it reads (in
/// input order) and the scaler applied to them, the label column, and how the label is encoded (class names for
/// classification, one output per class; a scaler for the single regression target). Immutable.
/// </summary>
public sealed class Schema
{
    /// <summary>Creates a schema, checking that its parts agree.</summary>
    /// <param name="task">Classification or regression.</param>
    /// <param name="labelName">The label column name; not empty.</param>
    /// <param name="featureNames">The feature columns, in input order; not empty, unique, none empty.</param>
    /// <param name="scaler">Standardises the features; one column per feature.</param>
    /// <param name="classes">Classification: the class names, one output unit each (at least two, unique). Regression: empty.</param>
    /// <param name="targetScaler">Regression: standardises the target (one column). Classification: null.</param>
    /// <exception cref="ArgumentException">The parts disagree (counts, duplicates, empty names, a scaler where none belongs).</exception>
    public Schema(TaskKind task, string labelName, IReadOnlyList<string> featureNames, StandardScaler scaler,
        IReadOnlyList<string> classes, StandardScaler? targetScaler)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelName);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(classes);
        CheckNames(featureNames, "feature", nameof(featureNames));
        if (featureNames.Count == 0)
            throw new ArgumentException("at least one feature is needed", nameof(featureNames));
        if (scaler.Columns != featureNames.Count)
            throw new ArgumentException($"the scaler has {scaler.Columns} columns for {featureNames.Count} features", nameof(scaler));
        if (task == TaskKind.Classification)
        {
            CheckNames(classes, "class", nameof(classes));
            if (classes.Count < 2)
                throw new ArgumentException($"classification needs at least 2 classes, got {classes.Count}", nameof(classes));
            if (targetScaler is not null)
                throw new ArgumentException("a classification schema has no target scaler", nameof(targetScaler));
        }
        else if (task == TaskKind.Regression)
        {
            if (classes.Count != 0)
                throw new ArgumentException("a regression schema has no classes", nameof(classes));
            if (targetScaler is null || targetScaler.Columns != 1)
                throw new ArgumentException("a regression schema needs a one-column target scaler", nameof(targetScaler));
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task");
        }
        Task = task;
        LabelName = labelName;
        FeatureNames = [.. featureNames];
        Scaler = scaler;
        Classes = [.. classes];
        TargetScaler = targetScaler;
    }

    /// <summary>Classification or regression.</summary>
    public TaskKind Task { get; }

    /// <summary>The label column name.</summary>
    public string LabelName { get; }

    /// <summary>The feature columns, in the network's input order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Standardises the features (statistics of the training rows).</summary>
    public StandardScaler Scaler { get; }

    /// <summary>Classification: the class names, output unit <c>k</c> scoring class <c>Classes[k]</c>. Regression: empty.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Regression: standardises the target, so the network learns <c>(y - mean) / scale</c>. Classification: null.</summary>
    public StandardScaler? TargetScaler { get; }

    /// <summary>Inputs the network must have: one per feature.</summary>
    public int Inputs => FeatureNames.Count;

    /// <summary>Outputs the network must have: one per class, or one for regression.</summary>
    public int Outputs => Task == TaskKind.Classification ? Classes.Count : 1;

    private static void CheckNames(IReadOnlyList<string> names, string what, string parameter)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (string.IsNullOrEmpty(name))
                throw new ArgumentException($"a {what} name is empty", parameter);
            if (!seen.Add(name))
                throw new ArgumentException($"the {what} name {DataException.Quote(name)} repeats", parameter);
        }
    }
}
