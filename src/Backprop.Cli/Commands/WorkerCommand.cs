using System.CommandLine;
using System.Net;
using Backprop.Cluster;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop worker --join HOST:PORT</c>: joins the cluster of a <c>backprop train --cluster</c> run and trains its share
/// until the run ends. Exit 0 when the run finished, 1 when it failed or the coordinator went away.
/// </summary>
public static class WorkerCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var join = new Option<string>("--join")
        {
            Description = "The coordinator's HOST:PORT (what 'backprop train --cluster' listens on).",
            HelpName = "HOST:PORT",
            Required = true,
        };
        var host = new Option<string?>("--host")
        {
            Description = "Address to listen on (default: 127.0.0.1 when joining a loopback address, else 0.0.0.0).",
            HelpName = "ADDRESS",
        };
        var port = CommonOptions.Integer("--port", 0, minimum: 0, "Port to listen on; 0 picks a free one.");
        var publicHost = new Option<string?>("--public-host")
        {
            Description = "Name or address the other nodes reach this worker by (default: --host, or this machine's name when listening on 0.0.0.0).",
            HelpName = "NAME",
        };
        var command = new Command("worker", "Join a cluster training run as a worker (see 'train --cluster').") { join, host, port, publicHost };
        command.SetAction((parse, cancellation) =>
        {
            Endpoint coordinator = ClusterTraining.ParseEndpoint("--join", parse.GetRequiredValue(join));
            if (parse.GetValue(port) > 65535)
                throw CliException.Usage($"--port must be at most 65535, not {parse.GetValue(port)}");
            bool loopback = IPAddress.TryParse(coordinator.Host, out var address) ? IPAddress.IsLoopback(address) : coordinator.Host == "localhost";
            string listen = parse.GetValue(host) ?? (loopback ? "127.0.0.1" : "0.0.0.0");
            string? visible = parse.GetValue(publicHost) ?? (listen == "0.0.0.0" ? Dns.GetHostName() : null);
            var output = Output.From(parse);
            return ClusterWorker.RunAsync(coordinator, new Endpoint(listen, parse.GetValue(port), visible),
                line => output.Error.WriteLine($"worker: {line}"), cancellation);
        });
        return command;
    }
}
