using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// A CSV table turned into numbers for learning: the feature matrix (every column but the label, row-major
/// <c>Rows x FeatureCount</c>) and either class indices (classification) or real targets (regression).
/// Every value is checked: a feature or regression target that is missing, not a number, NaN, infinite or larger
/// in magnitude than <see cref="MaxMagnitude"/> is a <see cref="DataException"/> naming its file, line, column and
/// column name.
/// </summary>
public sealed class TabularData
{
    /// <summary>A numeric label column with at most this many distinct integer values is taken as classes.</summary>
    public const int MaxIntegerClasses = 20;

    /// <summary>
    /// The largest magnitude a feature or regression target may have (1e100). Standardising squares deviations and sums
    /// them over the rows, which overflows to infinity for values near 1e154 and beyond; 1e100 leaves room for any row count.
    /// </summary>
    public const double MaxMagnitude = 1e100;

    private TabularData(string fileName, string[] featureNames, string labelName, double[] features, int rows,
        TaskKind task, string[]? classes, int[]? classIndex, double[]? targets)
    {
        FileName = fileName;
        FeatureNames = featureNames;
        LabelName = labelName;
        Features = features;
        Rows = rows;
        Task = task;
        Classes = classes;
        ClassIndex = classIndex;
        Targets = targets;
    }

    /// <summary>The source file, for error messages.</summary>
    public string FileName { get; }

    /// <summary>The feature column names, in file order.</summary>
    public string[] FeatureNames { get; }

    /// <summary>The label column name.</summary>
    public string LabelName { get; }

    /// <summary>The features, row-major <c>Rows x FeatureCount</c>, all finite.</summary>
    public double[] Features { get; }

    /// <summary>The number of rows (examples).</summary>
    public int Rows { get; }

    /// <summary>The number of features per row.</summary>
    public int FeatureCount => FeatureNames.Length;

    /// <summary>Whether the label is a class or a real number.</summary>
    public TaskKind Task { get; }

    /// <summary>True for classification: then <see cref="Classes"/> and <see cref="ClassIndex"/> are set, else <see cref="Targets"/>.</summary>
    [MemberNotNullWhen(true, nameof(Classes), nameof(ClassIndex))]
    [MemberNotNullWhen(false, nameof(Targets))]
    public bool IsClassification => Task == TaskKind.Classification;

    /// <summary>
    /// Classification: the class names, sorted numerically if all are numbers, else in ordinal string order.
    /// Null for regression.
    /// </summary>
    public string[]? Classes { get; }

    /// <summary>Classification: each row's index into <see cref="Classes"/>. Null for regression.</summary>
    public int[]? ClassIndex { get; }

    /// <summary>Regression: each row's finite target. Null for classification.</summary>
    public double[]? Targets { get; }

