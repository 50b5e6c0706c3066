namespace Backprop.Data;

/// <summary>
/// What a model's inputs and outputs mean, so that it can be applied to raw rows: the feature columns it reads (in
/// input order), how each becomes inputs (numbers, one-hot categories, missing-value fills) and the scaler applied to them, the label column, and how the label is encoded (class names for
/// classification, one output per class; a scaler for the single regression target). Immutable.
/// </summary>
public sealed class Schema
{
    /// <summary>Creates a schema of numeric feature columns that refuse missing cells (as model files of version 2 hold).</summary>
    /// <param name="task">Classification or regression.</param>
    /// <param name="labelName">The label column name; not empty.</param>
    /// <param name="featureNames">The feature columns, in input order; not empty, unique, none empty.</param>
    /// <param name="scaler">Standardises the features; one column per feature.</param>
    /// <param name="classes">Classification: the class names, one output unit each (at least two, unique). Regression: empty.</param>
    /// <param name="targetScaler">Regression: standardises the target (one column). Classification: null.</param>
    /// <exception cref="ArgumentException">The parts disagree (counts, duplicates, empty names, a scaler where none belongs).</exception>
    public Schema(TaskKind task, string labelName, IReadOnlyList<string> featureNames, StandardScaler scaler,
        IReadOnlyList<string> classes, StandardScaler? targetScaler)
        : this(task, labelName, NumericColumns(featureNames), scaler, classes, targetScaler)
    {
    }

    /// <summary>Creates a schema, checking that its parts agree.</summary>
    /// <param name="task">Classification or regression.</param>
    /// <param name="labelName">The label column name; not empty.</param>
    /// <param name="columns">The raw feature columns and their encodings, in input order; not empty, unique names.</param>
    /// <param name="scaler">Standardises the encoded inputs; one column per input (<see cref="FeatureColumn.Width"/> summed).</param>
    /// <param name="classes">Classification: the class names, one output unit each (at least two, unique). Regression: empty.</param>
    /// <param name="targetScaler">Regression: standardises the target (one column). Classification: null.</param>
    /// <exception cref="ArgumentException">The parts disagree (counts, duplicates, empty names, a scaler where none belongs).</exception>
    public Schema(TaskKind task, string labelName, IReadOnlyList<FeatureColumn> columns, StandardScaler scaler,
        IReadOnlyList<string> classes, StandardScaler? targetScaler)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelName);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(classes);
        if (columns.Count == 0)
            throw new ArgumentException("at least one feature is needed", nameof(columns));
        CheckNames([.. columns.Select(c => c.Name)], "feature column", nameof(columns));
        if (columns.Any(c => c.Name == labelName))
            throw new ArgumentException($"the label {DataException.Quote(labelName)} is also a feature column", nameof(columns));
        string[] featureNames = [.. columns.SelectMany(c => c.InputNames())];
        CheckNames(featureNames, "feature", nameof(columns));
        if (scaler.Columns != featureNames.Length)
            throw new ArgumentException($"the scaler has {scaler.Columns} columns for {featureNames.Length} features", nameof(scaler));
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
        Columns = [.. columns];
        FeatureNames = featureNames;
        Scaler = scaler;
        Classes = [.. classes];
        TargetScaler = targetScaler;
    }

    /// <summary>Classification or regression.</summary>
    public TaskKind Task { get; }

    /// <summary>The label column name.</summary>
    public string LabelName { get; }

    /// <summary>The raw feature columns read from a table and how each becomes inputs, in input order.</summary>
    public IReadOnlyList<FeatureColumn> Columns { get; }

    /// <summary>
    /// The network's inputs, in order: a numeric column's name, <c>column=category</c> per category of a categorical
    /// column, <c>column (missing)</c> for a missing indicator. For models of numeric columns only, the column names.
    /// </summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Whether every input is a numeric column read as is (no categories, no missing indicators).</summary>
    public bool IsPlainNumeric => Columns.All(c => c.Kind == ColumnKind.Numeric && !c.MissingIndicator);

    /// <summary>
    /// Encodes the feature columns of a table (found by name; other columns, the label among them, are ignored) into
    /// network inputs, not yet standardised: row-major <c>table.RowCount x Inputs</c>.
    /// </summary>
    /// <exception cref="DataException">A feature column is missing, or a cell cannot be encoded (named by line and column).</exception>
    public double[] Encode(CsvTable table) => Encode(table, null);

    /// <summary>Encodes some rows of a table (0-based data rows, in the order given), as <see cref="Encode(CsvTable)"/> does all.</summary>
    /// <exception cref="DataException">A feature column is missing, or a cell cannot be encoded (named by line and column).</exception>
    public double[] Encode(CsvTable table, IReadOnlyList<int>? rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[] source = SourceColumns(table);
        int count = rows?.Count ?? table.RowCount;
        var x = new double[(long)count * Inputs];
        for (int i = 0; i < count; i++)
            EncodeRow(table, source, rows is null ? i : rows[i], x.AsSpan(i * Inputs, Inputs));
        return x;
    }

    /// <summary>The table's column of each feature column, in input order.</summary>
    /// <exception cref="DataException">A feature column is missing.</exception>
    internal int[] SourceColumns(CsvTable table)
    {
        var source = new int[Columns.Count];
        for (int c = 0; c < source.Length; c++)
        {
            if (!table.TryGetColumnIndex(Columns[c].Name, out source[c]))
                throw new DataException(table.FileName, 1, null,
                    $"missing feature column {DataException.Quote(Columns[c].Name)}; the columns are {DataException.List(table.Header)}");
        }
        return source;
    }

    /// <summary>Encodes table row <paramref name="row"/> into <paramref name="x"/> (<see cref="Inputs"/> values); <paramref name="source"/> from <see cref="SourceColumns"/>.</summary>
    /// <exception cref="DataException">A cell cannot be encoded (named by line and column).</exception>
    internal void EncodeRow(CsvTable table, int[] source, int row, Span<double> x)
    {
        int offset = 0;
        for (int c = 0; c < source.Length; c++)
        {
            FeatureColumn column = Columns[c];
            if (column.Kind == ColumnKind.Numeric && table.TryGetStoredNumber(row, source[c], out double number))
                column.EncodeNumber(number, x.Slice(offset, column.Width));
            else if (!column.TryEncode(table.Cell(row, source[c]), x.Slice(offset, column.Width), out string? error))
                throw new DataException(table.FileName, table.SourceLine(row), source[c] + 1, $"{error} (column {DataException.Quote(column.Name)})");
            offset += column.Width;
        }
    }

    /// <summary>
    /// Encodes one raw row, given as column name to cell text, into network inputs (not yet standardised). A feature
    /// column absent from the row counts as missing; names that are not feature columns are ignored.
    /// </summary>
    /// <exception cref="DataException">A cell cannot be encoded (not a number, or missing where the model has no fill).</exception>
    public double[] Encode(IReadOnlyDictionary<string, string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var x = new double[Inputs];
        int offset = 0;
        foreach (FeatureColumn column in Columns)
        {
            string cell = row.TryGetValue(column.Name, out string? value) && value is not null ? value.Trim() : "";
            if (!column.TryEncode(cell, x.AsSpan(offset, column.Width), out string? error))
                throw new DataException(null, null, null, $"{error} (column {DataException.Quote(column.Name)})");
            offset += column.Width;
        }
        return x;
    }

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

    private static FeatureColumn[] NumericColumns(IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        CheckNames(featureNames, "feature", nameof(featureNames));
        return [.. featureNames.Select(name => FeatureColumn.Numeric(name))];
    }

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
