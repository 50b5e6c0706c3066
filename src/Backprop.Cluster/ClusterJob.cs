using System.Globalization;
using System.Text;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;

namespace Backprop.Cluster;

/// <summary>
/// Everything a worker needs besides the parameters: the architecture, the loss, the precision, the run's options and
/// where its rows are. Sent once to each worker as text (one <c>name=value</c> per line).
/// </summary>
/// <param name="Spec">The network's architecture.</param>
/// <param name="Loss">The loss to minimise (a batch mean).</param>
/// <param name="Precision"><c>float</c> or <c>double</c>.</param>
/// <param name="Options">How the run trains.</param>
/// <param name="DataPath">The row file (<see cref="RowFile"/>); every worker must reach it at this path.</param>
/// <param name="Rows">Rows in the file.</param>
public sealed record ClusterJob(NetworkSpec Spec, Loss Loss, string Precision, ClusterOptions Options, string DataPath, int Rows)
{
    /// <summary>Steps of the whole run.</summary>
    public long TotalSteps => Options.TotalSteps(Rows);

    /// <summary>The job as text.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("inputs=").Append(Spec.Inputs).Append('\n');
        foreach (var layer in Spec.Layers)
        {
            text.Append("layer=").Append(layer switch
            {
                DenseSpec d => $"dense {d.Units} {d.Activation.Name} {(d.Bias ? "bias" : "nobias")}",
                RbfSpec r => $"rbf {r.Units}",
                _ => throw new NotSupportedException($"Cluster training does not know how to send a {layer} layer."),
            }).Append('\n');
        }
        var o = Options;
        string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        text.Append($"loss={Loss.Name}\nprecision={Precision}\nmode={o.Mode}\nepochs={o.Epochs}\nbatch={o.BatchSize}\n")
            .Append($"average-every={o.AverageEvery}\nsegment-steps={o.SegmentSteps}\nchunk-bytes={o.ChunkBytes}\n")
            .Append($"optimizer={o.Optimizer}\nlr={R(o.LearningRate)}\nweight-decay={R(o.WeightDecay)}\n")
            .Append($"rows={Rows}\ndata={DataPath}");
        return text.ToString();
    }

    /// <summary>Reads a job written by <see cref="ToText"/>.</summary>
    /// <exception cref="FormatException">A line is missing or malformed.</exception>
    public static ClusterJob Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>();
        var layers = new List<LayerSpec>();
        foreach (string line in text.Split('\n'))
        {
            int equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw new FormatException($"Job line '{line}' has no '='.");
            }
            string name = line[..equals], value = line[(equals + 1)..];
            if (name == "layer")
            {
                string[] parts = value.Split(' ');
                layers.Add(parts[0] switch
                {
                    "dense" when parts.Length == 4 => new DenseSpec(Int(parts[1]), Activation.Parse(parts[2]), parts[3] == "bias"),
                    "rbf" when parts.Length == 2 => new RbfSpec(Int(parts[1])),
                    _ => throw new FormatException($"Job layer '{value}' is not understood."),
                });
            }
            else
            {
                values[name] = value;
            }
        }
        string Get(string name) => values.TryGetValue(name, out string? v) ? v : throw new FormatException($"Job has no '{name}'.");
        double Real(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        var options = new ClusterOptions
        {
            Mode = Enum.Parse<ExchangeMode>(Get("mode")),
            Epochs = Int(Get("epochs")),
            BatchSize = Int(Get("batch")),
            AverageEvery = Int(Get("average-every")),
            SegmentSteps = Int(Get("segment-steps")),
            ChunkBytes = Int(Get("chunk-bytes")),
            Optimizer = Get("optimizer"),
            LearningRate = Real(Get("lr")),
            WeightDecay = Real(Get("weight-decay")),
        };
        return new ClusterJob(new NetworkSpec(Int(Get("inputs")), layers), Losses.Loss.Parse(Get("loss")), Get("precision"), options,
            Get("data"), Int(Get("rows")));

        static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>A replica of this job's element type.</summary>
    internal IReplica CreateReplica() => Precision switch
    {
        "float" => new Replica<float>(Spec, Loss, Options, Rows),
        "double" => new Replica<double>(Spec, Loss, Options, Rows),
        _ => throw new ArgumentException($"Precision must be float or double, not '{Precision}'."),
    };
}
