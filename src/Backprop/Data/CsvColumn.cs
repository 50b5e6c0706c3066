using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// One column of a <see cref="CsvTable"/>, as flat typed storage: one double per cell, in blocks of 64 Ki cells (the
/// first grows to that size), so a growing column is never copied and leaves no garbage. A number cell (<see cref="CsvNumber"/>) is its value; a text cell is a NaN whose payload indexes the
/// column's distinct texts, so a category repeated over a million rows is one string, and numbers are no strings at all.
/// </summary>
internal sealed class CsvColumn
{
    private const long TextTag = unchecked((long)0xFFF8_0000_0000_0000UL);   // a quiet NaN; stored numbers are finite

    private const int BlockBits = 16;
    private const int BlockSize = 1 << BlockBits;
    private readonly List<double[]> _blocks;
    private double[] _last;   // the block being filled, and the next free cell in it
    private int _offset;
    private readonly List<string> _texts = [];
    private readonly Dictionary<string, int> _textIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _textLookup;
    private int _count;

    public CsvColumn()
    {
        _last = new double[16];
        _blocks = [_last];
        _textLookup = _textIndex.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of cells.</summary>
    public int Count => _count;

    /// <summary>Whether any cell is text (not a plain number).</summary>
    public bool HasText => _texts.Count > 0;

    /// <summary>Appends a cell: a number when it is one, else its text (interned).</summary>
    /// <param name="cell">The cell as read (trimmed when unquoted).</param>
    public void Add(ReadOnlySpan<char> cell)
    {
        double value;
        if (!CsvNumber.TryParse(cell, out value))
        {
            if (!_textLookup.TryGetValue(cell, out int index))
            {
                index = _texts.Count;
                string text = cell.ToString();
                _texts.Add(text);
                _textIndex.Add(text, index);
            }
            value = BitConverter.Int64BitsToDouble(TextTag | (uint)index);
        }
        AddNumber(value);
    }

    /// <summary>Appends a cell that is a number (<see cref="CsvNumber.TryParse"/>'s value), or the text tag <see cref="Add"/> made.</summary>
    public void AddNumber(double value)
    {
        if (_offset == _last.Length)
            NextBlock();
        _last[_offset++] = value;
        _count++;
    }

    // The first block doubles up to BlockSize; then a new block per BlockSize cells.
    private void NextBlock()
    {
        if (_last.Length < BlockSize)
        {
            _last = GrowFirst(_last);
            _blocks[0] = _last;
            return;
        }
        _last = new double[BlockSize];
        _blocks.Add(_last);
        _offset = 0;
    }

    private static double[] GrowFirst(double[] block)
    {
        var bigger = new double[2 * block.Length];
        block.CopyTo(bigger, 0);
        return bigger;
    }

    /// <summary>Whether the cell was stored as a number; then <paramref name="value"/> is it.</summary>
    public bool IsNumber(int row, out double value)
    {
        value = _blocks[row >> BlockBits][row & (BlockSize - 1)];
        return !double.IsNaN(value);
    }

    /// <summary>The cell's text: a text cell as written, a number in its shortest round-trip form.</summary>
    public string Text(int row)
    {
        double value = _blocks[row >> BlockBits][row & (BlockSize - 1)];
        return double.IsNaN(value)
            ? _texts[(int)(BitConverter.DoubleToInt64Bits(value) & int.MaxValue)]
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
