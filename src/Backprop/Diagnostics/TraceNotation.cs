using System.Globalization;

namespace Backprop.Diagnostics;

/// <summary>
/// A <see cref="BackpropTrace"/> written in the notes' notation with the numbers put in: the text that
/// <c>backprop explain</c> prints and the playground shows for a clicked unit or connection. Index letters run from
/// the output layer back (output i, hidden j, inputs k, ...); indices are 1-based.
/// </summary>
public sealed class TraceNotation
{
    /// <summary>Index letters from the output layer back; a trace may have one layer fewer than there are letters.</summary>
    public const string Letters = "ijklmnpqrstuvw";

    // A weighted sum with more terms than this is written with a sum sign, not term by term.
    private const int MaxTerms = 8;

    private readonly BackpropTrace trace;
    private readonly int digits;

    /// <summary>Writes <paramref name="trace"/> with numbers to <paramref name="digits"/> significant digits.</summary>
    /// <exception cref="ArgumentException">The trace has <see cref="Letters"/>.Length layers or more.</exception>
    public TraceNotation(BackpropTrace trace, int digits)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        if (trace.Layers.Count >= Letters.Length)
            throw new ArgumentException($"The notation covers networks of up to {Letters.Length - 1} layers; this one has {trace.Layers.Count}.", nameof(trace));
        this.trace = trace;
        this.digits = digits;
    }

    /// <summary>The whole forward and backward pass, as <c>backprop explain</c> prints it.</summary>
    public void Write(TextWriter writer, string title, string architecture)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(title);
        writer.WriteLine($"network        {architecture}");
        writer.WriteLine($"input          x = ({List(trace.Input)})");
        writer.WriteLine($"target         y = ({List(trace.Target)})");
        writer.WriteLine($"loss           C = {trace.Loss}");
        writer.WriteLine($"learning rate  eta = {N(trace.LearningRate)}");

        writer.WriteLine();
        writer.WriteLine("Forward pass: z = sum of w * input + b, a = f(z)");
        for (int l = 0; l < trace.Layers.Count; l++)
        {
            writer.WriteLine("  " + ForwardHeading(l));
            for (int u = 0; u < trace.Layers[l].Units.Count; u++)
            {
                foreach (string line in Forward(l, u))
                    writer.WriteLine("    " + line);
            }
        }
        writer.WriteLine($"  C = {N(trace.LossValue)}");

        writer.WriteLine();
        writer.WriteLine("Backward pass: delta = dC/dz = dC/da f'(z), dC/dw = delta * input, dC/db = delta;");
        writer.WriteLine("               updates Delta w = -eta dC/dw, Delta b = -eta dC/db (then w = w + Delta w, b = b + Delta b)");
        for (int l = trace.Layers.Count - 1; l >= 0; l--)
        {
            writer.WriteLine("  " + BackwardHeading(l));
            for (int u = 0; u < trace.Layers[l].Units.Count; u++)
            {
                foreach (string line in Backward(l, u))
                    writer.WriteLine("    " + line);
            }
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s forward heading: its role, activation, unit and input letters.</summary>
    public string ForwardHeading(int layer)
    {
        var t = trace.Layers[layer];
        return $"Layer {layer + 1} ({Role(layer)}, {t.Activation}): units {UnitLetter(layer)}, inputs {InputSymbol(layer)}_{InputLetter(layer)}";
    }

    /// <summary>The unit's forward pass: z with symbols, z with numbers, then a = f(z).</summary>
    public IReadOnlyList<string> Forward(int layer, int unit)
    {
        var t = trace.Layers[layer];
        var u = t.Units[unit];
        string input = InputSymbol(layer);
        string j = Index(unit);
        int ins = t.Inputs.Count;
        string bias = u.Bias is null ? "" : $" + b_{j}";
        var lines = new List<string>();
        if (ins <= MaxTerms)
        {
            var symbols = Enumerable.Range(0, ins).Select(n => $"w_{Pair(unit, n)} {input}_{Index(n)}");
            var numbers = Enumerable.Range(0, ins).Select(n => $"{P(u.Weights[n])}*{P(t.Inputs[n])}");
            string numericBias = u.Bias is double b ? $" + {P(b)}" : "";
            lines.Add($"z_{j} = {string.Join(" + ", symbols)}{bias}");
            lines.Add($"    = {string.Join(" + ", numbers)}{numericBias} = {N(u.Z)}");
        }
        else
        {
            lines.Add($"z_{j} = sum_{InputLetter(layer)} w_{j}{InputLetter(layer)} {input}_{InputLetter(layer)}{bias} = {N(u.Z)}   ({ins} terms)");
        }
        string f = t.Activation == "softmax" ? $"softmax(z)_{j}" : $"{t.Activation}(z_{j})";
        lines.Add($"a_{j} = {f} = {N(u.A)}");
        return lines;
    }

    /// <summary>Layer <paramref name="layer"/>'s backward heading: how its deltas are formed.</summary>
    public string BackwardHeading(int layer)
    {
        var t = trace.Layers[layer];
        char u = UnitLetter(layer);
        bool output = layer == trace.Layers.Count - 1;
        string error = output ? $"dC/da_{u}" : $"(sum_{UnitLetter(layer + 1)} w_{UnitLetter(layer + 1)}{u} delta_{UnitLetter(layer + 1)})";
        string rule = t.Activation == "softmax" ? "dC/dz through the softmax Jacobian" : $"{error} f'(z_{u})";
        return $"Layer {layer + 1} ({Role(layer)}): delta_{u} = {rule}";
    }

    /// <summary>The unit's backward pass: delta, then dC/dw and Delta w for each input, then dC/db and Delta b.</summary>
    public IReadOnlyList<string> Backward(int layer, int unit)
    {
        var lines = new List<string> { Delta(layer, unit) };
        var u = trace.Layers[layer].Units[unit];
        for (int n = 0; n < u.WeightGradients.Count; n++)
            lines.Add(WeightGradient(layer, unit, n));
        if (u.BiasGradient is double dB)
            lines.Add($"dC/db_{Index(unit)} = delta_{Index(unit)} = {N(dB)}   Delta b_{Index(unit)} = {N(u.BiasUpdate!.Value)}");
        return lines;
    }

    /// <summary>The unit's delta: dC/da f'(z) with the numbers (the back-propagated sum written out for a hidden unit).</summary>
    public string Delta(int layer, int unit)
    {
        var t = trace.Layers[layer];
        var u = t.Units[unit];
        string j = Index(unit);
        if (u.Derivative is not double derivative)
            return $"delta_{j} = dC/dz_{j} = {N(u.Delta)}   ({t.Activation}: dC/da_{j} = {N(u.ActivationGradient)})";
        if (layer == trace.Layers.Count - 1)
            return $"delta_{j} = dC/da_{j} f'(z_{j}) = {P(u.ActivationGradient)}*{P(derivative)} = {N(u.Delta)}";
        return $"delta_{j} = ({Backpropagated(unit, trace.Layers[layer + 1])}) f'(z_{j}) = {P(u.ActivationGradient)}*{P(derivative)} = {N(u.Delta)}";
    }

    /// <summary>dC/dw for the weight from input <paramref name="input"/> into the unit, and its update -eta dC/dw.</summary>
    public string WeightGradient(int layer, int unit, int input)
    {
        var t = trace.Layers[layer];
        var u = t.Units[unit];
        string w = $"w_{Pair(unit, input)}";
        return $"dC/d{w} = delta_{Index(unit)} {InputSymbol(layer)}_{Index(input)} = {P(u.Delta)}*{P(t.Inputs[input])} = {N(u.WeightGradients[input])}" +
            $"   Delta {w} = {N(u.WeightUpdates[input])}";
    }

    /// <summary>The weight's name in this notation, e.g. <c>w_12</c>.</summary>
    public static string WeightName(int unit, int input) => $"w_{Pair(unit, input)}";

    /// <summary><paramref name="value"/> to this notation's significant digits.</summary>
    public string N(double value) => NumberText.Format(value, digits);

    // sum_i w_ij delta_i with the numbers put in, or the sum sign alone when there are many terms.
    private string Backpropagated(int unit, LayerTrace next)
    {
        if (next.Units.Count > MaxTerms)
            return $"sum of {next.Units.Count} terms w * delta";
        return string.Join(" + ", next.Units.Select(o => $"{P(o.Weights[unit])}*{P(o.Delta)}"));
    }

    private char UnitLetter(int layer) => Letters[trace.Layers.Count - 1 - layer];

    private char InputLetter(int layer) => Letters[trace.Layers.Count - layer];

    private static string InputSymbol(int layer) => layer == 0 ? "x" : "a";

    private string Role(int layer) => layer == trace.Layers.Count - 1 ? "output" : "hidden";

    // 1-based, as in the notes.
    private static string Index(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    // w_12, or w_1,12 once an index has two digits, so that the pair stays readable.
    private static string Pair(int unit, int input) =>
        unit < 9 && input < 9 ? Index(unit) + Index(input) : Index(unit) + "," + Index(input);

    private string List(IReadOnlyList<double> values) => string.Join(", ", values.Select(N));

    // A factor: negative numbers in parentheses.
    private string P(double value) => value < 0 ? $"({N(value)})" : N(value);
}
