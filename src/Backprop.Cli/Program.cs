using System.CommandLine;
using Backprop.Cli.Commands;

namespace Backprop.Cli;

/// <summary>The <c>backprop</c> command: one subcommand per file under Commands/.</summary>
public static class Program
{
    /// <summary>The process entry point.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line in-process, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        CommandRunner.Run(CreateRootCommand(), args, stdout, stderr);

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Feedforward neural networks trained by backpropagation.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(GradcheckCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(BooleanCommand.Create());
        root.Subcommands.Add(BoundaryCommand.Create());
        root.Subcommands.Add(TrajectoryCommand.Create());
        root.Subcommands.Add(ClassicCommand.Create());
        root.Subcommands.Add(ConstructCommand.Create());
        root.Subcommands.Add(ActivationCommand.Create());
        root.Subcommands.Add(CollapseCommand.Create());
        root.Subcommands.Add(VanishingCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(PlaygroundCommand.Create());
        return root;
    }
}
