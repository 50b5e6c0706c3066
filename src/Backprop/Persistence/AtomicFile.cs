using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Backprop.Persistence;

/// <summary>
/// Writes a file so that a reader, or a crash at any moment, sees either the old file or the complete new one:
/// the content goes to a temporary file in the same folder, is flushed to disk, then renamed over the target.
/// A symbolic link is written through (its final target is replaced, the link stays); an existing target keeps its
/// permissions. Temporary files are named <c>.NAME.PID.RANDOM.bptmp</c>; those left by a process that is no longer
/// running (a crash, a kill -9) are removed by the next write of the same target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The longest file name, in UTF-8 bytes, that the file systems this runs on accept (NAME_MAX).</summary>
    public const int MaxNameBytes = 255;

    private const string Suffix = ".bptmp";

    // "." + "." + pid (at most 10 digits) + "." + 16 hex digits + ".bptmp": what the temporary name adds to the target's.
    private const int AddedBytes = 1 + 1 + 10 + 1 + 16 + 6;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any exception the target is untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Resolve(path);
        string directory = Path.GetDirectoryName(target) ?? ".";
        RemoveStale(directory, Path.GetFileName(target));
        string temporary = TemporaryName(target);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(target))
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes all bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Checks, before any work is done, that <see cref="Write"/> can write <paramref name="path"/>: it names a file, not a
    /// folder; its name is not too long; its folder exists and a file can be created in it (a trial temporary file is
    /// created and removed).
    /// </summary>
    /// <exception cref="IOException">The file cannot be written; the message says why.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder does not allow creating files.</exception>
    public static void CheckWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.EndsInDirectorySeparator(path))
            throw new IOException("the name ends in a folder separator; give a file name");
        string target = Resolve(path);
        if (Directory.Exists(target))
            throw new IOException("it is a folder; give a file name");
        int bytes = Encoding.UTF8.GetByteCount(Path.GetFileName(target));
        if (bytes > MaxNameBytes)
            throw new IOException($"the file name is {bytes} bytes long, more than the {MaxNameBytes} a file name may have");
        string directory = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(directory))
            throw new IOException($"the folder '{directory}' does not exist");
        string trial = TemporaryName(target);
        using (new FileStream(trial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    /// <summary>The file a write of <paramref name="path"/> replaces: the path itself, or a symbolic link's final target.</summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(full))
            return full;
        var info = new FileInfo(full);
        if (info.LinkTarget is null)
            return full;
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    // ".NAME.PID.RANDOM.bptmp", NAME cut (on a character boundary) so that the whole fits in MaxNameBytes.
    private static string TemporaryName(string target)
    {
        string name = Path.GetFileName(target);
        string stem = Truncate(name, MaxNameBytes - AddedBytes);
        string random = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()));
        return Path.Combine(Path.GetDirectoryName(target) ?? ".",
            $".{stem}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{random}{Suffix}");
    }

    private static string Truncate(string name, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(name) <= maxBytes)
            return name;
        int length = 0, bytes = 0;
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
                break;
            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }
        return name[..length];
    }

    // Temporary files of this target whose writer is gone: a crash or kill -9 left them, and nothing else will remove them.
    private static void RemoveStale(string directory, string name)
    {
        string prefix = "." + Truncate(name, MaxNameBytes - AddedBytes) + ".";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, ".*" + Suffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string file in candidates)
        {
            string fileName = Path.GetFileName(file);
            if (!fileName.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            string[] rest = fileName[prefix.Length..^Suffix.Length].Split('.');
            if (rest.Length != 2 || rest[1].Length != 16
                || !int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsRunning(pid))
                continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process removed it first, or it is not ours to remove: either way, not this write's concern.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
        catch (PlatformNotSupportedException)
        {
            return true;   // cannot tell: keep the file
        }
    }
}
