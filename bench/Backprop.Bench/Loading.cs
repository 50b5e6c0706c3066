using System.Diagnostics;
using System.Globalization;
using System.Text;
using Backprop.Data;

namespace Backprop.Bench;

/// <summary>
/// Loading (issue 12, point 4): a seeded 1,000,000 x 20 numeric CSV (19 features with five decimals, a 0/1 label; about
/// 170 MB) written to a temporary file, then read by <see cref="CsvReader.Read(string, char?, IProgress{long}?)"/>:
/// one warm-up read, then timed reads. Peak memory is the process's peak working set after the first read (the file is
/// written streaming, so nothing before it comes near), beside the file's size.
/// </summary>
internal static class Loading
{
    public const int Rows = 1_000_000;
    public const int Columns = 20;

    public static IEnumerable<Figure> Load(int rounds = 5)
    {
        string path = Path.Combine(Path.GetTempPath(), $"backprop-load-{Rows}x{Columns}.csv");
        if (!File.Exists(path))
            Write(path);
        long size = new FileInfo(path).Length;
        double mb = size / 1e6;

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        long before = process.PeakWorkingSet64;
        var first = CsvReader.Read(path);
        process.Refresh();
        long peak = process.PeakWorkingSet64;
        string check = $"rows={first.RowCount} cols={first.ColumnCount} sha256={first.Sha256![..12]}";
        first = null;
        GC.Collect();

        // Alternating with the reads: the plainest pass over the same bytes (read, count the commas), so a figure taken
        // on a busy shared machine can be judged by how slow that pass was in the same minute.
        var seconds = new double[rounds];
        var cpu = new double[rounds];
        var scan = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            var table = CsvReader.Read(path);
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            GC.KeepAlive(table);
            table = null;
            GC.Collect();
            start = Stopwatch.GetTimestamp();
            CountCommas(path);
            scan[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        string setting = $"{Rows}x{Columns},{mb.ToString("F0", CultureInfo.InvariantCulture)}MB";
        yield return new Figure("load-csv", setting, "s", seconds, check);
        yield return new Figure("load-csv", setting, "CPU s", cpu, "the process's processor time over the read");
        yield return new Figure("load-csv", setting, "MB/s", [.. seconds.Select(s => mb / s)]);
        yield return new Figure("scan-bytes", setting, "s", scan, "read the file and count its commas (the machine's pace)");
        yield return new Figure("load-csv-peak", setting, "x file size", [peak / (double)size],
            $"peak working set {peak >> 20} MiB (before the first read {before >> 20} MiB), file {size >> 20} MiB");
    }

    private static long CountCommas(string path)
    {
        var bytes = new byte[1 << 18];
        long commas = 0;
        using var stream = File.OpenRead(path);
        int n;
        while ((n = stream.Read(bytes)) > 0)
        {
            foreach (byte b in bytes.AsSpan(0, n))
            {
                if (b == ',')
                    commas++;
            }
        }
        return commas;
    }

    // Streamed, seeded: N(0, 1)-ish features with five decimals, label 1 when the first two features sum above 0.
    private static void Write(string path)
    {
        var rng = new Random(12);
        string temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 20))
        {
            var line = new StringBuilder();
            for (int c = 0; c < Columns - 1; c++)
                line.Append('x').Append(c).Append(',');
            writer.WriteLine(line.Append("label"));
            for (int r = 0; r < Rows; r++)
            {
                line.Clear();
                double sum = 0;
                for (int c = 0; c < Columns - 1; c++)
                {
                    double v = (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2;
                    if (c < 2)
                        sum += v;
                    line.Append(v.ToString("F5", CultureInfo.InvariantCulture)).Append(',');
                }
                writer.WriteLine(line.Append(sum > 0 ? '1' : '0'));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }
}
