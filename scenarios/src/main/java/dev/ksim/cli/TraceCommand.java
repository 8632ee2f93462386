package dev.ksim.cli;

import dev.ksim.client.Client;
import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.Connector;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.resolver.HostLookup;
import dev.ksim.trace.Trace;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ksim trace -f M --from SRC --to DST:PORT}: one packet through the settled cluster, node by
 * node and rule by rule; a DNS name as DST is first looked up from the source, and the queries' own
 * traces come before the packet's. In a batch every flow starts from the same settled cluster with
 * fresh connection tracking, so each is a first packet.
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
    Connector connector = cluster.connector(flows.recording());
    for (Flows.Flow flow : list) {
      connector.datapath().resetState();
      Client client = new Client(cluster, connector, flow.source(), flow.node());
      IpPort destination;
      HostLookup lookup = null;
      List<Trace> queries = List.of();
      if (flow.isNamed()) {
        Client.Lookup resolved = client.resolve(flow.host());
        lookup = resolved.lookup();
        queries = resolved.queries();
        Optional<IpAddress> address = lookup.address();
        if (address.isEmpty()) {
          if (!flows.addUnresolved(flow, lookup, queries)) {
            return 1;
          }
          continue;
        }
        destination = new IpPort(address.get(), flow.port());
      } else {
        destination = flow.destination();
      }
      flows.add(flow, client.trace(destination, flow.protocol(), "--from"), lookup, queries);
    }
    flows.print();
    return 0;
  }
}
