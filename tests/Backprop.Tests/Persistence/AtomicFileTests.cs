using Backprop.Persistence;

namespace Backprop.Tests.Persistence;

public class AtomicFileTests
{
    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("atomic").FullName;
        string path = Path.Combine(dir, "model.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([9, 9, 9, 9]);
            throw new InvalidOperationException("crash mid-write");
        }));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ASuccessfulWriteReplacesTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("atomic").FullName;
        string path = Path.Combine(dir, "model.bin");
        AtomicFile.WriteAllBytes(path, [1]);
        AtomicFile.WriteAllBytes(path, [4, 5]);
        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir));
        Directory.Delete(dir, recursive: true);
    }
}

public sealed class AtomicFileTargetTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("atomic").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ANameOf255BytesIsWritten()
    {
        // The temporary name adds about 46 bytes; a 212-255-byte name used to fail at the rename, after the work.
        string path = Path.Combine(dir, new string('m', 249) + ".model");
        AtomicFile.WriteAllBytes(path, [1, 2]);
        Assert.Equal([1, 2], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir));
        AtomicFile.CheckWritable(path);
    }

    [Fact]
    public void AnOverwriteKeepsTheTargetsPermissions()
    {
        if (OperatingSystem.IsWindows())
            return;
        string path = Path.Combine(dir, "secret.bin");
        File.WriteAllBytes(path, [0]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFile.WriteAllBytes(path, [7]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([7], File.ReadAllBytes(path));
    }

    [Fact]
    public void ASymbolicLinkIsWrittenThroughAndStaysALink()
    {
        string real = Path.Combine(dir, "real.bin"), link = Path.Combine(dir, "link.bin");
        File.WriteAllBytes(real, [1]);
        File.CreateSymbolicLink(link, real);
        AtomicFile.WriteAllBytes(link, [2, 3]);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal([2, 3], File.ReadAllBytes(real));
        Assert.Equal(2, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void StaleTemporaryFilesOfDeadProcessesAreRemovedAndLiveOnesKept()
    {
        string path = Path.Combine(dir, "model.bin");
        // pid 2^31-1 is above any Linux pid_max, so no such process runs; the test process itself does.
        string stale = Path.Combine(dir, ".model.bin.2147483647.0123456789abcdef.bptmp");
        string live = Path.Combine(dir, $".model.bin.{Environment.ProcessId}.0123456789abcdef.bptmp");
        string other = Path.Combine(dir, ".other.bin.2147483647.0123456789abcdef.bptmp");
        foreach (string file in new[] { stale, live, other })
            File.WriteAllBytes(file, [9]);
        AtomicFile.WriteAllBytes(path, [1]);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));   // another target's: removed when that one is written
    }

    [Fact]
    public void CheckWritableRefusesFoldersLongNamesAndUnwritableFolders()
    {
        Assert.Contains("folder", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(dir)).Message);
        Assert.Contains("separator", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(Path.Combine(dir, "m.bin") + "/")).Message);
        Assert.Contains("256 bytes", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(Path.Combine(dir, new string('x', 256)))).Message);
        Assert.Contains("does not exist", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(Path.Combine(dir, "no", "m.bin"))).Message);
        if (OperatingSystem.IsLinux())
            Assert.ThrowsAny<Exception>(() => AtomicFile.CheckWritable("/proc/backprop-check.bin"));   // not writable, even for root
        Assert.Empty(Directory.GetFiles(dir));   // the trial file is gone
    }
}