    /// <summary>Builds features and labels from a table.</summary>
    /// <param name="table">The table read from CSV.</param>
    /// <param name="labelColumn">The name of the label column; every other column is a feature.</param>
    /// <param name="task">The task, or null to detect it with <see cref="DetectTask"/>.</param>
    /// <exception cref="DataException">The label column does not exist, there is no feature column, or a value is invalid.</exception>
    public static TabularData FromTable(CsvTable table, string labelColumn, TaskKind? task = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        int label = table.ColumnIndex(labelColumn);
        if (table.ColumnCount < 2)
            throw new DataException(table.FileName, 1, null,
                $"no feature columns: the only column is the label {DataException.Quote(labelColumn)}");
        int[] featureColumns = [.. Enumerable.Range(0, table.ColumnCount).Where(c => c != label)];
        TaskKind kind = task ?? DetectTask(table, labelColumn);

        // Row by row, so the first error reported is the first one in the file.
        int rows = table.RowCount, d = featureColumns.Length;
        var features = new double[rows * d];
        var labels = kind == TaskKind.Classification ? new string[rows] : null;
        var targets = kind == TaskKind.Regression ? new double[rows] : null;
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < d; j++)
                features[r * d + j] = ParseFinite(table, r, featureColumns[j]);
            if (labels is not null)
                labels[r] = ClassLabel(table, r, label);
            else
                targets![r] = ParseFinite(table, r, label);
        }

        string[] featureNames = [.. featureColumns.Select(c => table.Header[c])];
        if (labels is null)
            return new TabularData(table.FileName, featureNames, labelColumn, features, rows, kind, null, null, targets);

        string[] classes = ClassLabels.Sort(labels.Distinct(StringComparer.Ordinal));
        var lookup = ClassLabels.Lookup(classes);
        int[] classIndex = [.. labels.Select(l => lookup[l])];
        return new TabularData(table.FileName, featureNames, labelColumn, features, rows, kind, classes, classIndex, null);
    }

    /// <summary>
    /// Guesses the task from the label column: any non-numeric value means classification; all numeric with at
    /// most <see cref="MaxIntegerClasses"/> distinct values, all integers, also means classification (0/1,
    /// digit 0-9); anything else is regression. Missing values (<see cref="MissingValues"/>) are ignored here. A column
    /// of numbers that would be regressed, with fewer text cells than numbers, is taken for a typo and refused at the
    /// first text cell, rather than classified into one class per distinct value.
    /// </summary>
    /// <exception cref="DataException">The label column does not exist, or it holds numbers and a few text cells (the first is named).</exception>
    public static TaskKind DetectTask(CsvTable table, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(table);
        int label = table.ColumnIndex(labelColumn);
        var distinct = new HashSet<double>();
        bool fewIntegers = true;
        int numbers = 0, texts = 0, firstText = -1;
        for (int r = 0; r < table.RowCount; r++)
        {
            bool stored = table.TryGetStoredNumber(r, label, out double v);
            string cell = stored ? "" : table.Cell(r, label);
            if (!stored && MissingValues.IsMissing(cell))
                continue;
            if (!stored && !TryParseNumber(cell, out v))
            {
                texts++;
                if (firstText < 0)
                    firstText = r;
                continue;
            }
            numbers++;
            if (fewIntegers && (!double.IsFinite(v) || v != Math.Floor(v) || (distinct.Add(v) && distinct.Count > MaxIntegerClasses)))
                fewIntegers = false;
        }
        if (texts == 0)
            return fewIntegers ? TaskKind.Classification : TaskKind.Regression;
        if (!fewIntegers && texts < numbers)
            throw CellError(table, firstText, label,
                $"{DataException.Quote(table.Cell(firstText, label))} is not a number, but {numbers} of the {numbers + texts} labels are " +
                "numbers that would be regressed: a typo? (--task classify takes every label as a class name)");
        return TaskKind.Classification;
    }

    /// <summary>
    /// Reads the features a trained model expects from a table that may lack the label column and may have
    /// extra columns: the named columns are picked by name, in the given order; others are ignored.
    /// </summary>
    /// <param name="table">The table read from CSV.</param>
    /// <param name="featureNames">The model's feature names, in its input order.</param>
    /// <returns>The features, row-major <c>table.RowCount x featureNames.Count</c>.</returns>
    /// <exception cref="DataException">A feature column is missing (it is named) or a value is invalid.</exception>
    /// <exception cref="ArgumentException">The names are empty or repeat.</exception>
    public static double[] ReadFeatures(CsvTable table, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count == 0)
            throw new ArgumentException("at least one feature name is needed", nameof(featureNames));
        if (featureNames.Distinct(StringComparer.Ordinal).Count() != featureNames.Count)
            throw new ArgumentException("the feature names repeat", nameof(featureNames));
        var columns = new int[featureNames.Count];
        for (int j = 0; j < columns.Length; j++)
        {
            if (!table.TryGetColumnIndex(featureNames[j], out columns[j]))
                throw new DataException(table.FileName, 1, null,
                    $"missing feature column {DataException.Quote(featureNames[j])}; the columns are {DataException.List(table.Header)}");
        }
        var features = new double[table.RowCount * columns.Length];
        for (int r = 0; r < table.RowCount; r++)
            for (int j = 0; j < columns.Length; j++)
                features[r * columns.Length + j] = ParseFinite(table, r, columns[j]);
        return features;
    }

    /// <summary>Reads a label column as indices into a trained model's classes (for evaluation).</summary>
    /// <param name="table">The table read from CSV.</param>
    /// <param name="labelColumn">The label column name.</param>
    /// <param name="classes">The model's class names.</param>
    /// <exception cref="DataException">The column is missing, or a label is empty or not one of the classes.</exception>
    public static int[] ReadClassIndex(CsvTable table, string labelColumn, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(classes);
        int label = table.ColumnIndex(labelColumn);
        var lookup = ClassLabels.Lookup(classes);
        var index = new int[table.RowCount];
        for (int r = 0; r < index.Length; r++)
        {
            string value = ClassLabel(table, r, label);
            if (!ClassLabels.TryFind(lookup, value, out index[r]))
                throw CellError(table, r, label,
                    $"{DataException.Quote(value)} is not a known class; the classes are {DataException.List(classes)}");
        }
        return index;
    }

    /// <summary>Reads a label column as finite regression targets (for evaluation).</summary>
    /// <exception cref="DataException">The column is missing or a value is invalid.</exception>
    public static double[] ReadTargets(CsvTable table, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(table);
        int label = table.ColumnIndex(labelColumn);
        var targets = new double[table.RowCount];
        for (int r = 0; r < targets.Length; r++)
            targets[r] = ParseFinite(table, r, label);
        return targets;
    }

    private static string ClassLabel(CsvTable table, int row, int column)
    {
        string cell = table.Cell(row, column);
        if (MissingValues.IsMissing(cell))
            throw CellError(table, row, column, $"missing label ({(cell.Length == 0 ? "empty cell" : DataException.Quote(cell))})");
        return ClassLabels.Canonical(cell);
    }

    private static double ParseFinite(CsvTable table, int row, int column)
    {
        if (table.TryGetStoredNumber(row, column, out double stored))
            return stored;
        string cell = table.Cell(row, column);
        if (cell.Length == 0)
            throw CellError(table, row, column, "missing value (empty cell)");
        if (!TryParseNumber(cell, out double value))
        {
            // "1,5" from a comma-decimal locale, in a ';'-separated file: say what to change.
            string hint = TryParseNumber(cell.Replace(',', '.'), out _) ? "; use '.' as the decimal point" : "";
            throw CellError(table, row, column, $"{DataException.Quote(cell)} is not a number{hint}");
        }
        if (!double.IsFinite(value))
            throw CellError(table, row, column, $"{DataException.Quote(cell)} is not a finite number");
        if (Math.Abs(value) > MaxMagnitude)
            throw CellError(table, row, column, $"{DataException.Quote(cell)} is larger in magnitude than {NumberText.Format(MaxMagnitude)}, too large to standardise");
        return value;
    }

    private static bool TryParseNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static DataException CellError(CsvTable table, int row, int column, string detail) =>
        new(table.FileName, table.SourceLine(row), column + 1, $"{detail} (column {DataException.Quote(table.Header[column])})");
}
