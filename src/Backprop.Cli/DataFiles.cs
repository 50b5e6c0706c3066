using Backprop.Data;
using Backprop.Persistence;
using Backprop.Tabular;

namespace Backprop.Cli;

/// <summary>Turning DATA arguments into tables, and the names the CLI uses for tasks.</summary>
public static class DataFiles
{
    /// <summary>A DATA argument resolved to a file.</summary>
    /// <param name="Path">The file to read.</param>
    /// <param name="DefaultLabel">The bundled data set's label column, or null for a user's file.</param>
    /// <param name="Name">What to show people: a bundled data set's name (not its path inside the installation), else the path as given.</param>
    public sealed record Source(string Path, string? DefaultLabel, string Name);

    /// <summary>The DATA argument that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// <c>-</c> is standard input; an existing file (or named pipe) is used as is; otherwise a bundled data set name
    /// (iris, digits, xor) is looked up. A model or checkpoint file is refused as such, rather than read as a CSV file
    /// with odd columns.
    /// </summary>
    /// <exception cref="DataException">Neither a file nor a bundled name, or a model or checkpoint file.</exception>
    public static Source Resolve(string nameOrPath)
    {
        if (nameOrPath == StandardInput)
            return new Source(StandardInput, null, "standard input");
        string path = BundledData.ResolvePath(nameOrPath);
        bool bundled = !string.Equals(path, nameOrPath, StringComparison.Ordinal);
        if (!bundled && ModelFile.IsModelFile(path))
            throw new DataException(path, null, null,
                "this is a Backprop model file, not CSV data; a model goes first, as in 'backprop evaluate MODEL DATA' or 'backprop predict MODEL DATA'");
        if (!bundled && CheckpointFile.IsCheckpointFile(path))
            throw new DataException(path, null, null,
                "this is a Backprop checkpoint file, not CSV data; continue its run with 'backprop train DATA --resume CHECKPOINT'");
        return new Source(path, bundled ? BundledData.DefaultLabel(nameOrPath) : null,
            bundled ? nameOrPath.ToLowerInvariant() : nameOrPath);
    }

    /// <summary>Reads a DATA argument (a file or a bundled name) as a CSV table.</summary>
    /// <exception cref="DataException">The data cannot be found or read.</exception>
    public static CsvTable Read(string nameOrPath, char? separator) => Read(Resolve(nameOrPath), separator, null);

