using System.Globalization;
using System.Numerics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Losses;
using Backprop.Training;

namespace Backprop.Tabular;

/// <summary>
/// The path from a table to a trained model that applies to raw rows, in one call (in the spirit of scikit-learn's
/// <c>make_pipeline(ColumnTransformer(...), MLPClassifier())</c>): column roles (numeric, categorical, ID columns left
/// out), rows without a label dropped, a stratified test split, a validation part for early stopping, missing values
/// filled in from the training part (median, most frequent), one-hot categories, standardised inputs and regression
/// target, the network and its training, and scores. Everything fitted is kept in the model's <see cref="Schema"/>.
/// </summary>
public static class TabularModel
{
    /// <summary>Tables with fewer rows are not split: every row trains (a test part of one or two rows says nothing).</summary>
    public const int MinRowsToSplit = 20;

    /// <summary>A training part smaller than this has no validation part (early stopping on a handful of rows is noise).</summary>
    public const int MinRowsToValidate = 20;

    /// <summary>A non-numeric column whose values are all different is an ID (and left out) when it has at least this many rows.</summary>
    public const int MinRowsForIdColumn = 20;

    /// <summary>Trains a float model on a table: prepare, train, score.</summary>
    /// <param name="table">The table.</param>
    /// <param name="label">The label column's name.</param>
    /// <param name="options">How; null for the defaults.</param>
    /// <param name="cancellation">Stops training at the end of a batch (the result says so).</param>
    /// <exception cref="DataException">The table cannot be learned from (unknown columns, bad values, a single class...).</exception>
    public static TabularFit Fit(CsvTable table, string label, TabularOptions? options = null, CancellationToken cancellation = default)
    {
        TabularRun<float> run = Prepare<float>(table, label, options);
        return run.Finish(run.Train(null, cancellation));
    }

    /// <summary>
    /// Does everything but the training: reads and splits the table, fits the encodings, builds the network and the
    /// trainer. The caller may restore a checkpoint into <see cref="TabularRun{T}.Trainer"/>, then calls
    /// <see cref="TabularRun{T}.Train"/> and <see cref="TabularRun{T}.Finish"/>.
    /// </summary>
    /// <exception cref="DataException">The table cannot be learned from.</exception>
    public static TabularRun<T> Prepare<T>(CsvTable table, string label, TabularOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(label);
        options ??= new TabularOptions();
        var notes = new List<string>();
        int labelColumn = table.ColumnIndex(label);
        int[] candidates = CandidateColumns(table, labelColumn, options);
        TaskKind task = options.Task ?? TabularData.DetectTask(table, label);

        // Rows: those with a label, and with --drop-missing those with every feature.
        var kept = new List<int>(table.RowCount);
        int noLabel = 0, incomplete = 0;
        for (int r = 0; r < table.RowCount; r++)
        {
            if (table.IsMissing(r, labelColumn))
            {
                noLabel++;
                continue;
            }
            if (options.DropMissing && candidates.Any(c => table.IsMissing(r, c)))
            {
                incomplete++;
                continue;
            }
            kept.Add(r);
        }
        if (noLabel > 0)
            notes.Add($"{Rows(noLabel)} without a label {DataException.Quote(label)} left out");
        if (incomplete > 0)
            notes.Add($"{Rows(incomplete)} with a missing value dropped (drop missing)");
        if (kept.Count == 0)
            throw new DataException(table.FileName, null, null, "no row is left to learn from" + (noLabel > 0 ? $" ({Rows(noLabel)} without a label)" : ""));
        int[] rows = [.. kept];

        // Labels.
        string[] classes = [];
        int[] classIndex = [];
        double[] targets = [];
        if (task == TaskKind.Classification)
        {
            // A number label is spelled once per value, not once per row.
            var labels = new string[rows.Length];
            var spelled = new Dictionary<double, string>();
            for (int i = 0; i < rows.Length; i++)
            {
                if (!table.TryGetStoredNumber(rows[i], labelColumn, out double value))
                    labels[i] = ClassLabels.Canonical(table.Cell(rows[i], labelColumn));
                else if (!spelled.TryGetValue(value, out labels[i]!))
                    spelled.Add(value, labels[i] = ClassLabels.Canonical(table.Cell(rows[i], labelColumn)));
            }
            classes = ClassLabels.Sort(labels.Distinct(StringComparer.Ordinal));
            if (classes.Length < 2)
                throw new DataException(table.FileName, null, null,
                    $"the label column {DataException.Quote(label)} holds a single class ({DataException.Quote(classes[0])}); classification needs at least two");
            var lookup = ClassLabels.Lookup(classes);
            classIndex = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                classIndex[i] = lookup[labels[i]];
        }
        else
        {
            var target = FeatureColumn.Numeric(label);
            targets = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                if (!target.TryEncode(table.Cell(rows[i], labelColumn), targets.AsSpan(i, 1), out string? error))
                    throw new DataException(table.FileName, table.SourceLine(rows[i]), labelColumn + 1, $"{error} (label column {DataException.Quote(label)})");
            }
        }

