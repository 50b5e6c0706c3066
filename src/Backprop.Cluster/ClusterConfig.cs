using Akka.Configuration;

namespace Backprop.Cluster;

/// <summary>
/// The Akka settings of a cluster node. Every node is an actor system named <c>backprop</c>; the coordinator is the
/// first seed node (and the oldest member, which the split-brain resolver's keep-oldest strategy keeps).
/// </summary>
public static class ClusterConfig
{
    /// <summary>Akka's largest message (akka.remote.dot-netty.tcp.maximum-frame-size): 256 KiB; chunks are at most half of it.</summary>
    public const int MaximumFrameBytes = 256 * 1024;

    /// <summary>The actor system's name, part of every node's address.</summary>
    public const string SystemName = "backprop";

    /// <summary>
    /// The configuration of a node that listens on <paramref name="host"/>:<paramref name="port"/> (0: any free port),
    /// is reached by the others as <paramref name="publicHost"/> (null: <paramref name="host"/>; set it behind NAT or in
    /// a container) and joins the seed node <paramref name="seedHost"/>:<paramref name="seedPort"/>.
    /// </summary>
    public static Config Create(string host, int port, string? publicHost, string seedHost, int seedPort, string role, TimeSpan downAfter)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(seedHost);
        string hocon = $$"""
            akka {
              # Remoting reports every closed connection as an error at the end of a run; the run reports its own events.
              loglevel = ERROR
              # Standard output is the command's result: Akka's own messages go to standard error.
              stdout-loglevel = OFF
              loggers = ["Backprop.Cluster.StandardErrorLogger, Backprop.Cluster"]
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor {
                provider = cluster
                serializers { backprop = "Backprop.Cluster.Transport.MessageSerializer, Backprop.Cluster" }
                serialization-bindings { "Backprop.Cluster.Transport.IClusterMessage, Backprop.Cluster" = backprop }
              }
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = "{{host}}"
                  public-hostname = "{{publicHost ?? host}}"
                  port = {{port}}
                  maximum-frame-size = {{MaximumFrameBytes}}b
                  send-buffer-size = 4194304b
                  receive-buffer-size = 4194304b
                  # Batching holds small writes up to 40 ms; a step's messages are latency-bound, so write at once.
                  batching.enabled = false
                }
              }
              cluster {
                seed-nodes = ["akka.tcp://{{SystemName}}@{{seedHost}}:{{seedPort}}"]
                roles = [{{role}}]
                log-info = off
                # Workers often start before the coordinator listens: try again soon rather than after 10 s.
                seed-node-timeout = 2s
                retry-unsuccessful-join-after = 1s
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-oldest
                  stable-after = {{(int)downAfter.TotalMilliseconds}}ms
                  keep-oldest.down-if-alone = off
                }
              }
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            """;
        return ConfigurationFactory.ParseString(hocon);
    }
}
