using Backprop.Persistence;

namespace Backprop.Cli;

/// <summary>
/// Checks a command's output files before it does any work, so that hours of training are never lost to a name that
/// cannot be written, and no input is ever overwritten by an output.
/// </summary>
public static class OutputFiles
{
    /// <summary>A file a command reads or writes, with the option or argument that named it (e.g. <c>--model</c>, <c>DATA</c>).</summary>
    /// <param name="Option">The option or argument, as the user typed it.</param>
    /// <param name="Path">The path; null when the option was not given.</param>
    /// <param name="MayReplace">For an output: the input option it is meant to replace (<c>--checkpoint</c> goes on to <c>--resume</c>'s file).</param>
    public sealed record Named(string Option, string? Path, string? MayReplace = null);

    /// <summary>
    /// Each output must be writable (<see cref="AtomicFile.CheckWritable"/>), must not be an input and must not be
    /// another output; paths are compared as the files they resolve to (symbolic links followed).
    /// </summary>
    /// <exception cref="CliException">A usage error (exit 2) naming the option and what is wrong.</exception>
    public static void Check(IReadOnlyList<Named> outputs, IReadOnlyList<Named> inputs)
    {
        var seen = new List<(Named Output, string Resolved)>();
        foreach (Named output in outputs)
        {
            if (output.Path is null)
                continue;
            try
            {
                AtomicFile.CheckWritable(output.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw CliException.Usage($"{output.Option} '{output.Path}' cannot be written: {e.Message}");
            }
            string resolved = AtomicFile.Resolve(output.Path);
            foreach (Named input in inputs)
            {
                if (input.Path is not null && input.Option != output.MayReplace && Same(resolved, input.Path))
                    throw CliException.Usage(
                        $"{output.Option} '{output.Path}' is the file {input.Option} reads ('{input.Path}'); writing it would destroy it. Choose another name");
            }
            foreach (var (other, otherResolved) in seen)
            {
                if (resolved == otherResolved)
                    throw CliException.Usage($"{output.Option} and {other.Option} name the same file ('{output.Path}'); give each its own name");
            }
            seen.Add((output, resolved));
        }
    }

    private static bool Same(string resolvedOutput, string input) => AtomicFile.Resolve(input) == resolvedOutput;

    /// <summary>
    /// Saves the model; if the write fails (a full disk, a folder gone), the trained model is not lost: it is saved as
    /// <c>NAME.rescued-PID.bpmodel</c> beside the checkpoint (when there is one), else in the system's temporary folder,
    /// and the error (exit 1) says where.
    /// </summary>
    /// <exception cref="CliException">The model could not be written where asked (exit 1).</exception>
    public static void SaveModel(Model model, string path, string? checkpoint)
    {
        Exception failure;
        try
        {
            ModelFile.Save(model, path);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e;
        }
        string stem = Path.GetFileNameWithoutExtension(path);
        string name = $"{stem[..Math.Min(stem.Length, 100)]}.rescued-{Environment.ProcessId}.bpmodel";
        var folders = new List<string>();
        if (checkpoint is not null)
            folders.Add(Path.GetDirectoryName(Path.GetFullPath(checkpoint)) ?? ".");
        folders.Add(Path.GetTempPath());
        foreach (string folder in folders)
        {
            string rescue = Path.Combine(folder, name);
            try
            {
                ModelFile.Save(model, rescue);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            throw new CliException(ExitCodes.Failure,
                $"cannot write the model file '{path}': {failure.Message} The trained model was saved to '{rescue}' instead.");
        }
        throw new CliException(ExitCodes.Failure,
            $"cannot write the model file '{path}': {failure.Message} Saving it in {string.Join(" or ", folders.Select(f => $"'{f}'"))} failed too.");
    }
}
