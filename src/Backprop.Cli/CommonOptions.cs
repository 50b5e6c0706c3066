using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Persistence;

namespace Backprop.Cli;

/// <summary>Hidden layer sizes as given to <c>--layers</c>, e.g. <c>64,32</c>; empty for none.</summary>
public sealed record LayerSizes(IReadOnlyList<int> Units)
{
    /// <summary>As typed: <c>64,32</c>, or <c>none</c>.</summary>
    public override string ToString() => Units.Count == 0 ? "none" : string.Join(',', Units);
}

/// <summary>What hidden layers are made of: dense units with an activation, or a layer kind that needs only a unit count (rbf).</summary>
/// <param name="Name">The name as listed to users.</param>
/// <param name="Activation">The dense layers' activation; null for a layer kind of its own.</param>
/// <param name="Kind">That layer kind, when <paramref name="Activation"/> is null.</param>
public sealed record HiddenUnits(string Name, Activation? Activation, LayerKind? Kind = null)
{
    /// <summary>The valid names: every activation gradients can train, then every layer kind built from a unit count alone.</summary>
    public static IEnumerable<string> Names => CommonOptions.Trainable.Select(a => a.Name).Concat(UnitKinds.Select(k => k.Name));

    private static IEnumerable<LayerKind> UnitKinds => LayerKind.All.Where(k => k.FromUnits is not null);

    /// <summary>Appends one hidden layer of <paramref name="units"/> units of this kind.</summary>
    public NetworkSpec Append(NetworkSpec spec, int units) =>
        Activation is null ? spec.Append(Kind!.FromUnits!(units)) : spec.Dense(units, Activation);

    /// <summary>The hidden units a layer kind of its own makes (e.g. <c>rbf</c>), or null when <paramref name="name"/> names none.</summary>
    public static HiddenUnits? OfKind(string name) =>
        LayerKind.Find(name) is { FromUnits: not null } kind ? new HiddenUnits(kind.Name, null, kind) : null;

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}

/// <summary>Options several commands share, and the parsers that turn their text into library values.</summary>
public static class CommonOptions
{
    /// <summary>The activations gradients can train: all but the step function.</summary>
    public static IEnumerable<Activation> Trainable => Activation.All.Where(a => a.IsDifferentiable);

