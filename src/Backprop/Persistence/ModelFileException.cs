namespace Backprop.Persistence;

/// <summary>
/// A model file that cannot be used: missing, not a model, a format version this build does not read, truncated,
/// corrupted, or holding values that make no sense. The message reads <c>path: what is wrong</c>.
/// </summary>
public sealed class ModelFileException : Exception
{
    /// <summary>Creates a model-file error.</summary>
    /// <param name="file">The file, as the user named it; null when reading from a stream.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelFileException(string? file, string detail, Exception? innerException = null)
        : base(file is null ? detail : $"{file}: {detail}", innerException)
    {
        File = file;
        Detail = detail;
    }

    /// <summary>The file, as the user named it; null when reading from a stream.</summary>
    public string? File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
