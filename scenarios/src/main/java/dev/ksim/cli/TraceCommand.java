package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Origins;
import dev.ksim.net.Packet;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ksim trace -f M --from SRC --to DST:PORT}: one packet through the settled cluster, node by
 * node and rule by rule. In a batch every flow starts from the same settled cluster with fresh
 * connection tracking, so each is a first packet.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description =
        "Follow one packet through the cluster: the entry node's rules, the node it is routed to,"
            + " and the socket that gets it.")
public final class TraceCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  Flows flows;

  @Option(
      names = "--node",
      paramLabel = "NODE",
      description =
          "Where a client outside (or on loopback) enters (default: the node owning the"
              + " destination, else the first by name).")
  @Nullable String node;

  @Override
  public Integer call() throws IOException {
    List<Flows.Flow> list = flows.flows(node);
    Cluster cluster = input.start(System.err);
    Origins origins = new Origins(cluster);
    ClusterDatapath datapath = new ClusterDatapath(cluster, flows.recording());
    for (Flows.Flow flow : list) {
      Origins.Source source =
          origins.resolve(flow.source(), flow.node(), flow.destination().ip(), "--from");
      datapath.resetState();
      Packet packet =
          Packet.first(
              flow.protocol(),
              Flows.withEphemeralPort(source.address(), cluster.random()),
              flow.destination());
      flows.add(flow, datapath.trace(source.origin(), packet));
    }
    flows.print();
    return 0;
  }
}