    /// <summary>
    /// A file argument (MODEL, DATA). A value starting with '-' is refused as an unknown option, which the parser would
    /// otherwise take for a file name; a file really named so can be given as <c>./-name</c>.
    /// </summary>
    public static Argument<string> File(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description, HelpName = name };
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
                result.AddError($"{name} needs a file name, not an empty string.");
        });
        return argument.NotAnOption();
    }

    /// <summary>Refuses a value starting with '-' as an unknown option, which the parser would otherwise take for the argument.</summary>
    public static Argument<T> NotAnOption<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value is ['-', _, ..] value)
                result.AddError($"Unrecognized option '{value}'.");
        });
        return argument;
    }

    /// <summary>
    /// A file option (<c>--model FILE</c>). An empty value is a usage error here, rather than an <see cref="ArgumentException"/>
    /// from the file system once the work is done.
    /// </summary>
    public static Option<string?> FileOption(string name, string description, string helpName = "FILE")
    {
        var option = new Option<string?>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
                result.AddError($"{name} needs a file name, not an empty string.");
        });
        return option;
    }

    /// <summary>
    /// A file option the command writes: besides a name, its folder must exist, so that a typo fails at once
    /// rather than after hours of training.
    /// </summary>
    public static Option<string?> OutputFileOption(string name, string description, string helpName = "FILE")
    {
        var option = FileOption(name, description, helpName);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 || string.IsNullOrWhiteSpace(result.Tokens[0].Value))
                return;
            string? folder = Path.GetDirectoryName(Path.GetFullPath(result.Tokens[0].Value));
            if (folder is not null && !Directory.Exists(folder))
                result.AddError($"{name}: the folder '{folder}' does not exist.");
        });
        return option;
    }

    /// <summary><c>--json</c>: machine-readable output, errors included.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON object instead of text (an error too, on stderr).",
    };

    /// <summary>
    /// <c>--learning-rate</c>, alias <c>--lr</c>: the step size eta, a positive number. Every command that takes a learning
    /// rate takes it by both names.
    /// </summary>
    public static Option<double?> LearningRate(double? defaultValue, string description)
    {
        var option = Real("--learning-rate", defaultValue, r => r > 0 && double.IsFinite(r), "a positive number", description);
        option.Aliases.Add("--lr");
        option.HelpName = "RATE";
        return option;
    }

    /// <summary><c>--batch-size</c>, alias <c>--batch</c>: patterns per update, at least <paramref name="minimum"/>.</summary>
    public static Option<int> BatchSize(int defaultValue, int minimum, string description)
    {
        var option = Integer("--batch-size", defaultValue, minimum, description);
        option.Aliases.Add("--batch");
        return option;
    }

    /// <summary>
    /// Restricts <paramref name="option"/> to <paramref name="values"/>, matched in any case (<c>--optimizer Adam</c>) and
    /// read back as listed; the help shows them as <c>a|b|c</c> unless the option has a help name.
    /// </summary>
    public static Option<string> OneOf(this Option<string> option, IEnumerable<string> values)
    {
        string[] valid = [.. values];
        option.HelpName ??= string.Join('|', valid);
        option.CompletionSources.Add(valid);
        option.CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            string? match = valid.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
            if (match is null)
                result.AddError($"{option.Name} takes one of {string.Join(", ", valid)}, not '{text}'.");
            return match ?? "";
        };
        return option;
    }

    /// <summary><c>--separator</c>: the CSV field separator.</summary>
    public static Option<char> Separator() => new("--separator")
    {
        Description = "CSV field separator: one character, or 'tab'.",
        HelpName = "CHAR",
        DefaultValueFactory = _ => ',',
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (text is "\\t" || string.Equals(text, "tab", StringComparison.OrdinalIgnoreCase))
                return '\t';
            if (text.Length == 1 && text[0] is not ('"' or '\r' or '\n'))
                return text[0];
            result.AddError($"--separator must be one character (not a quote) or 'tab', not '{text}'.");
            return default;
        },
    };

    /// <summary><c>--threads</c>: threads per matrix multiply.</summary>
    public static Option<int> Threads() => Positive("--threads", 1, "Threads per matrix multiply (results do not depend on it).");

    /// <summary><c>--seed</c>: the seed of every random choice.</summary>
    public static Option<int> Seed(string description) => new("--seed") { Description = description, DefaultValueFactory = _ => 0, HelpName = "N" };

    /// <summary>An integer option that must be at least 1 (and at most <paramref name="maximum"/>, a bound that keeps sizes in memory).</summary>
    public static Option<int> Positive(string name, int defaultValue, string description, int maximum = int.MaxValue) =>
        Integer(name, defaultValue, minimum: 1, description, maximum);

    /// <summary>An integer option with bounds, checked when parsed.</summary>
    public static Option<int> Integer(string name, int defaultValue, int minimum, string description, int maximum = int.MaxValue) => new(name)
    {
        Description = maximum == int.MaxValue ? description : $"{description} At most {maximum.ToString("N0", CultureInfo.InvariantCulture)}.",
        DefaultValueFactory = _ => defaultValue,
        HelpName = "N",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
                return value;
            result.AddError(maximum == int.MaxValue
                ? $"{name} takes a whole number of at least {minimum}, not '{text}'."
                : $"{name} takes a whole number from {minimum} to {maximum} (a limit that keeps it in memory), not '{text}'.");
            return default;
        },
    };

    /// <summary>
    /// Checks a network built from <c>--layers</c> against the limits a model file holds (<see cref="ModelFile.CheckLimits"/>),
    /// before anything is allocated: a usage error naming the limit, instead of an overflow or a model that cannot be saved.
    /// </summary>
    /// <exception cref="CliException">A usage error (exit 2).</exception>
    public static void CheckNetwork(NetworkSpec spec)
    {
        try
        {
            ModelFile.CheckLimits(spec);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage($"--layers: a model file cannot hold this network: {e.Message}");
        }
    }

    /// <summary>A real-number option whose values must pass <paramref name="valid"/>, checked when parsed.</summary>
    public static Option<double?> Real(string name, double? defaultValue, Func<double, bool> valid, string rule, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && valid(value))
                return value;
            result.AddError($"{name} takes {rule}, not '{text}'.");
            return null;
        },
    };

    /// <summary><c>--layers</c>: hidden layer sizes, comma-separated; <c>none</c> for no hidden layer.</summary>
    public static Option<LayerSizes> Layers(params int[] defaultUnits) => new("--layers")
    {
        Description = "Hidden layer sizes, comma-separated (e.g. 64,32), or 'none'.",
        HelpName = "SIZES",
        DefaultValueFactory = _ => new LayerSizes(defaultUnits),
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (text.Length == 0 || string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
                return new LayerSizes([]);
            var units = new List<int>();
            foreach (string part in text.Split(','))
            {
                if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > ModelFile.MaxUnits)
                {
                    result.AddError($"--layers takes comma-separated sizes from 1 to {ModelFile.MaxUnits} (e.g. 64,32), not '{text}'.");
                    return null;
                }
                units.Add(n);
            }
            return new LayerSizes(units);
        },
    };

    /// <summary><c>--activation</c> for hidden layers: an activation that gradients can train, or <c>rbf</c>.</summary>
    public static Option<HiddenUnits> HiddenActivation(string defaultName) => new("--activation")
    {
        Description = $"Hidden units: {string.Join(", ", HiddenUnits.Names)} (rbf = Gaussian radial-basis units).",
        HelpName = "NAME",
        DefaultValueFactory = _ => ParseHidden(defaultName),
        CustomParser = result =>
        {
            string name = result.Tokens[0].Value;
            if (HiddenUnits.OfKind(name) is { } kind)
                return kind;
            Activation? activation = ParseActivation(result, name, "--activation");
            return activation is null ? null : new HiddenUnits(activation.Name, activation);
        },
    };

    /// <summary>
    /// An output-layer activation option (<c>--output-activation</c>); the step function is refused. It has no default
    /// value of its own (null when not given): help would print one as the type prints itself (<c>Softmax</c>, as in
    /// <c>Dense(3 -> 2, Softmax)</c>) rather than as the name the option takes, so the caller applies
    /// <paramref name="defaultValue"/> and the description names it.
    /// </summary>
    public static Option<Activation?> OutputActivation(Activation defaultValue) => new("--output-activation")
    {
        Description = $"Output activation: {string.Join(", ", Trainable.Select(a => a.Name))}. [default: {defaultValue.Name}]",
        HelpName = "NAME",
        CustomParser = result => ParseActivation(result, result.Tokens[0].Value, "--output-activation"),
    };

    /// <summary><c>--loss</c>: a loss name; <paramref name="allowAuto"/> also accepts <c>auto</c> (parsed as null).</summary>
    public static Option<Loss?> LossOption(Loss? defaultValue, bool allowAuto)
    {
        string names = string.Join(", ", Loss.All.Select(l => l.Name));
        return new Option<Loss?>("--loss")
        {
            Description = allowAuto
                ? $"Loss: auto (cross-entropy for classification, mse for regression), {names}."
                : $"Loss: {names}.",
            DefaultValueFactory = _ => defaultValue,
            HelpName = "NAME",
            CustomParser = result =>
            {
                string name = result.Tokens[0].Value;
                if (allowAuto && string.Equals(name, "auto", StringComparison.OrdinalIgnoreCase))
                    return null;
                try
                {
                    return Loss.Parse(name);
                }
                catch (ArgumentException)
                {
                    result.AddError($"Unknown loss '{name}'. Valid: {(allowAuto ? "auto, " : "")}{names}.");
                    return null;
                }
            },
        };
    }

    /// <summary><c>--precision</c>: float or double.</summary>
    public static Option<string> Precision(string defaultValue)
    {
        var option = new Option<string>("--precision")
        {
            Description = "Number type the network computes in: float or double.",
            HelpName = "float|double",
            DefaultValueFactory = _ => defaultValue,
        };
        return option.OneOf(["float", "double"]);
    }

    private static HiddenUnits ParseHidden(string name) =>
        HiddenUnits.OfKind(name) ?? new HiddenUnits(name, Activation.Parse(name));

    // Every command that takes an activation trains or checks it by gradients, so the step function is refused here.
    private static Activation? ParseActivation(ArgumentResult result, string name, string option)
    {
        Activation activation;
        try
        {
            activation = Activation.Parse(name);
        }
        catch (ArgumentException)
        {
            string valid = string.Join(", ", option == "--activation" ? HiddenUnits.Names : Trainable.Select(a => a.Name));
            result.AddError($"Unknown activation '{name}' for {option}. Valid: {valid}.");
            return null;
        }
        if (!activation.IsDifferentiable)
        {
            result.AddError($"The {activation.Name} activation cannot be trained by gradients (its derivative is 0 wherever it exists); " +
                "use sigmoid, tanh, relu or another differentiable activation.");
            return null;
        }
        return activation;
    }
}
