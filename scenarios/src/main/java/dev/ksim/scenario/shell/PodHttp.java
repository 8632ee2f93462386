package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.Header;
import dev.ksim.image.HttpRequest;
import dev.ksim.image.ServerReply;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Trace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * curl's HTTP exchange with the pod a traced connection reached: the request as the pod received it
 * (the client's address after any source NAT, the server's after any DNAT) and the reply the image
 * catalogue gives for it.
 */
final class PodHttp {
  /** The User-Agent curl sends (curl 8.5.0, Ubuntu 24.04's). */
  static final String USER_AGENT = "curl/8.5.0";

  private PodHttp() {}

  /** What the pod {@code trace} delivered to answers {@code url}, if a pod got it. */
  static Optional<ServerReply> reply(Cluster cluster, Trace trace, Curl.UrlTarget url) {
    Trace.Backend backend = trace.backend();
    if (backend == null || backend.pod().isEmpty()) {
      return Optional.empty();
    }
    Optional<Pod> pod =
        cluster.store().get(new ObjectKey(ResourceType.POD, backend.namespace(), backend.pod()));
    return pod.map(p -> cluster.options().images().answer(p, request(cluster, trace, url)));
  }

  /** The pod that refused {@code trace}'s connection (nothing listened), if it ended in one. */
  static Optional<Pod> refusingPod(Cluster cluster, Trace trace) {
    Hop last = trace.hops().get(trace.hops().size() - 1);
    if (last.netns().isHost()) {
      return Optional.empty();
    }
    String[] name = last.netns().pod().split("/", 2);
    return name.length == 2
        ? cluster.store().get(new ObjectKey(ResourceType.POD, name[0], name[1]))
        : Optional.empty();
  }

  private static HttpRequest request(Cluster cluster, Trace trace, Curl.UrlTarget url) {
    TcpConnection.Peers peers = TcpConnection.peers(trace);
    String host = url.port() == 80 ? url.host() : url.host() + ":" + url.port();
    if (url.host().contains(":")) {
      host = "[" + url.host() + "]" + (url.port() == 80 ? "" : ":" + url.port());
    }
    return new HttpRequest(
        "GET",
        url.path(),
        List.of(
            new Header("Host", host),
            new Header("User-Agent", USER_AGENT),
            new Header("Accept", "*/*")),
        peers.client(),
        peers.server(),
        cluster.clock().now());
  }
}
