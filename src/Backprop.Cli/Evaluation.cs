namespace Backprop.Cli;

/// <summary>Printing scores.</summary>
public static class Evaluation
{
    /// <summary>Prints a confusion matrix with class names on both axes.</summary>
    public static void PrintConfusion(Output output, IReadOnlyList<string> classes, int[,] confusion)
    {
        string[] header = ["true \\ predicted", .. classes];
        var rows = new List<string[]>();
        for (int i = 0; i < classes.Count; i++)
        {
            var row = new string[classes.Count + 1];
            row[0] = classes[i];
            for (int j = 0; j < classes.Count; j++)
                row[j + 1] = confusion[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        output.Table("Confusion matrix", header, rows);
    }
}