        // Splits, as positions into `rows`.
        (int[] trainPart, int[] test) = SplitTest(table, label, labelColumn, rows, classes, classIndex, options, notes);
        (int[] train, int[] validation) = SplitValidation(trainPart, classes, classIndex, options, notes);

        // Column roles and encodings, fitted on the training part (train + validation).
        FeatureColumn[] columns = FitColumns(table, rows, trainPart, candidates, options, notes);
        if (columns.Length == 0)
            throw new DataException(table.FileName, 1, null, $"no feature column is left besides the label {DataException.Quote(label)}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in columns.SelectMany(c => c.InputNames()))
        {
            if (!names.Add(name))
                throw new DataException(table.FileName, 1, null, $"two inputs would be named {DataException.Quote(name)}; rename a column or --ignore it");
        }

        var schemaWithoutScaler = new Schema(task, label, columns, Identity(names.Count), classes,
            task == TaskKind.Regression ? new StandardScaler([0.0], [1.0]) : null);
        int inputs = names.Count;
        var encoder = new EncodedParts(table, rows, schemaWithoutScaler);
        StandardScaler scaler = encoder.FitScaler(trainPart);
        (T[] trainX, T[] validationX, T[] testX) = encoder.Inputs<T>(scaler, train, validation, test);

        StandardScaler? targetScaler = null;
        double lossScale = 1;
        double[] scaledTargets = [];
        if (task == TaskKind.Regression)
        {
            targetScaler = StandardScaler.Fit(targets, rows.Length, 1, trainPart);
            scaledTargets = (double[])targets.Clone();
            targetScaler.Transform(scaledTargets, rows.Length);
            lossScale = targetScaler.Scale[0] * targetScaler.Scale[0];
        }
        var schema = new Schema(task, label, columns, scaler, classes, targetScaler);

        Loss loss = options.Loss ?? (task == TaskKind.Classification ? Loss.CrossEntropy : Loss.MeanSquaredError);
        if (task == TaskKind.Regression && (loss == Loss.CrossEntropy || loss == Loss.BinaryCrossEntropy))
            throw new ArgumentException($"the {loss.Name} loss needs class labels; for regression use mse, squared-error or half-squared-error", nameof(options));
        Activation output = options.OutputActivation
            ?? (task == TaskKind.Regression ? Activation.Identity : loss == Loss.BinaryCrossEntropy ? Activation.Sigmoid : Activation.Softmax);
        var spec = NetworkSpec.Input(inputs);
        foreach (int units in options.HiddenLayers)
            spec = options.RadialBasisHidden ? spec.Rbf(units) : spec.Dense(units, options.HiddenActivation);
        spec = spec.Dense(schema.Outputs, output, options.OutputBias);
        try
        {
            // Before any work: a network the model file cannot hold would be trained for nothing.
            Persistence.ModelFile.CheckLimits(spec);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"a model file cannot hold this network: {e.Message}", nameof(TabularOptions.HiddenLayers), e);
        }

