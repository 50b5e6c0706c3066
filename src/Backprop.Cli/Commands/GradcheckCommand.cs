using System.CommandLine;
using System.Numerics;
using Backprop.Diagnostics;
using Backprop.Losses;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop gradcheck</c>: compares backpropagation with finite differences on a random network and batch.</summary>
public static class GradcheckCommand
{
    // Largest relative error that passes: double differences are accurate to ~1e-9, float ones to ~1e-3.
    private const double DoubleThreshold = 1e-6, FloatThreshold = 5e-2;

    // Rows x inputs (or outputs) of the random batch: 128 MiB as double.
    private const long MaxBatchValues = 1 << 24;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var inputs = CommonOptions.Positive("--inputs", 3, "Inputs of the random network.", maximum: Persistence.ModelFile.MaxFeatures);
        var layers = CommonOptions.Layers(5, 4);
        var activation = CommonOptions.HiddenActivation("tanh");
        var outputs = CommonOptions.Positive("--outputs", 3, "Outputs of the random network.", maximum: Persistence.ModelFile.MaxClasses);
        var defaultOutput = Activations.Activation.Softmax;
        var outputActivation = CommonOptions.OutputActivation(defaultOutput);
        var loss = CommonOptions.LossOption(Loss.CrossEntropy, allowAuto: false);
        var rows = CommonOptions.Positive("--rows", 4, "Rows (patterns) in the random batch.");
        var precision = CommonOptions.Precision("double");
        var seed = CommonOptions.Seed("Seed of the random weights and data.");
        var json = CommonOptions.Json();
        var command = new Command("gradcheck",
            "Check backpropagated gradients against finite differences on a random network and batch; prints the largest relative error.")
        {
            inputs, layers, activation, outputs, outputActivation, loss, rows, precision, seed, json,
        };
        command.SetAction(parse =>
        {
            var settings = new Settings(parse.GetValue(inputs), parse.GetRequiredValue(layers), parse.GetRequiredValue(activation),
                parse.GetValue(outputs), parse.GetValue(outputActivation) ?? defaultOutput, parse.GetRequiredValue(loss)!,
                parse.GetValue(rows), parse.GetValue(seed));
            return parse.GetValue(precision) == "float"
                ? Run<float>(settings, FloatThreshold, Output.From(parse), parse.GetValue(json))
                : Run<double>(settings, DoubleThreshold, Output.From(parse), parse.GetValue(json));
        });
        return command;
    }

    private sealed record Settings(int Inputs, LayerSizes Layers, HiddenUnits Hidden, int Outputs,
        Activations.Activation OutputActivation, Loss Loss, int Rows, int Seed);

    private static int Run<T>(Settings s, double threshold, Output output, bool json) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var spec = NetworkSpec.Input(s.Inputs);
        foreach (int units in s.Layers.Units)
            spec = s.Hidden.Append(spec, units);
        spec = spec.Dense(s.Outputs, s.OutputActivation);
        CommonOptions.CheckNetwork(spec);
        // The random batch and its targets are single arrays: their sizes are bounded before they are multiplied out.
        long values = Math.Max((long)s.Rows * s.Inputs, (long)s.Rows * s.Outputs);
        if (values > MaxBatchValues)
            throw CliException.Usage($"--rows {s.Rows} x --inputs {s.Inputs} (or --outputs {s.Outputs}) is {values} values, more than the {MaxBatchValues} (2^24) a random batch may have");
        Network<T> network = spec.Build<T>(s.Seed);

        var random = new Random(s.Seed);
        var x = new T[s.Rows * s.Inputs];
        for (int i = 0; i < x.Length; i++)
            x[i] = T.CreateChecked(2 * random.NextDouble() - 1);
        T[] target = Targets<T>(s.Loss, s.Rows, s.Outputs, random);

        GradientCheckResult result = GradientCheck.Run(network, s.Loss, x, target, s.Rows);
        bool passed = result.MaxRelativeError <= threshold;
        string precision = typeof(T) == typeof(float) ? "float" : "double";
        if (json)
        {
            output.Json(w =>
            {
                w.WriteString("architecture", network.ToString());
                w.WriteString("loss", s.Loss.Name);
                w.WriteString("precision", precision);
                w.WriteNumber("rows", s.Rows);
                w.WriteNumber("parameters", result.Parameters);
                w.WriteNumber("inputs", result.Inputs);
                w.WriteNumberOrNull("max_relative_error", result.MaxRelativeError);
                w.WriteNumberOrNull("max_parameter_error", result.MaxParameterError);
                w.WriteNumberOrNull("max_input_error", result.MaxInputError);
                w.WriteNumber("worst_parameter", result.WorstParameter);
                w.WriteNumber("threshold", threshold);
                w.WriteBoolean("passed", passed);
            });
        }
        else
        {
            output.Table("Gradient check",
            [
                ("Network", network.ToString()),
                ("Precision", precision),
                ("Loss", $"{s.Loss.Name} on {s.Rows} random rows"),
                ("Checked", $"{result.Parameters} parameters, {result.Inputs} inputs"),
                ("Parameter error", Output.Number(result.MaxParameterError, 3) + $" (worst: parameter {result.WorstParameter})"),
                ("Input error", Output.Number(result.MaxInputError, 3)),
                ("Max relative error", $"{Output.Number(result.MaxRelativeError, 3)} ({(passed ? "ok" : "FAILED")}, threshold {Output.Number(threshold, 3)})"),
            ]);
        }
        if (!passed)
            throw new CliException(ExitCodes.Failure,
                $"gradient check failed: max relative error {Output.Number(result.MaxRelativeError, 3)} exceeds {Output.Number(threshold, 3)}");
        return ExitCodes.Success;
    }

    // Targets the loss is meant for: one-hot rows for cross-entropy, 0/1 for binary cross-entropy, values in [0, 1] otherwise.
    private static T[] Targets<T>(Loss loss, int rows, int outputs, Random random) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var target = new T[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            if (loss == Loss.CrossEntropy)
            {
                target[r * outputs + random.Next(outputs)] = T.One;
                continue;
            }
            for (int k = 0; k < outputs; k++)
            {
                double v = loss == Loss.BinaryCrossEntropy ? random.Next(2) : random.NextDouble();
                target[r * outputs + k] = T.CreateChecked(v);
            }
        }
        return target;
    }
}
