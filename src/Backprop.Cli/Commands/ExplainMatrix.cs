using Backprop.Diagnostics;

namespace Backprop.Cli.Commands;

/// <summary>Prints <c>explain --notation matrix</c>: 002's S vectors, A matrices and outer products, layer by layer.</summary>
internal static class ExplainMatrix
{
    public static void Print(Output output, string title, string architecture, BackpropTrace trace, int digits)
    {
        var m = MatrixTrace.From(trace);
        var w = output.Out;
        string Num(double v) => Output.Number(v, digits);
        string Vec(IEnumerable<double> v) => "[" + string.Join(", ", v.Select(Num)) + "]";
        void Mat(string name, double[] values, int rows, int cols)
        {
            for (int r = 0; r < rows; r++)
                w.WriteLine($"    {(r == 0 ? name : new string(' ', name.Length))} {Vec(values.Skip(r * cols).Take(cols))}");
        }

        int count = m.Layers.Count;
        w.WriteLine(title);
        w.WriteLine($"network   {architecture}");
        w.WriteLine($"loss F    {trace.Loss} = {Num(trace.LossValue)}   (002: S = dF/dn per layer; A = da/dn; W is H x L, n = W^T a-hat + b)");
        w.WriteLine();
        w.WriteLine("forward");
        foreach (var layer in m.Layers)
            w.WriteLine($"  layer {layer.Index + 2}: n = {Vec(layer.N)}, a = {Vec(layer.A)}");
        w.WriteLine();
        w.WriteLine("backward (layers numbered as in 002: the input is layer 1)");
        for (int l = count - 1; l >= 0; l--)
        {
            var layer = m.Layers[l];
            int units = layer.N.Length, inputs = layer.InputActivations.Length, k = l + 2;
            if (l == count - 1)
            {
                double[] e = [.. trace.Target.Select((t, i) => t - layer.A[i])];
                w.WriteLine($"  S{k} = A{k}^T dF/dy{(layer.IsDiagonal ? $" = A{k} dF/dy" : "")}   with dF/dy = {Vec(layer.Incoming)}, e = t - y = {Vec(e)}");
                if (layer.IsDiagonal && layer.Incoming.Select((g, i) => Math.Abs(g + 2 * e[i])).All(d => d < 1e-12 * (1 + Math.Abs(e.Max()))))
                    w.WriteLine($"       dF/dy = -2e (F = ||t - y||^2), so S{k} = -2 A{k} e");
            }
            else
            {
                w.WriteLine($"  S{k} = A{k}^T W{k + 1} S{k + 1}{(layer.IsDiagonal ? $" = A{k} W{k + 1} S{k + 1}" : "")}   with W{k + 1} S{k + 1} = {Vec(layer.Incoming)}");
            }
            if (layer.IsDiagonal)
                w.WriteLine($"    A{k} = diag({Vec(Enumerable.Range(0, units).Select(i => layer.Jacobian[i * units + i]))})");
            else
                Mat($"A{k} =", layer.Jacobian, units, units);
            w.WriteLine($"    S{k} = {Vec(layer.S)}");
            Mat($"W{k} =", layer.Weights, inputs, units);
            Mat($"dF/dW{k} = a{k - 1} S{k}^T =", layer.WeightGradient, inputs, units);
            w.WriteLine($"    dF/db{k} = S{k}");
        }
        w.WriteLine();
        w.WriteLine($"The recursion's S vectors and the network's own backward pass differ by at most {Output.Number(m.Gap, 3)}.");
    }

    public static void Json(Output output, string title, string architecture, BackpropTrace trace)
    {
        var m = MatrixTrace.From(trace);
        output.Json(w =>
        {
            w.WriteString("title", title);
            w.WriteString("architecture", architecture);
            w.WriteString("loss", trace.Loss);
            w.WriteNumberOrNull("loss_value", trace.LossValue);
            w.WriteStartArray("layers");
            foreach (var layer in m.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("layer", layer.Index + 2);
                ExplainCommand.Array(w, "n", layer.N);
                ExplainCommand.Array(w, "a", layer.A);
                ExplainCommand.Array(w, "A", layer.Jacobian);
                ExplainCommand.Array(w, "S", layer.S);
                ExplainCommand.Array(w, "W", layer.Weights);
                ExplainCommand.Array(w, "dF_dW", layer.WeightGradient);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumberOrNull("max_gap_to_backward_pass", m.Gap);
        });
    }
}
