using System.Collections;

namespace Backprop.Training;

/// <summary>
/// An <see cref="EpochReport"/>'s values as a struct: the trainer's history keeps these, so an epoch allocates nothing
/// (a report object per epoch cost W1, four updates an epoch, about a tenth of its time in allocation and collection).
/// </summary>
internal readonly record struct EpochEntry(int Epoch, double TrainLoss, double? ValidationLoss, double LearningRate, double GradientNorm, int Updates)
{
    public EpochReport ToReport() => new(Epoch, TrainLoss, ValidationLoss, LearningRate, GradientNorm, Updates);

    public static EpochEntry From(EpochReport report) =>
        new(report.Epoch, report.TrainLoss, report.ValidationLoss, report.LearningRate, report.GradientNorm, report.Updates);
}

/// <summary>
/// Epoch entries seen as reports: each read makes the report of its entry (equal, as records, to any other made from
/// it). Over the trainer's live history, or over a copy taken when a <see cref="TrainingResult"/> is made.
/// </summary>
internal sealed class EpochReports(IReadOnlyList<EpochEntry> entries) : IReadOnlyList<EpochReport>
{
    public int Count => entries.Count;

    public EpochReport this[int index] => entries[index].ToReport();

    public IEnumerator<EpochReport> GetEnumerator()
    {
        for (int i = 0; i < entries.Count; i++)
            yield return entries[i].ToReport();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
