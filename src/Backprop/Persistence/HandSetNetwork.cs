using Backprop.Data;
using Backprop.Losses;

namespace Backprop.Persistence;

/// <summary>
/// A network whose weights were written by hand in a weights file (<see cref="WeightsFile"/>, docs/weights-file.md):
/// the network, the loss, the names of its inputs and outputs and, optionally, a pattern to trace. It computes in
/// double and sees its inputs as they are (no scaler).
/// </summary>
public sealed class HandSetNetwork
{
    internal HandSetNetwork(string? title, Network<double> network, Loss loss, IReadOnlyList<string> inputNames,
        string outputName, IReadOnlyList<string> classes, double[]? exampleInput, double[]? exampleTarget, double? learningRate)
    {
        Title = title;
        Network = network;
        Loss = loss;
        InputNames = inputNames;
        OutputName = outputName;
        Classes = classes;
        ExampleInput = exampleInput;
        ExampleTarget = exampleTarget;
        LearningRate = learningRate;
    }

    /// <summary>The file's one-line description, or null.</summary>
    public string? Title { get; }

    /// <summary>The network, its weights set from the file.</summary>
    public Network<double> Network { get; }

    /// <summary>The loss (the file's <c>loss</c>).</summary>
    public Loss Loss { get; }

    /// <summary>The input names (the file's <c>inputs</c>, else x1, x2, ...).</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The output's (label's) name (the file's <c>output</c>, else y).</summary>
    public string OutputName { get; }

    /// <summary>Class names, one per output unit, when the network is a classifier; empty otherwise.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The pattern <c>explain</c> traces by default (the file's <c>example.input</c>), or null.</summary>
    public double[]? ExampleInput { get; }

    /// <summary>Its target, one number per output (the file's <c>example.target</c>), or null.</summary>
    public double[]? ExampleTarget { get; }

    /// <summary>The learning rate of the updates <c>explain</c> shows (the file's <c>example.learning_rate</c>), or null.</summary>
    public double? LearningRate { get; }

    /// <summary>
    /// The network as a <see cref="Model"/> that predicts raw rows (identity scalers), so that everything that takes a
    /// model file takes it: a classifier when the file names classes, else a regression model of its one output.
    /// </summary>
    /// <param name="fileName">Names the file in the error; null if none.</param>
    /// <exception cref="ModelFileException">The network has several outputs and the file names no classes.</exception>
    public Model<double> ToModel(string? fileName = null)
    {
        int inputs = Network.Inputs;
        var identity = new StandardScaler(new double[inputs], Ones(inputs));
        if (Classes.Count > 0)
        {
            return new Model<double>(Network, new Schema(TaskKind.Classification, OutputName, InputNames, identity, Classes, null), Loss);
        }
        if (Network.Outputs != 1)
        {
            throw new ModelFileException(fileName,
                $"the network has {Network.Outputs} outputs and the file names no classes: only 'explain' takes it " +
                "(a model needs one output, or one class name per output)");
        }
        return new Model<double>(Network, new Schema(TaskKind.Regression, OutputName, InputNames, identity, [], new StandardScaler([0.0], [1.0])), Loss);
    }

    private static double[] Ones(int count)
    {
        var ones = new double[count];
        Array.Fill(ones, 1.0);
        return ones;
    }
}
