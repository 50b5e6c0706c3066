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
    private Output(TextWriter stdout, TextWriter stderr)
    {
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
        return new Output(configuration.Output, configuration.Error);
    }

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

    /// <summary>Writes one JSON object, on one line, to stdout.</summary>
    public void Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        // Relaxed escaping: the output is read by people too, and "->" should not become "-\u003E".
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>A number for people: 4 significant digits, invariant culture.</summary>
    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A ratio as a percentage, e.g. <c>97.33%</c>.</summary>
    public static string Percent(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A training metric for people: accuracies as percentages, other figures to 4 significant digits.</summary>
    public static string Metric(Backprop.Persistence.Metric metric) =>
        metric.Name.EndsWith("accuracy", StringComparison.Ordinal) ? Percent(metric.Value) : Number(metric.Value);

    /// <summary>A number in scientific notation, e.g. <c>1.23e-09</c>.</summary>
    public static string Scientific(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);
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
}
