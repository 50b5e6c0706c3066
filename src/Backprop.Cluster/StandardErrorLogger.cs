using Akka.Actor;
using Akka.Event;

namespace Backprop.Cluster;

/// <summary>
/// Akka's log events written to standard error, so that standard output carries only a command's result
/// (`train --json` prints one JSON document there, which a caller parses).
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor
{
    /// <summary>Answers Akka's logger handshake, then writes each event as one line on standard error.</summary>
    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(e.ToString()));
    }
}
