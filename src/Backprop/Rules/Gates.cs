namespace Backprop.Rules;

/// <summary>
/// The two-input Boolean gates the notes train single units on: the four rows (0,0), (0,1), (1,0), (1,1) and each
/// gate's outputs. AND, OR, NAND and NOR are linearly separable; XOR is not ("no solution for XOR!").
/// </summary>
public static class Gates
{
    /// <summary>The gate names: and, or, nand, nor, xor.</summary>
    public static IReadOnlyList<string> Names { get; } = ["and", "or", "nand", "nor", "xor"];

    /// <summary>The four input rows, in truth-table order.</summary>
    public static IReadOnlyList<double[]> Inputs() => [[0, 0], [0, 1], [1, 0], [1, 1]];

    /// <summary>The gate's output (0 or 1) for each row of <see cref="Inputs"/>.</summary>
    /// <exception cref="ArgumentException">An unknown gate name.</exception>
    public static int[] Labels(string name) => name?.ToLowerInvariant() switch
    {
        "and" => [0, 0, 0, 1],
        "or" => [0, 1, 1, 1],
        "nand" => [1, 1, 1, 0],
        "nor" => [1, 0, 0, 0],
        "xor" => [0, 1, 1, 0],
        _ => throw new ArgumentException($"Unknown gate '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name)),
    };
}
