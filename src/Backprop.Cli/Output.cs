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

    /// <summary>Writes a two-column table of names and values to stdout.</summary>
    public void Table(string title, IEnumerable<(string Name, string Value)> rows)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("").AddColumn("");
        table.HideHeaders();
        table.Border = Border;
        foreach (var (name, value) in rows)
            table.AddRow(new Text(name), new Text(value));
        Console().Write(table);
    }

    /// <summary>Writes a table with the given header and rows (all plain text, no markup) to stdout.</summary>
    public void Table(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Title(Markup.Escape(title)).Border(Border);
        foreach (string column in header)
            table.AddColumn(new TableColumn(new Text(column)).RightAligned());
        foreach (var row in rows)
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
        Console().Write(table);
    }

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
