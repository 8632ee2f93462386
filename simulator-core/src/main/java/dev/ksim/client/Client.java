package dev.ksim.client;

import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.Connector;
import dev.ksim.datapath.Source;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.EtcHosts;
import dev.ksim.resolver.HostLookup;
import dev.ksim.resolver.PodResolvConf;
import dev.ksim.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A program on one pod or node (or a client outside the cluster) that connects to host:port: it
 * resolves names through its own resolver, and its kernel picks the source and port of each
 * connection ({@link Connector}). A run of requests takes simulated time as a shell loop of curls
 * does: each exchange is instantaneous in the simulation, and the next request starts an interval
 * later, while the cluster goes on (its controllers, kube-proxy's syncs, connection timeouts).
 */
public final class Client {
  /** The pause between two requests of a run when none is given (a tight shell loop). */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

  private final Cluster cluster;
  private final Connector connector;
  private final String source;
  private final @Nullable String node;

  /**
   * @param cluster the cluster
   * @param recording how much of each rule walk traces keep
   * @param source the client: an IP, {@code pod/[NS/]NAME} or {@code node/NAME}
   * @param node where a client outside (or on loopback) enters, or null for the default
   */
  public Client(Cluster cluster, Recording recording, String source, @Nullable String node) {
    this(cluster, cluster.connector(recording), source, node);
  }

  /** A client connecting through {@code connector}, sharing its data path. */
  public Client(Cluster cluster, Connector connector, String source, @Nullable String node) {
    this.cluster = cluster;
    this.connector = connector;
    this.source = source;
    this.node = node;
  }

  /** A client on the first node, where commands without {@code --from} run. */
  public static String firstNode(Cluster cluster) {
    return "node/" + cluster.firstNode();
  }

  /**
   * A name's lookup through the client's resolver (its resolv.conf; an address is its own answer).
   *
   * @param lookup what the resolver found
   * @param queries the trace of each query it sent
   */
  public record Lookup(HostLookup lookup, List<Trace> queries) {}

  /**
   * Resolves {@code host} as the client's resolver does: from its {@code /etc/hosts} first (glibc's
   * {@code hosts: files dns}), then through the nameserver of its resolv.conf.
   */
  public Lookup resolve(String host) {
    if (IpAddress.tryParse(host).isEmpty()) {
      Optional<IpAddress> fromFile =
          EtcHosts.of(cluster, source).flatMap(file -> EtcHosts.lookup(file, host));
      if (fromFile.isPresent()) {
        return new Lookup(new HostLookup(List.of(), fromFile, ""), List.of());
      }
    }
    DnsTransport transport = new DnsTransport(cluster, connector, source);
    HostLookup lookup =
        HostLookup.resolve(
            host,
            PodResolvConf.forSource(cluster, source),
            transport,
            () -> cluster.random().nextInt(1 << 16));
    return new Lookup(lookup, transport.traces());
  }

  /**
   * The trace of the first packet of one connection to {@code target}, with the candidate
   * endpoints; {@code field} names the option that gave the client in errors.
   */
  public Trace trace(IpPort target, Protocol protocol, String field) {
    Source client = new Origins(cluster).resolve(source, node, target.ip(), field);
    return connector
        .connect(client, target, protocol, Connector.Purpose.TRACE)
        .orElseThrow(
            () ->
                KsimInputException.commandLine(
                    field,
                    "every local port of "
                        + client.address()
                        + " towards "
                        + target
                        + " is in TIME_WAIT (Cannot assign requested address)"));
  }

  /**
   * {@code count} HTTP requests to {@code target}, each a new TCP connection closed by the client
   * once answered, {@code interval} apart in simulated time, each with its trace.
   */
  public List<Request> requests(IpPort target, int count, Duration interval) {
    List<Request> requests = new ArrayList<>();
    requests(target, count, interval, true, requests::add);
    return requests;
  }

  /**
   * The same requests, each handed to {@code each} as soon as it is answered, so that a long run
   * keeps none of them; with its trace when {@code traced}, else only what it came to (no hop is
   * recorded, and every kernel is left as a traced request leaves it).
   */
  public void requests(
      IpPort target, int count, Duration interval, boolean traced, Consumer<Request> each) {
    Source client = new Origins(cluster).resolve(source, node, target.ip(), "--from");
    for (int i = 0; i < count; i++) {
      if (i > 0 && !interval.isZero()) {
        cluster.advance(interval);
      }
      each.accept(
          traced
              ? Request.traced(
                  target,
                  connector
                      .connect(client, target, Protocol.TCP, Connector.Purpose.REQUEST)
                      .orElse(null))
              : new Request(target, connector.request(client, target).orElse(null), null));
    }
  }
}
