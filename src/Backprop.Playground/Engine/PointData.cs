using System.Globalization;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Training;

namespace Backprop.Playground.Engine;

/// <summary>
/// The page's data: 2-D points with class labels, split into training and test rows. Built from the library's
/// generators (<see cref="Synthetic"/>), the XOR truth table, or a pasted or uploaded CSV file.
/// </summary>
public sealed class PointData
{
    private PointData(string name, double[] features, int[] labels, int classes, int[] train, int[] test,
        int inputs = 2, double[]? targets = null)
    {
        Name = name;
        Inputs = inputs;
        Targets = targets;
        Features = features;
        Labels = labels;
        Classes = classes;
        TrainRows = train;
        TestRows = test;
    }

    /// <summary>The data sources offered in the page, by value and label.</summary>
    public static IReadOnlyList<(string Value, string Label)> Sources { get; } =
    [
        ("xor4", "XOR (the 4 patterns)"),
        ("xor", "XOR (quadrants)"),
        ("circles", "circles"),
        ("spirals", "spirals"),
        ("gaussians", "two Gaussians"),
        ("blobs3", "three Gaussians"),
        ("csv", "CSV (pasted or uploaded)"),
    ];

    /// <summary>Where the points came from.</summary>
    public string Name { get; }

    /// <summary>Features per pattern: 2 for every source but a worked example's.</summary>
    public int Inputs { get; }

    /// <summary>A worked example's own targets (row-major, n x outputs); null where the targets follow from the labels.</summary>
    public double[]? Targets { get; }

    /// <summary>Row-major n x <see cref="Inputs"/>.</summary>
    public double[] Features { get; }

    /// <summary>Class of each row, 0 .. <see cref="Classes"/> - 1.</summary>
    public int[] Labels { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Rows trained on.</summary>
    public int[] TrainRows { get; }

    /// <summary>Rows held out (the same as the training rows for the 4-pattern XOR: every row is trained on).</summary>
    public int[] TestRows { get; }

    /// <summary>All rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>
    /// Generates <paramref name="count"/> points of <paramref name="source"/> with the given noise, and splits off
    /// <paramref name="testFraction"/> of them (stratified by class) as the test set.
    /// </summary>
    public static PointData Generate(string source, int count, double noise, double testFraction, int seed)
    {
        PointSet set = source switch
        {
            "xor4" => new PointSet("xor4", [0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 2),
            "xor" => Synthetic.Xor(count, seed, noise),
            "circles" => Synthetic.Circles(count, seed, noise),
            "spirals" => Synthetic.Spirals(count, seed, noise),
            "gaussians" => Synthetic.Blobs(count, seed, classes: 2, spread: 0.15 + noise),
            "blobs3" => Synthetic.Blobs(count, seed, classes: 3, spread: 0.15 + noise),
            _ => throw new ArgumentException($"Unknown data source '{source}'.", nameof(source)),
        };
        return Split(set, testFraction, seed);
    }

    /// <summary>
    /// Reads a CSV text of 2-D points: a header row, two numeric feature columns and a class column (the last); up
    /// to 20 distinct labels. Errors name the line and column, as the command's do.
    /// </summary>
    /// <exception cref="DataException">The text is not such a file.</exception>
    public static PointData FromCsv(string text, string fileName, double testFraction, int seed)
    {
        var table = CsvReader.Parse(new StringReader(text), fileName);
        if (table.ColumnCount != 3)
            throw new DataException(fileName, 1, null, $"the playground needs 3 columns (x1, x2, class), found {table.ColumnCount}");
        var data = TabularData.FromTable(table, table.Header[2], TaskKind.Classification);
        var set = new PointSet(fileName, data.Features, data.ClassIndex!, data.Classes!.Length);
        return Split(set, testFraction, seed);
    }

    /// <summary>
    /// A worked example's patterns with their own targets (<paramref name="targets"/>: n x outputs); every pattern is
    /// trained on. A pattern's class is the one its target would be read as.
    /// </summary>
    public static PointData FromPatterns(string name, int inputs, double[] x, double[] targets, int outputs)
    {
        int rows = x.Length / inputs;
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
            labels[r] = DecisionGrid.PredictedClass(targets.AsSpan(r * outputs, outputs));
        int[] all = [.. Enumerable.Range(0, rows)];
        return new PointData(name, x, labels, Math.Max(2, outputs), all, all, inputs, targets);
    }

    private static PointData Split(PointSet set, double testFraction, int seed)
    {
        int[] all = [.. Enumerable.Range(0, set.Rows)];
        if (set.Rows < 10 || testFraction <= 0)
            return new PointData(set.Name, set.Features, set.Labels, set.Classes, all, all);
        var (train, test) = Splits.Stratified(set.Labels, set.Classes, testFraction, seed);
        return new PointData(set.Name, set.Features, set.Labels, set.Classes, train, test);
    }

    /// <summary>
    /// The rows as a data set for a network with <paramref name="outputs"/> outputs: one-hot targets when there is
    /// an output per class, the class index itself (0 or 1) for a single output.
    /// </summary>
    public Dataset<double> ToDataset(IReadOnlyList<int> rows, int outputs)
    {
        var x = new double[rows.Count * Inputs];
        var y = new double[rows.Count * outputs];
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i];
            Features.AsSpan(r * Inputs, Inputs).CopyTo(x.AsSpan(i * Inputs));
            if (Targets is not null)
                Targets.AsSpan(r * outputs, outputs).CopyTo(y.AsSpan(i * outputs));
            else if (outputs == 1)
                y[i] = Labels[r];
            else
                y[i * outputs + Labels[r]] = 1;
        }
        return new Dataset<double>(x, y, rows.Count, Inputs, outputs);
    }

    /// <summary>One row's features, as the page prints them.</summary>
    public string Describe(int row)
    {
        var x = Features.AsSpan(row * Inputs, Inputs).ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"x = ({string.Join(", ", x.Select(v => NumberText.Format(v, 6)))}), class {Labels[row]}");
    }
}
