package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.EphemeralPorts;
import dev.ksim.datapath.Origins;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.resolver.DnsTransport;
import dev.ksim.resolver.HostLookup;
import dev.ksim.resolver.PodResolvConf;
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
    Origins origins = new Origins(cluster);
    ClusterDatapath datapath = new ClusterDatapath(cluster, flows.recording());
    for (Flows.Flow flow : list) {
      datapath.resetState();
      IpPort destination;
      HostLookup lookup = null;
      List<Trace> queries = List.of();
      if (flow.isNamed()) {
        DnsTransport transport = new DnsTransport(cluster, datapath, flow.source());
        lookup =
            HostLookup.resolve(
                flow.host(),
                PodResolvConf.forSource(cluster, flow.source()),
                transport,
                () -> cluster.random().nextInt(1 << 16));
        queries = transport.traces();
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
      Origins.Source source =
          origins.resolve(flow.source(), flow.node(), destination.ip(), "--from");
      Packet packet =
          Packet.first(
              flow.protocol(),
              EphemeralPorts.pick(source.address(), cluster.random()),
              destination);
      flows.add(flow, datapath.trace(source.origin(), packet), lookup, queries);
    }
    flows.print();
    return 0;
  }
}
