namespace Backprop.Data;

/// <summary>
/// The data sets shipped with Backprop (<c>iris</c>, <c>digits</c>, <c>xor</c>), found as
/// <c>data/&lt;name&gt;.csv</c> next to the running program, and their default label columns.
/// </summary>
public static class BundledData
{
    private static readonly (string Name, string Label)[] Sets =
    [
        ("iris", "species"),
        ("digits", "digit"),
        ("xor", "y"),
    ];

    /// <summary>The bundled data set names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Sets.Select(s => s.Name)];

    /// <summary>
    /// Turns a command-line data argument into a file path: an existing file is used as is (it wins over a
    /// bundled name); otherwise a bundled name (any case) maps to <c>data/&lt;name&gt;.csv</c> under
    /// <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    /// <exception cref="DataException">It is neither an existing file nor a bundled name, or the bundled file is missing.</exception>
    public static string ResolvePath(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (File.Exists(nameOrPath))
            return nameOrPath;
        string? name = Canonical(nameOrPath);
        if (name is null)
            throw new DataException(nameOrPath, null, null,
                $"file not found, and not a bundled data set ({string.Join(", ", Names)})");
        string path = Path.Combine(AppContext.BaseDirectory, "data", name + ".csv");
        if (!File.Exists(path))
            throw new DataException(path, null, null, $"the bundled data set '{name}' is missing from this installation");
        return path;
    }

    /// <summary>The default label column of a bundled data set (for example <c>species</c> for <c>iris</c>); null for any other name.</summary>
    public static string? DefaultLabel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? canonical = Canonical(name);
        return canonical is null ? null : Sets.First(s => s.Name == canonical).Label;
    }

    private static string? Canonical(string name) =>
        Sets.Select(s => s.Name).FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}
