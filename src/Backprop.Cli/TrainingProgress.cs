using Backprop.Training;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>
/// Shows training progress: a progress bar on a terminal, one line per epoch anywhere else (a file, a pipe, a test's
/// writer), nothing when quiet.
/// </summary>
public sealed class TrainingProgress
{
    private readonly TextWriter? writer;
    private readonly bool terminal;

    private TrainingProgress(TextWriter? writer, bool terminal)
    {
        this.writer = writer;
        this.terminal = terminal;
    }

    /// <summary>No progress output.</summary>
    public static TrainingProgress Quiet { get; } = new(null, false);

    /// <summary>Progress on <paramref name="writer"/>: a bar when it is a terminal, else one line per epoch.</summary>
    public static TrainingProgress To(TextWriter writer, bool terminal) => new(writer, terminal);

    /// <summary>Runs <paramref name="fit"/>, handing it the per-epoch callback that reports progress.</summary>
    public TrainingResult Run(int epochs, Func<Action<EpochReport>, TrainingResult> fit)
    {
        if (writer is null)
            return fit(_ => { });
        if (!terminal)
            return fit(report => writer.WriteLine(Line(report, epochs)));
        return Output.Console(writer, terminal: true).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"epoch 0/{epochs}"), maxValue: epochs);
                TrainingResult result = fit(report =>
                {
                    task.Value = report.Epoch;
                    task.Description = Markup.Escape($"epoch {report.Epoch}/{epochs}  loss {Loss(report.TrainLoss)}");
                });
                task.StopTask();
                return result;
            });
    }

    private static string Line(EpochReport report, int epochs) =>
        $"epoch {report.Epoch}/{epochs}  loss {Loss(report.TrainLoss)}  lr {Output.Number(report.LearningRate)}" +
        $"  gradient norm {Output.Number(report.GradientNorm)}";

    // As the result table prints figures, so that the last epoch's loss reads the same in both.
    private static string Loss(double value) => Output.Number(value);
}
