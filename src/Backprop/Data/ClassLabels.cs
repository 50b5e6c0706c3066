using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// Class labels compared by value: a label that is a number is held in one canonical spelling (<c>1</c>, <c>1.0</c>
/// and <c>1e0</c> are all class <c>1</c>); any other label is its text, compared exactly.
/// </summary>
public static class ClassLabels
{
    /// <summary>The canonical spelling of a label: a finite number in its shortest round-trip form, else the text itself.</summary>
    public static string Canonical(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture)
            : label;
    }

    /// <summary>
    /// Sorts distinct labels into the order of a model's outputs: numbers as numbers (<c>2</c> before <c>10</c>),
    /// otherwise by ordinal text, so the order depends neither on culture nor on the order rows appear in.
    /// </summary>
    public static string[] Sort(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] classes = [.. labels];
        var numbers = new double[classes.Length];
        bool allNumeric = true;
        for (int i = 0; i < classes.Length && allNumeric; i++)
            allNumeric = double.TryParse(classes[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]);
        if (allNumeric)
        {
            int[] order = [.. Enumerable.Range(0, classes.Length)
                .OrderBy(i => numbers[i]).ThenBy(i => classes[i], StringComparer.Ordinal)];
            return [.. order.Select(i => classes[i])];
        }
        Array.Sort(classes, StringComparer.Ordinal);
        return classes;
    }

    /// <summary>A lookup from a label to its class index that finds a label by its text or by its value.</summary>
    public static Dictionary<string, int> Lookup(IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var lookup = new Dictionary<string, int>(classes.Count * 2, StringComparer.Ordinal);
        for (int i = 0; i < classes.Count; i++)
            lookup.TryAdd(Canonical(classes[i]), i);
        for (int i = 0; i < classes.Count; i++)
            lookup[classes[i]] = i;
        return lookup;
    }

    /// <summary>Finds a label's class index in a lookup made by <see cref="Lookup"/>, by text first, then by value.</summary>
    public static bool TryFind(Dictionary<string, int> lookup, string label, out int index)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(label);
        return lookup.TryGetValue(label, out index) || lookup.TryGetValue(Canonical(label), out index);
    }
}
