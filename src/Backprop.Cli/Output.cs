using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Cli;

/// <summary>
/// Where a command writes: its stdout and stderr (the real console, or writers a test passed to
/// <see cref="Program.Run"/>), whether each is an interactive terminal, and helpers for tables and JSON.
/// </summary>
public sealed class Output
{
    /// <summary>The layout version of every JSON object the commands print; raised when a key changes meaning or goes away.</summary>
    public const int JsonSchemaVersion = 2;

    private Output(TextWriter stdout, TextWriter stderr, string command)
    {
        Command = command;
        Out = stdout;
        Error = stderr;
        // Only the real console can be a terminal; a redirected one or any other writer gets plain text.
        OutIsTerminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        ErrorIsTerminal = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
    }

    /// <summary>The output of the command being invoked.</summary>
    public static Output From(ParseResult parse)
    {
        var configuration = parse.InvocationConfiguration;
        return new Output(configuration.Output, configuration.Error, CommandName(parse));
    }

    /// <summary>The command as typed after <c>backprop</c>, e.g. <c>train</c> or <c>classic madaline</c>.</summary>
    public static string CommandName(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(result.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The command being run (the <c>command</c> key of its JSON).</summary>
    public string Command { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>True when stdout is an interactive terminal (progress bars and colour are allowed).</summary>
    public bool OutIsTerminal { get; }

    /// <summary>True when stderr is an interactive terminal.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>A Spectre console over <paramref name="writer"/>: interactive and coloured only on a terminal.</summary>
    public static IAnsiConsole Console(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            // Plain ASCII and a fixed width, so redirected output is the same everywhere.
            console.Profile.Capabilities.Unicode = false;
            console.Profile.Width = 100;
        }
        return console;
    }

    /// <summary>A Spectre console over stdout.</summary>
    public IAnsiConsole Console() => Console(Out, OutIsTerminal);

    /// <summary>Writes a two-column table of names and values to stdout (control characters escaped).</summary>
    public void Table(string title, IEnumerable<(string Name, string Value)> rows)
    {
        var table = new Table().Title(Markup.Escape(Safe(title))).AddColumn("").AddColumn("");
        table.HideHeaders();
        table.Border = Border;
        foreach (var (name, value) in rows)
            table.AddRow(new Text(Safe(name)), new Text(Safe(value)));
        Console().Write(table);
    }

    /// <summary>Writes a table with the given header and rows (all plain text, no markup; control characters escaped) to stdout.</summary>
    public void Table(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Title(Markup.Escape(Safe(title))).Border(Border);
        foreach (string column in header)
            table.AddColumn(new TableColumn(new Text(Safe(column))).RightAligned());
        foreach (var row in rows)
            table.AddRow(row.Select(cell => (IRenderable)new Text(Safe(cell))));
        Console().Write(table);
    }

    /// <summary>
    /// Text from data (a class or column name, a cell, a path) made safe to print: control characters (C0, DEL, C1),
    /// which could move the cursor, recolour the terminal or set its title, and the bidirectional overrides, which can
    /// make text read other than it is, are written as <c>\xHH</c> or <c>\uHHHH</c>; a backslash stays as it is.
    /// </summary>
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = 0;
        while (first < text.Length && !Unsafe(text[first]))
            first++;
        if (first == text.Length)
            return text;
        var safe = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!Unsafe(c))
                safe.Append(c);
            else if (c <= 0xFF)
                safe.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else
                safe.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return safe.ToString();
    }

    private static bool Unsafe(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    // Box drawing on a terminal, plain ASCII in files and pipes.
    private TableBorder Border => OutIsTerminal ? TableBorder.Rounded : TableBorder.Ascii;

    /// <summary>
    /// Writes one JSON object, on one line, to stdout: <c>command</c> and <c>schema_version</c> first, then what
    /// <paramref name="write"/> adds.
    /// </summary>
    public void Json(Action<Utf8JsonWriter> write) => Out.WriteLine(JsonLine(Command, write));

    /// <summary>Writes a warning: a line on stderr (also with <c>--json</c>, whose stdout holds only the result).</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + Safe(message));

    /// <summary>One JSON object on one line: <c>command</c> and <c>schema_version</c> first, then what <paramref name="write"/> adds.</summary>
    public static string JsonLine(string command, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        // Relaxed escaping: the output is read by people too, and "->" should not become "-\u003E".
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("command", command);
            writer.WriteNumber("schema_version", JsonSchemaVersion);
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// A number for people, to <paramref name="digits"/> significant digits: plain decimals from 0.0001 up to ten
    /// million (<c>0.000444</c>, <c>12346</c>), else scientific (<c>1.48e-06</c>), never <c>4.44E-004</c>.
    /// </summary>
    public static string Number(double value, int digits = 4) => NumberText.Format(value, digits);

    /// <summary>
    /// A value a network computed, to the precision it has: the shortest text that reads back as the same float for a
    /// float model (about 7 significant digits), or the same double for a double one.
    /// </summary>
    public static string Computed(double value, string precision) =>
        precision == "float" ? NumberText.Exact((float)value) : NumberText.Exact(value);

    /// <summary><c>1 column</c>, <c>2 columns</c>: a count with its noun, singular for one.</summary>
    public static string Count(long count, string noun, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : plural ?? noun + "s");

    /// <summary>A ratio as a percentage, e.g. <c>97.33%</c>.</summary>
    public static string Percent(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A training metric for people: accuracies as percentages, other figures to 4 significant digits.</summary>
    public static string Metric(Backprop.Persistence.Metric metric) =>
        metric.Name.EndsWith("accuracy", StringComparison.Ordinal) ? Percent(metric.Value) : Number(metric.Value);

    /// <summary>
    /// A metric's key in words for a table row: <c>test_accuracy</c> is <c>Test accuracy</c>, <c>train_mse</c> is
    /// <c>Training MSE</c>, <c>test_r2</c> is <c>Test R^2</c>; an unknown key has its underscores turned into spaces.
    /// </summary>
    public static string MetricLabel(string key)
    {
        var words = key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(word => word switch
        {
            "train" => "training",
            "val" => "validation",
            "mse" or "mae" or "rmse" => word.ToUpperInvariant(),
            "r2" => "R^2",
            _ => word,
        }).ToArray();
        string text = string.Join(' ', words);
        return text.Length == 0 ? key : char.ToUpperInvariant(text[0]) + text[1..];
    }
}

/// <summary>JSON writing helpers.</summary>
public static class JsonWriterExtensions
{
    /// <summary>Writes a number, or null where it is NaN or infinite (JSON has no such numbers).</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumber(name, value);
        else
            writer.WriteNull(name);
    }

    /// <summary>Writes <paramref name="values"/> as the array <paramref name="name"/>.</summary>
    public static void WriteArray(this Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double value in values)
            writer.WriteNumberValue(value);
        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="values"/> as the array <paramref name="name"/>.</summary>
    public static void WriteArray(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes an array element a network computed, to the precision it has (a float model's value as the float it is);
    /// null where it is not finite.
    /// </summary>
    public static void WriteComputedValue(this Utf8JsonWriter writer, double value, string precision)
    {
        if (!double.IsFinite(value))
            writer.WriteNullValue();
        else if (precision == "float")
            writer.WriteNumberValue((float)value);
        else
            writer.WriteNumberValue(value);
    }
}