        // Classes stay indices (the trainer writes each batch's one-hot targets): memory does not grow with rows x classes.
        Dataset<T> Part(T[] x, int[] positions)
        {
            if (task == TaskKind.Classification)
                return new Dataset<T>(x, [.. positions.Select(p => classIndex[p])], inputs, classes.Length);
            T[] y = [.. positions.Select(p => T.CreateTruncating(scaledTargets[p]))];
            return new Dataset<T>(x, y, positions.Length, inputs, 1);
        }
        return new TabularRun<T>(encoder, schema, spec, loss, options,
            Part(trainX, train), validation.Length > 0 ? Part(validationX, validation) : null, test.Length > 0 ? Part(testX, test) : null,
            classIndex, targets,
            train, validation, test, trainPart, lossScale, notes);
    }

    private static string Rows(int n) => n == 1 ? "1 row" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} rows";

    private static StandardScaler Identity(int columns) => new(new double[columns], Enumerable.Repeat(1.0, columns).ToArray());

    // The label, ignored columns, and (with Features) unlisted ones are not candidates; unknown names are errors.
    private static int[] CandidateColumns(CsvTable table, int labelColumn, TabularOptions options)
    {
        var ignored = new HashSet<int>();
        foreach (string name in options.Ignore)
            ignored.Add(table.ColumnIndex(name));
        if (options.Features is { } features)
        {
            var chosen = new List<int>();
            foreach (string name in features)
            {
                int c = table.ColumnIndex(name);
                if (c == labelColumn)
                    throw new DataException(table.FileName, 1, null, $"the label {DataException.Quote(name)} cannot also be a feature");
                if (!ignored.Contains(c) && !chosen.Contains(c))
                    chosen.Add(c);
            }
            return [.. chosen];
        }
        return [.. Enumerable.Range(0, table.ColumnCount).Where(c => c != labelColumn && !ignored.Contains(c))];
    }

    private static (int[] Train, int[] Test) SplitTest(CsvTable table, string label, int labelColumn, int[] rows,
        string[] classes, int[] classIndex, TabularOptions options, List<string> notes)
    {
        int[] all = [.. Enumerable.Range(0, rows.Length)];
        if (options.TestFraction == 0)
            return (all, []);
        if (rows.Length < MinRowsToSplit)
        {
            notes.Add($"{Rows(rows.Length)} are too few to hold a test part out (fewer than {MinRowsToSplit}): trained and scored on every row");
            return (all, []);
        }
        if (classes.Length == 0)
            return Splits.Random(rows.Length, options.TestFraction, options.Seed, table.FileName);
        // A class with one row cannot be on both sides of the split: point at that row.
        var counts = new int[classes.Length];
        foreach (int k in classIndex)
            counts[k]++;
        for (int i = 0; i < rows.Length; i++)
        {
            if (counts[classIndex[i]] < 2)
                throw new DataException(table.FileName, table.SourceLine(rows[i]), labelColumn + 1,
                    $"class {DataException.Quote(classes[classIndex[i]])} has only this row; a stratified train/test split needs at least 2 rows per class (column {DataException.Quote(label)}); a test fraction of 0 trains on every row");
        }
        return Splits.Stratified(classIndex, classes.Length, options.TestFraction, options.Seed, classes, table.FileName);
    }

    private static (int[] Train, int[] Validation) SplitValidation(int[] trainPart, string[] classes, int[] classIndex,
        TabularOptions options, List<string> notes)
    {
        if (options.ValidationFraction == 0)
            return (trainPart, []);
        if (trainPart.Length < MinRowsToValidate)
        {
            notes.Add($"no validation part: {Rows(trainPart.Length)} to train on are too few to stop early on");
            return (trainPart, []);
        }
        int seed = unchecked(options.Seed * 31 + 17);
        int[] train, validation;
        bool stratify = classes.Length > 0;
        if (stratify)
        {
            var counts = new int[classes.Length];
            foreach (int p in trainPart)
                counts[classIndex[p]]++;
            stratify = counts.All(n => n >= 2);
        }
        if (stratify)
        {
            int[] sub = [.. trainPart.Select(p => classIndex[p])];
            (train, validation) = Splits.Stratified(sub, classes.Length, options.ValidationFraction, seed);
        }
        else
        {
            (train, validation) = Splits.Random(trainPart.Length, options.ValidationFraction, seed);
        }
        return ([.. train.Select(i => trainPart[i])], [.. validation.Select(i => trainPart[i])]);
    }

    private static FeatureColumn[] FitColumns(CsvTable table, int[] rows, int[] trainPart, int[] candidates,
        TabularOptions options, List<string> notes)
    {
        var columns = new List<FeatureColumn>();
        var values = new List<double>(trainPart.Length);
        bool explicitFeatures = options.Features is not null;
        foreach (int c in candidates)
        {
            string name = table.Header[c];
            bool numeric = true, anyValue = false;
            foreach (int row in rows)
            {
                if (table.TryGetStoredNumber(row, c, out _))
                {
                    anyValue = true;
                    continue;
                }
                string cell = table.Cell(row, c);
                if (MissingValues.IsMissing(cell))
                    continue;
                anyValue = true;
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    // A number that cannot be standardised is an error, not a category.
                    if (!double.IsFinite(v) || Math.Abs(v) > TabularData.MaxMagnitude)
                        throw new DataException(table.FileName, table.SourceLine(row), c + 1,
                            $"{DataException.Quote(cell)} is not a finite number of magnitude at most {NumberText.Format(TabularData.MaxMagnitude)} (column {DataException.Quote(name)})");
                }
                else
                {
                    numeric = false;
                }
            }
            if (!anyValue)
            {
                notes.Add($"column {DataException.Quote(name)} left out: every value is missing");
                continue;
            }
            if (!numeric && rows.Length >= MinRowsForIdColumn && !explicitFeatures && IsUnique(table, rows, c))
            {
                notes.Add($"column {DataException.Quote(name)} left out: a different text in every row (an ID); name it in the features to use it");
                continue;
            }

            // Statistics of the training part only (one list for every column: no garbage per column).
            values.Clear();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            bool missingInTraining = false;
            foreach (int p in trainPart)
            {
                if (numeric && table.TryGetStoredNumber(rows[p], c, out double number))
                {
                    values.Add(number);
                    continue;
                }
                string cell = table.Cell(rows[p], c);
                if (MissingValues.IsMissing(cell))
                {
                    missingInTraining = true;
                    continue;
                }
                if (numeric)
                    values.Add(double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture));
                else
                    counts[cell] = counts.GetValueOrDefault(cell) + 1;
            }
            bool indicator = options.MissingIndicators && missingInTraining;
            if (numeric)
            {
                columns.Add(FeatureColumn.Numeric(name, Median(values), indicator));
                continue;
            }
            if (counts.Count == 0)
            {
                notes.Add($"column {DataException.Quote(name)} left out: every value in the training part is missing");
                continue;
            }
            string[] categories = [.. counts.Keys.Order(StringComparer.Ordinal)];
            string mostFrequent = categories[0];
            foreach (string category in categories)
            {
                if (counts[category] > counts[mostFrequent])
                    mostFrequent = category;
            }
            columns.Add(FeatureColumn.Categorical(name, categories, mostFrequent, indicator));
        }
        return [.. columns];
    }

    // Whether every present value of the column differs from the others (an ID).
    private static bool IsUnique(CsvTable table, int[] rows, int column)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (int row in rows)
        {
            if (!table.IsMissing(row, column) && !distinct.Add(table.Cell(row, column)))
                return false;
        }
        return true;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
            return 0;
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : values[n / 2 - 1] / 2 + values[n / 2] / 2;
    }
}
