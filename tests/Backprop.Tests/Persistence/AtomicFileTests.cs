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
