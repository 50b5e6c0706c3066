namespace Backprop.Cli;

/// <summary>The documented exit codes of <c>backprop</c> (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Anything not covered below: an I/O failure, a failed gradient check, a bug.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown command or option, a value out of range, an unknown name.</summary>
    public const int Usage = 2;

    /// <summary>Bad data: a CSV file that is missing, malformed or unsuitable.</summary>
    public const int Data = 3;

    /// <summary>Bad model or checkpoint file: missing, truncated, corrupted, another format version, not a model.</summary>
    public const int ModelFile = 4;

    /// <summary>Training diverged (the loss or a parameter became NaN or infinite, or gradients exploded while the loss rose) or learned nothing (worse than a constant predictor); no model was written.</summary>
    public const int Diverged = 5;

    /// <summary>Interrupted (Ctrl+C, SIGINT or SIGTERM): training stopped at the end of a batch; no model was written (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The code's name in JSON errors: <c>usage</c>, <c>data</c>, <c>model_file</c>, <c>diverged</c>, <c>interrupted</c> or <c>failure</c>.</summary>
    public static string Name(int code) => code switch
    {
        Usage => "usage",
        Data => "data",
        ModelFile => "model_file",
        Diverged => "diverged",
        Interrupted => "interrupted",
        _ => "failure",
    };
}

/// <summary>A failure a command reports as one line on stderr and a specific exit code.</summary>
/// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
/// <param name="message">The line to print (without the <c>error: </c> prefix).</param>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The exit code to return.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error (exit code 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
