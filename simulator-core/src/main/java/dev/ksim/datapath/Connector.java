package dev.ksim.datapath;

import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.node.EphemeralPorts;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.node.NetworkView;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The client's side of a connection: the source port its kernel picks (TCP by {@link
 * EphemeralPorts#connect}, never one still in TIME_WAIT towards the same destination; UDP at
 * random), the first packet through the data path, and, for a request whose answer came back, the
 * rest of the exchange and the client's close, after which its socket lingers in TIME_WAIT.
 */
public final class Connector {
  /** What the exchange is for: whether the trace lists candidates, whether the client closes. */
  public enum Purpose {
    /** One first packet, traced with the entry node's candidate endpoints; nothing more is sent. */
    TRACE(true, false),
    /** A query whose trace is shown: candidates listed, and closed by the client when answered. */
    QUERY(true, true),
    /**
     * A request whose trace is shown: no candidates; completed and closed by the client when
     * answered ({@link #request} sends one whose trace nobody reads).
     */
    REQUEST(false, true);

    private final boolean listsCandidates;
    private final boolean closes;

    Purpose(boolean listsCandidates, boolean closes) {
      this.listsCandidates = listsCandidates;
      this.closes = closes;
    }
  }

  private final ClusterDatapath datapath;
  private final NetworkView network;
  private final SimRandom random;
  private final SimClock clock;

  public Connector(
      ClusterDatapath datapath, NetworkView network, SimRandom random, SimClock clock) {
    this.datapath = datapath;
    this.network = network;
    this.random = random;
    this.clock = clock;
  }

  public ClusterDatapath datapath() {
    return datapath;
  }

  /**
   * Connects {@code client} to {@code target} over {@code protocol}: the first packet's trace, or
   * empty when the client has no free local port for that destination ({@code EADDRNOTAVAIL}).
   */
  public Optional<Trace> connect(Source client, IpPort target, Protocol protocol, Purpose purpose) {
    return open(
        client,
        target,
        protocol,
        purpose.closes,
        first ->
            purpose.listsCandidates
                ? datapath.trace(client.origin(), first)
                : datapath.send(client.origin(), first),
        trace -> PacketOutcome.Answer.of(trace.reply()));
  }

  /**
   * Connects {@code client} to {@code target} over TCP for a request whose trace nobody reads, and
   * completes and closes the connection when answered, as a {@link Purpose#REQUEST} does, with the
   * same effects on every kernel: what the first packet came to, or empty when the client has no
   * free local port for that destination.
   */
  public Optional<PacketOutcome> request(Source client, IpPort target) {
    return open(
        client,
        target,
        Protocol.TCP,
        true,
        first -> datapath.request(client.origin(), first),
        PacketOutcome::answer);
  }

  /**
   * Picks the client's port, sends the first packet by {@code send} and, when {@code closes} and
   * the TCP answer returned, completes and closes the connection: what {@code send} gave.
   */
  private <T> Optional<T> open(
      Source client,
      IpPort target,
      Protocol protocol,
      boolean closes,
      Function<Packet, T> send,
      Function<T, PacketOutcome.Answer> answer) {
    EphemeralPorts ports = ports(client);
    long now = clock.nowMillis();
    int port;
    if (protocol == Protocol.TCP) {
      OptionalInt free = ports.connect(client.address(), target, now, random::nextInt);
      if (free.isEmpty()) {
        return Optional.empty();
      }
      port = free.getAsInt();
    } else {
      port = EphemeralPorts.bindUdp(random::nextInt);
    }
    Packet first = Packet.first(protocol, new IpPort(client.address(), port), target);
    T sent = send.apply(first);
    if (closes && protocol == Protocol.TCP && answer.apply(sent) == PacketOutcome.Answer.RETURNED) {
      datapath.close(client.origin(), first);
      ports.closed(first.sourceIpPort(), target, now);
    }
    return Optional.of(sent);
  }

  /** The local ports of the client's namespace (or of its host outside the cluster). */
  private EphemeralPorts ports(Source client) {
    return client
        .origin()
        .accept(
            new Origin.Visitor<Optional<NetworkNamespace>>() {
              @Override
              public Optional<NetworkNamespace> visitNodeProcess(Origin.NodeProcess process) {
                return Optional.of(network.node(process.node()));
              }

              @Override
              public Optional<NetworkNamespace> visitPodClient(Origin.PodClient pod) {
                return pod.pod().isEmpty() ? Optional.empty() : network.pod(pod.pod());
              }

              @Override
              public Optional<NetworkNamespace> visitExternal(Origin.External external) {
                return Optional.empty();
              }
            })
        .map(NetworkNamespace::ports)
        .orElseGet(() -> network.outsidePorts(client.address()));
  }
}
