package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.Header;
import dev.ksim.image.HttpRequest;
import dev.ksim.image.ServerReply;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * curl's HTTP exchange with the pod a traced connection reached: the request as the pod received it
 * (the client's address after any source NAT, the server's after any DNAT) and the reply the image
 * catalogue gives for it.
 */
final class PodHttp {
  /**
   * The User-Agent curl sends (curl 7.88.1, Debian 12's, whose output formats ksim's curl follows).
   */
  static final String USER_AGENT = "curl/7.88.1";

  private PodHttp() {}

  /** What {@code backend}'s pod answers to {@code request}, if the pod still exists. */
  static Optional<ServerReply> reply(Cluster cluster, Trace.Backend backend, HttpRequest request) {
    Optional<Pod> pod =
        cluster.store().get(new ObjectKey(ResourceType.POD, backend.namespace(), backend.pod()));
    return pod.map(p -> cluster.options().images().answer(p, request));
  }

  /**
   * The pod that refused the connection that came to {@code outcome} (nothing listened), if it
   * ended in one.
   */
  static Optional<Pod> refusingPod(Cluster cluster, PacketOutcome outcome) {
    Trace.Backend receiver = outcome.receiver();
    if (receiver == null || receiver.pod().isEmpty()) {
      return Optional.empty();
    }
    return cluster
        .store()
        .get(new ObjectKey(ResourceType.POD, receiver.namespace(), receiver.pod()));
  }

  /**
   * The request curl sends over the connection between {@code peers} as the pod receives it: curl's
   * own headers (Host, User-Agent, Accept), each replaced by a {@code -H} header of the same name
   * or left out when that header is empty, then the other {@code -H} headers in order.
   */
  static HttpRequest request(
      Cluster cluster, PacketOutcome.Peers peers, Curl.UrlTarget url, Curl.Exchange exchange) {
    String host = url.port() == 80 ? url.host() : url.host() + ":" + url.port();
    if (url.host().contains(":")) {
      host = "[" + url.host() + "]" + (url.port() == 80 ? "" : ":" + url.port());
    }
    List<Header> own =
        List.of(
            new Header("Host", host),
            new Header("User-Agent", USER_AGENT),
            new Header("Accept", "*/*"));
    List<Header> headers = new ArrayList<>();
    for (Header header : own) {
      Header given = given(exchange, header.name());
      if (given == null) {
        headers.add(header);
      } else if (!given.value().isEmpty()) {
        headers.add(given);
      }
    }
    for (Header extra : exchange.headers()) {
      boolean replacesOwn = own.stream().anyMatch(h -> h.name().equalsIgnoreCase(extra.name()));
      if (!replacesOwn && !extra.value().isEmpty()) {
        headers.add(extra);
      }
    }
    return new HttpRequest(
        exchange.method(),
        url.path(),
        headers,
        peers.client(),
        peers.server(),
        cluster.clock().now());
  }

  private static @Nullable Header given(Curl.Exchange exchange, String name) {
    Header last = null;
    for (Header h : exchange.headers()) {
      if (h.name().equalsIgnoreCase(name)) {
        last = h;
      }
    }
    return last;
  }
}
