package dev.ksim.scenario.shell;

import dev.ksim.client.Client;
import dev.ksim.client.Request;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.HttpResponse;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.HostLookup;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * curl as the tutorials use it: HTTP requests to a URL through the {@link Client} service, each a
 * new connection from the port the client's kernel picks, answered by the pod that got it (its name
 * and address, as the tutorials' test apps answer) or failing as curl reports it. A host name is
 * resolved first from the client's resolv.conf.
 */
public final class Curl {
  private Curl() {}

  /**
   * Sends {@code count} requests from {@code from} (default: a process on the first node) to {@code
   * target}, each a new connection that is closed after its answer, {@code interval} apart in
   * simulated time. Connection tracking keeps what they leave.
   */
  public static List<Request> requests(
      Cluster cluster,
      @Nullable String from,
      @Nullable String node,
      IpPort target,
      int count,
      Duration interval,
      boolean record) {
    String source = from != null ? from : Client.firstNode(cluster);
    return new Client(cluster, record ? Recording.MATCHED : Recording.NONE, source, node)
        .requests(target, count, interval);
  }

  /**
   * What curl prints for one request to {@code url}: the body the pod's image answers (see {@link
   * dev.ksim.image.ImageCatalogue}), or curl's error.
   */
  public static String answer(Cluster cluster, Request request, UrlTarget url) {
    IpPort target = request.target();
    String where = "Failed to connect to " + target.ip() + " port " + target.port();
    Trace trace = request.trace();
    if (trace == null) {
      return "curl: (7) " + where + ": Cannot assign requested address";
    }
    Trace.Backend backend = trace.backend();
    return switch (trace.verdict()) {
      case DELIVERED -> {
        Trace.Reply reply = trace.reply();
        if (reply != null && !reply.returned()) {
          // the client's kernel ignores an answer from the wrong address; its SYN goes unanswered
          yield "curl: (28) " + where + ": Connection timed out";
        }
        if (backend == null) {
          yield "(an answer from " + target + ", outside the cluster)";
        }
        if (backend.pod().isEmpty()) {
          yield nodeAnswer(cluster, trace, url)
              .map(Curl::body)
              .orElse("(answered by node " + backend.node() + ")");
        }
        yield PodHttp.reply(cluster, trace, url)
            .map(r -> r.response() != null ? body(r.response()) : r.curlError())
            .orElse("");
      }
      case DROPPED -> "curl: (28) " + where + ": Connection timed out";
      case REJECTED, REFUSED -> "curl: (7) " + where + ": Connection refused";
      case UNREACHABLE -> "curl: (7) " + where + ": No route to host";
    };
  }

  /**
   * ksim's hint (for stderr) when a pod whose image the catalogue does not know refused {@code
   * trace}'s connection: how to say what it listens on.
   */
  public static Optional<String> refusalHint(Cluster cluster, Trace trace) {
    if (trace.verdict() != Verdict.REFUSED) {
      return Optional.empty();
    }
    return PodHttp.refusingPod(cluster, trace)
        .flatMap(p -> cluster.options().images().refusalHint(p));
  }

  /**
   * What a server of the running kube-proxy on the node that got {@code trace}'s connection
   * answers, when one of them listens where the connection ended.
   */
  private static Optional<HttpResponse> nodeAnswer(Cluster cluster, Trace trace, UrlTarget url) {
    Trace.Backend backend = trace.backend();
    if (backend == null) {
      return Optional.empty();
    }
    IpPort server = TcpConnection.peers(trace).server();
    return Optional.ofNullable(cluster.kubeProxies().get(backend.node()))
        .flatMap(
            proxy ->
                proxy
                    .servers()
                    .serve(server.ip(), server.port(), url.path(), cluster.clock().now()));
  }

  /** The response body as curl writes it, without the one line end the caller adds. */
  private static String body(HttpResponse response) {
    String body = response.body();
    return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
  }

  /**
   * Where a URL points: its host (an address or a name), port, and the path and query it asks for.
   */
  public record UrlTarget(String host, int port, String path) {}

  public static UrlTarget target(String text) {
    URI uri;
    try {
      uri = new URI(text.contains("://") ? text : "http://" + text);
    } catch (URISyntaxException e) {
      throw KsimInputException.commandLine("URL", "not a URL: " + text);
    }
    if (!"http".equals(uri.getScheme())) {
      throw KsimInputException.commandLine("URL", "only http:// URLs are simulated, got " + text);
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw KsimInputException.commandLine("URL", "no host in " + text);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path = path + "?" + uri.getRawQuery();
    }
    return new UrlTarget(host, uri.getPort() < 0 ? 80 : uri.getPort(), path);
  }

  /**
   * The address and port curl connects to: the host resolved from {@code from}'s resolv.conf when
   * it is a name, or the error curl prints when it cannot be.
   */
  public static Resolved resolve(Cluster cluster, @Nullable String from, UrlTarget target) {
    String source = from != null ? from : Client.firstNode(cluster);
    HostLookup lookup =
        new Client(cluster, Recording.NONE, source, null).resolve(target.host()).lookup();
    return new Resolved(
        lookup.address().map(a -> new IpPort(a, target.port())).orElse(null),
        "curl: (6) Could not resolve host: " + target.host());
  }

  /** A resolved target, or the message of the failure. */
  public record Resolved(@Nullable IpPort target, String failure) {}
}
