using Backprop.Data;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Playground.Engine;

/// <summary>The page's network as a <c>.bpmodel</c> file that the command reads, and back.</summary>
public static class ModelExport
{
    /// <summary>
    /// The model file bytes: the network, an identity scaler (the page trains on the raw coordinates), and as the
    /// label either the classes <c>0</c>, <c>1</c>, ... (one output per class) or a regression target (one output,
    /// identity target scaler), so that <c>backprop explain</c> sees exactly the page's inputs and targets.
    /// </summary>
    public static byte[] ToBytes(Network<double> network, Loss loss, int classes)
    {
        int inputs = network.Inputs;
        var features = Enumerable.Range(1, inputs).Select(i => $"x{i}").ToArray();
        var scaler = new StandardScaler(new double[inputs], Enumerable.Repeat(1.0, inputs).ToArray());
        Schema schema = network.Outputs > 1 && network.Outputs == classes
            ? new Schema(TaskKind.Classification, "class", features, scaler, [.. Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))], null)
            : new Schema(TaskKind.Regression, "class", features, scaler, [], new StandardScaler([0.0], [1.0]));
        if (network.Outputs != schema.Outputs)
            throw new InvalidOperationException($"A network with {network.Outputs} outputs for {classes} classes cannot be saved; use one output per class or a single output.");
        return ModelFile.ToBytes(new Model<double>(network.Clone(), schema, loss));
    }

    /// <summary>Reads a model file: its network in double precision, its loss and its feature scaler.</summary>
    /// <exception cref="ModelFileException">The bytes are not a valid model file; the message says what is wrong.</exception>
    public static (Network<double> Network, Loss Loss, StandardScaler Scaler) FromBytes(byte[] bytes, string fileName)
    {
        var model = ModelFile.FromBytes(bytes, fileName);
        Network<double> network;
        switch (model)
        {
            case Model<double> m:
                network = m.Network.Clone();
                break;
            case Model<float> m:
                network = m.Spec.Build<double>();
                for (int i = 0; i < network.ParameterCount; i++)
                    network.Parameters[i] = m.Network.Parameters[i];
                break;
            default:
                throw new NotSupportedException($"a {model.Precision} model");
        }
        return (network, model.Loss, model.Schema.Scaler);
    }
}
