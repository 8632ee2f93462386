package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.Request;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.ImageCatalogue;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A TCP connection a client in the shell opens through the data path (the client's resolver,
 * kube-proxy's rules, conntrack), and how it ended: connected, refused, unroutable or timed out.
 *
 * @param outcome how the connect call returned
 * @param trace the handshake's trace, or null when the client's kernel had no route to send it
 * @param reached what the handshake's first packet came to, read from {@code trace} once
 */
record TcpConnection(Outcome outcome, @Nullable Trace trace, @Nullable PacketOutcome reached) {
  /** How connect(2) returned. */
  enum Outcome {
    CONNECTED,
    REFUSED,
    NO_ROUTE,
    TIMED_OUT
  }

  /** A process in a pod that accepted a connection: the pod, what listens, the peers it saw. */
  record Server(Pod pod, ImageCatalogue.ServingContainer process, PacketOutcome.Peers peers) {}

  /** Connects from {@code source} ({@code pod/NS/NAME} or {@code node/NAME}) to {@code target}. */
  static TcpConnection open(Cluster cluster, String source, IpPort target) {
    List<Request> requests =
        Curl.requests(cluster, source, null, target, 1, Duration.ZERO, Curl.Tracing.HOPS);
    Request request = requests.get(0);
    Trace trace = request.trace();
    PacketOutcome reached = request.outcome();
    if (trace == null || reached == null) {
      return new TcpConnection(Outcome.NO_ROUTE, null, null);
    }
    Outcome outcome =
        switch (trace.verdict()) {
          case DELIVERED ->
              reached.answer() == PacketOutcome.Answer.LOST ? Outcome.TIMED_OUT : Outcome.CONNECTED;
          case DROPPED -> Outcome.TIMED_OUT;
          case REJECTED, REFUSED -> Outcome.REFUSED;
          case UNREACHABLE -> Outcome.NO_ROUTE;
        };
    return new TcpConnection(outcome, trace, reached);
  }

  /** {@code host} as an address, or resolved from {@code source}'s resolv.conf. */
  static Optional<IpAddress> resolve(Cluster cluster, String source, String host) {
    Optional<IpAddress> literal = IpAddress.tryParse(host);
    if (literal.isPresent()) {
      return literal;
    }
    Curl.Resolved resolved = Curl.resolve(cluster, source, new Curl.UrlTarget(host, 80, "/"));
    IpPort target = resolved.target();
    return target == null ? Optional.empty() : Optional.of(target.ip());
  }

  /**
   * The pod process that accepted this connection, when it connected to a pod (not a node's process
   * or the world outside the cluster).
   */
  Optional<Server> server(Cluster cluster) {
    if (outcome != Outcome.CONNECTED || reached == null) {
      return Optional.empty();
    }
    Trace.Backend backend = reached.receiver();
    PacketOutcome.Peers peers = reached.peers();
    if (backend == null || backend.pod().isEmpty() || peers == null) {
      return Optional.empty();
    }
    return cluster
        .store()
        .<Pod>get(new ObjectKey(ResourceType.POD, backend.namespace(), backend.pod()))
        .flatMap(
            pod ->
                cluster
                    .options()
                    .images()
                    .servingContainer(pod, peers.server().port())
                    .map(process -> new Server(pod, process, peers)));
  }
}
