using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// One raw feature column of a table and how it becomes network inputs. A numeric column is one input; a categorical
/// column is one 0/1 input per category (<c>name=category</c>). A missing cell (<see cref="MissingValues"/>) takes the
/// <see cref="NumericFill"/> (the training part's median) or the <see cref="CategoryFill"/> (its most frequent
/// category); with <see cref="MissingIndicator"/> one more 0/1 input (<c>name (missing)</c>) says that it was missing.
/// A category not seen in training encodes as all zeros: the network sees none of the known categories. A column with
/// no fill (models of format version 2) refuses missing cells. Immutable.
/// </summary>
public sealed class FeatureColumn
{
    private readonly string[] _categories;
    private readonly Dictionary<string, int> _categoryIndex;

    private FeatureColumn(string name, ColumnKind kind, string[] categories, double? numericFill, string? categoryFill, bool missingIndicator)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        _categories = categories;
        _categoryIndex = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
        for (int i = 0; i < categories.Length; i++)
        {
            if (categories[i].Length == 0 || MissingValues.IsMissing(categories[i]))
                throw new ArgumentException($"column {DataException.Quote(name)}: a category cannot be a missing-value spelling ({DataException.Quote(categories[i])})", nameof(categories));
            if (!_categoryIndex.TryAdd(categories[i], i))
                throw new ArgumentException($"column {DataException.Quote(name)}: the category {DataException.Quote(categories[i])} repeats", nameof(categories));
        }
        if (numericFill is double fill && !double.IsFinite(fill))
            throw new ArgumentException($"column {DataException.Quote(name)}: the fill value {fill} is not finite", nameof(numericFill));
        if (categoryFill is not null && !_categoryIndex.ContainsKey(categoryFill))
            throw new ArgumentException($"column {DataException.Quote(name)}: the fill category {DataException.Quote(categoryFill)} is not one of its categories", nameof(categoryFill));
        if (missingIndicator && numericFill is null && categoryFill is null)
            throw new ArgumentException($"column {DataException.Quote(name)}: a missing indicator needs a fill value", nameof(missingIndicator));
        NumericFill = numericFill;
        CategoryFill = categoryFill;
        MissingIndicator = missingIndicator;
    }

    /// <summary>A numeric column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="fill">The value a missing cell takes, or null to refuse missing cells.</param>
    /// <param name="missingIndicator">Add a 0/1 input that is 1 where the cell was missing (needs a fill).</param>
    /// <exception cref="ArgumentException">The name is empty, the fill is not finite, or an indicator has no fill.</exception>
    public static FeatureColumn Numeric(string name, double? fill = null, bool missingIndicator = false) =>
        new(name, ColumnKind.Numeric, [], fill, null, missingIndicator);

    /// <summary>A categorical column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="categories">The categories, one input each, in input order; unique, none a missing-value spelling.</param>
    /// <param name="fill">The category a missing cell takes, or null to refuse missing cells.</param>
    /// <param name="missingIndicator">Add a 0/1 input that is 1 where the cell was missing (needs a fill).</param>
    /// <exception cref="ArgumentException">The name is empty, there is no category, they repeat, or the fill is not one of them.</exception>
    public static FeatureColumn Categorical(string name, IReadOnlyList<string> categories, string? fill = null, bool missingIndicator = false)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count == 0)
            throw new ArgumentException($"column {DataException.Quote(name)}: a categorical column needs at least one category", nameof(categories));
        return new(name, ColumnKind.Categorical, [.. categories], null, fill, missingIndicator);
    }

    /// <summary>The column name in the table.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Categorical: the categories, in input order. Numeric: empty.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Numeric: the value a missing cell takes (the training part's median); null when missing cells are refused.</summary>
    public double? NumericFill { get; }

    /// <summary>Categorical: the category a missing cell takes (the training part's most frequent); null when refused.</summary>
    public string? CategoryFill { get; }

    /// <summary>Whether one more input says that the cell was missing.</summary>
    public bool MissingIndicator { get; }

    /// <summary>The number of network inputs this column becomes.</summary>
    public int Width => (Kind == ColumnKind.Numeric ? 1 : _categories.Length) + (MissingIndicator ? 1 : 0);

    /// <summary>Whether input <paramref name="offset"/> of this column is a 0/1 indicator (one-hot or missing), left unscaled.</summary>
    public bool IsIndicator(int offset) => Kind == ColumnKind.Categorical || offset == Width - 1 && MissingIndicator;

    /// <summary>The names of this column's inputs: <c>name</c>, or <c>name=category</c> per category; then <c>name (missing)</c>.</summary>
    public IEnumerable<string> InputNames()
    {
        if (Kind == ColumnKind.Numeric)
            yield return Name;
        foreach (string category in _categories)
            yield return $"{Name}={category}";
        if (MissingIndicator)
            yield return $"{Name} (missing)";
    }

    /// <summary>Encodes one cell into <see cref="Width"/> inputs.</summary>
    /// <param name="cell">The cell's text, trimmed.</param>
    /// <param name="inputs">Where the inputs go; exactly <see cref="Width"/> long.</param>
    /// <param name="error">Why the cell cannot be encoded (not a number, or missing with no fill); null when it could.</param>
    /// <returns>Whether the cell could be encoded.</returns>
    public bool TryEncode(string cell, Span<double> inputs, out string? error)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (inputs.Length != Width)
            throw new ArgumentException($"{inputs.Length} inputs for a column of width {Width}", nameof(inputs));
        error = null;
        bool missing = MissingValues.IsMissing(cell);
        if (MissingIndicator)
            inputs[^1] = missing ? 1 : 0;
        if (Kind == ColumnKind.Numeric)
        {
            if (missing)
            {
                if (NumericFill is not double fill)
                {
                    error = $"missing value ({(cell.Length == 0 ? "empty cell" : DataException.Quote(cell))})";
                    return false;
                }
                inputs[0] = fill;
                return true;
            }
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                string hint = double.TryParse(cell.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "; use '.' as the decimal point" : "";
                error = $"{DataException.Quote(cell)} is not a number{hint}";
                return false;
            }
            if (!double.IsFinite(value) || Math.Abs(value) > TabularData.MaxMagnitude)
            {
                error = $"{DataException.Quote(cell)} is not a finite number of magnitude at most {NumberText.Format(TabularData.MaxMagnitude)}";
                return false;
            }
            inputs[0] = value;
            return true;
        }

        int width = _categories.Length;
        inputs[..width].Clear();
        if (missing)
        {
            if (CategoryFill is not string fillCategory)
            {
                error = $"missing value ({(cell.Length == 0 ? "empty cell" : DataException.Quote(cell))})";
                return false;
            }
            inputs[_categoryIndex[fillCategory]] = 1;
            return true;
        }
        // An unseen category leaves every one-hot input 0: documented, never an error.
        if (_categoryIndex.TryGetValue(cell, out int k))
            inputs[k] = 1;
        return true;
    }

    /// <summary>Encodes a numeric column's cell that is a finite number within range (the reader's stored numbers), as <see cref="TryEncode"/> does its text.</summary>
    internal void EncodeNumber(double value, Span<double> inputs)
    {
        inputs[0] = value;
        if (MissingIndicator)
            inputs[^1] = 0;
    }

    /// <summary>Prints as <c>color: categorical (3 categories)</c> or <c>age: numeric</c>.</summary>
    public override string ToString() =>
        Kind == ColumnKind.Numeric ? $"{Name}: numeric" : $"{Name}: categorical ({_categories.Length} categories)";
}
