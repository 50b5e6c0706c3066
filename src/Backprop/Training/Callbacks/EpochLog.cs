using System.Globalization;

namespace Backprop.Training.Callbacks;

/// <summary>Writes one line per epoch to a <see cref="TextWriter"/>: CSV (with a header line first) or JSON lines.</summary>
public sealed class EpochLog : ITrainingCallback
{
    private readonly TextWriter writer;
    private readonly bool json;
    private bool headerWritten;

    /// <summary>Creates the log.</summary>
    /// <param name="writer">Where the lines go; flushed after each epoch, never closed here.</param>
    /// <param name="json">JSON lines (<c>{"epoch":1,...}</c>) instead of CSV.</param>
    public EpochLog(TextWriter writer, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        this.json = json;
    }

    /// <inheritdoc />
    public void OnEpochEnd(TrainingContext context)
    {
        var r = context.Report;
        string validation = r.ValidationLoss is double v ? Number(v) : json ? "null" : "";
        if (json)
        {
            writer.WriteLine($"{{\"epoch\":{r.Epoch},\"train_loss\":{Number(r.TrainLoss)},\"validation_loss\":{validation}," +
                $"\"learning_rate\":{Number(r.LearningRate)},\"gradient_norm\":{Number(r.GradientNorm)},\"updates\":{r.Updates}}}");
        }
        else
        {
            if (!headerWritten)
            {
                writer.WriteLine("epoch,train_loss,validation_loss,learning_rate,gradient_norm,updates");
                headerWritten = true;
            }
            writer.WriteLine($"{r.Epoch},{Number(r.TrainLoss)},{validation},{Number(r.LearningRate)},{Number(r.GradientNorm)},{r.Updates}");
        }
        writer.Flush();
    }

    // Round-trip precision; the trainer's stopping rules keep non-finite values out of finished epochs.
    private static string Number(double value) => NumberText.Exact(value);
}