    /// <summary>
    /// Reads a resolved DATA argument, once, front to back (standard input and pipes work). With <paramref name="progress"/>
    /// (a terminal), a file over 64 MiB, or standard input, shows the megabytes read there as it loads, on one line
    /// redrawn in place.
    /// </summary>
    /// <exception cref="DataException">The data cannot be read or parsed.</exception>
    public static CsvTable Read(Source source, char? separator, TextWriter? progress)
    {
        if (source.Path == StandardInput)
        {
            var fromStdin = progress is null ? null : new LoadProgress(progress, "standard input", 0);
            CsvTable piped = CsvReader.Read(System.Console.OpenStandardInput(), "<stdin>", separator, fromStdin);
            fromStdin?.Done();
            return piped;
        }
        long size = 0;
        try
        {
            size = new FileInfo(source.Path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The reader reports an unreadable file with its own message.
        }
        LoadProgress? report = progress is null || size < 64L << 20 ? null
            : new LoadProgress(progress, source.Path, size);
        CsvTable table = CsvReader.Read(source.Path, separator, report);
        report?.Done();
        return table;
    }

    /// <summary>The model file <c>train</c> writes when not told: DATA's name with <c>.bpmodel</c>, in the current folder.</summary>
    public static string DefaultModelName(Source source) =>
        (source.Path == StandardInput ? "stdin" : System.IO.Path.GetFileNameWithoutExtension(source.Path)) + ".bpmodel";

    // Synchronous (Progress<T> would post to the thread pool and print after the load). One line, redrawn; size 0: unknown.
    private sealed class LoadProgress(TextWriter writer, string name, long size) : IProgress<long>
    {
        private bool _shown;

        public void Report(long value)
        {
            string of = size > 0 ? $" of {size >> 20} MiB ({100 * value / size}%)" : " MiB";
            writer.Write($"\rreading {Output.Safe(name)}: {value >> 20}{of}\u001b[K");
            _shown = true;
        }

        public void Done()
        {
            if (_shown)
                writer.WriteLine();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on rows of <paramref name="table"/> (row i of the work is row i of the table), turning a
    /// value a float model cannot take into a data error at its file, line and column (exit 3).
    /// </summary>
    public static TResult InRange<TResult>(CsvTable table, IReadOnlyList<string> featureNames, Func<TResult> work)
    {
        try
        {
            return work();
        }
        catch (FeatureRangeException e)
        {
            throw new DataException(table.FileName, table.SourceLine(e.Row), table.ColumnIndex(featureNames[e.Feature]) + 1, e.Message, e);
        }
    }

    /// <summary>
    /// <see cref="TabularData.FromTable"/>, with hints when the label was not named (<paramref name="defaulted"/>: it is the
    /// last column): a failure says so and suggests <c>--label</c> with the column that looks like the label; a success
    /// where another column looks likelier is a warning.
    /// </summary>
    public static TabularData FromTable(CsvTable table, string label, TaskKind? task, bool defaulted, Output output)
    {
        if (!defaulted)
            return TabularData.FromTable(table, label, task);
        string? likelier = LabelGuess.Likelier(table, label);
        string suggestion = likelier is null ? "--label NAME" : $"--label {Quoted(likelier)}";
        TabularData data;
        try
        {
            data = TabularData.FromTable(table, label, task);
        }
        catch (DataException e)
        {
            throw new DataException(e.File, e.Line, e.Column,
                $"{e.Detail}; the label defaulted to the last column '{label}': name the label column with {suggestion}", e);
        }
        if (likelier is not null)
            output.Warn($"the label defaulted to the last column '{label}' ({TaskName(data.Task)}); column '{likelier}' looks like " +
                $"the label: if it is, give {suggestion}");
        return data;
    }

    /// <summary>
    /// <see cref="TabularModel.Prepare{T}"/>, with the same label hints as <see cref="FromTable"/> when the label was
    /// not named (<paramref name="defaulted"/>).
    /// </summary>
    public static TabularRun<T> Prepare<T>(CsvTable table, string label, TabularOptions options, bool defaulted, Output output)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (!defaulted)
            return TabularModel.Prepare<T>(table, label, options);
        string? likelier = LabelGuess.Likelier(table, label);
        string suggestion = likelier is null ? "--label NAME" : $"--label {Quoted(likelier)}";
        TabularRun<T> run;
        try
        {
            run = TabularModel.Prepare<T>(table, label, options);
        }
        catch (DataException e)
        {
            throw new DataException(e.File, e.Line, e.Column,
                $"{e.Detail}; the label defaulted to the last column '{label}': name the label column with {suggestion}", e);
        }
        if (likelier is not null)
            output.Warn($"the label defaulted to the last column '{label}' ({TaskName(run.Schema.Task)}); column '{likelier}' looks like " +
                $"the label: if it is, give {suggestion}");
        return run;
    }

    // A column name as a shell argument: quoted when it holds anything but letters, digits, '_', '-' and '.'.
    private static string Quoted(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : "'" + name.Replace("'", "'\\''") + "'";

    /// <summary>The task as the CLI names it: <c>classification</c> or <c>regression</c>.</summary>
    public static string TaskName(TaskKind task) => task == TaskKind.Classification ? "classification" : "regression";
}

/// <summary>Writing CSV.</summary>
public static class Csv
{
    /// <summary>
    /// A text field (a name, a class) as CSV (RFC 4180), comma-separated: control characters escaped (<see cref="Output.Safe"/>);
    /// prefixed with <c>'</c> when it would start a spreadsheet formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, as OWASP
    /// recommends against CSV injection) unless it is a number (<c>-1</c> stays <c>-1</c>); quoted when it holds a comma,
    /// quote or line break, or has spaces at either end (which the reader would otherwise trim).
    /// </summary>
    public static string Field(string value)
    {
        value = Output.Safe(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@'
            && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
