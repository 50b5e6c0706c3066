using System.CommandLine;
using System.Text.RegularExpressions;
using Backprop.Data;
using Backprop.Persistence;

namespace Backprop.Cli;

/// <summary>
/// Parses and runs a command line, turning every failure into one line on stderr and an exit code: parse errors
/// are usage errors (2), <see cref="DataException"/> is bad data (3), <see cref="ModelFileException"/> a bad model
/// file (4), <see cref="CliException"/> carries its own code, a cancellation is 130, anything else is 1. With
/// <c>--json</c> the line is a JSON object instead (still on stderr, so stdout holds results only).
/// </summary>
public static partial class CommandRunner
{
    /// <summary>Runs <paramref name="args"/> against <paramref name="root"/>, writing to the given writers.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        ParseResult parse = root.Parse(args);
        // Asked for anywhere before "--", even where the parse failed or the command has no --json.
        var report = new Reporter(stderr, Output.CommandName(parse), args.TakeWhile(a => a != "--").Contains("--json"));
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', CommandPath(parse));
            // "Unrecognized command or argument 'fly'" says more than the "Required command was not provided" it causes.
            // So does an option-like value that an argument refused, over "Option '--onnx' is required".
            var error = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'")))
                ?? parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized option", StringComparison.Ordinal))
                ?? parse.Errors[0];
            return report.Fail(ExitCodes.Usage, $"{error.Message.TrimEnd('.')}; see '{command} --help'");
        }
        try
        {
            // No ProcessTerminationTimeout: train handles SIGINT/SIGTERM itself (a clean stop at a batch end); every
            // other command keeps the default, ending at once, as it writes nothing that a signal could leave half done.
            var configuration = new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            };
            return parse.Invoke(configuration);
        }
        catch (CliException e)
        {
            return report.Fail(e.ExitCode, e.Message);
        }
        catch (DataException e)
        {
            return report.Fail(ExitCodes.Data, e.Message);
        }
        catch (ModelFileException e)
        {
            return report.Fail(ExitCodes.ModelFile, e.Message);
        }
        catch (OperationCanceledException)
        {
            return report.Fail(ExitCodes.Interrupted, "interrupted; nothing was written");
        }
        catch (Exception e)
        {
            // A bug or an environment failure: say what it was, still on one line.
            return report.Fail(ExitCodes.Failure, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private sealed class Reporter(TextWriter stderr, string command, bool json)
    {
        public int Fail(int code, string message)
        {
            // One line: System.CommandLine's messages may hold tabs and line breaks.
            // Escaped: messages quote cells and names from the data, which may hold terminal escape sequences.
            string line = Output.Safe(Whitespace().Replace(message.Trim(), " "));
            if (!json)
            {
                stderr.WriteLine("error: " + line);
                return code;
            }
            stderr.WriteLine(Output.JsonLine(command, w =>
            {
                w.WriteStartObject("error");
                w.WriteNumber("exit_code", code);
                w.WriteString("kind", ExitCodes.Name(code));
                w.WriteString("message", line);
                w.WriteEndObject();
            }));
            return code;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(result.Command is RootCommand ? "backprop" : result.Command.Name);
        return names;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
