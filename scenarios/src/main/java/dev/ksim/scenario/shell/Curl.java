package dev.ksim.scenario.shell;

import dev.ksim.client.Client;
import dev.ksim.client.Request;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.Header;
import dev.ksim.image.HttpRequest;
import dev.ksim.image.HttpResponse;
import dev.ksim.image.ServerReply;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.HostLookup;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * curl as the tutorials use it: HTTP requests to a URL through the {@link Client} service, each a
 * new connection from the port the client's kernel picks, answered by the pod that got it (its name
 * and address, as the tutorials' test apps answer) or failing as curl reports it. A host name is
 * resolved first from the client's resolv.conf.
 */
public final class Curl {
  private Curl() {}

  /** How much of each request a run records. */
  public enum Tracing {
    /** Only what the first packet came to: no hop is recorded. */
    NONE(Recording.NONE, false),
    /** The first packet's trace, its hops without the rules each hook walked. */
    HOPS(Recording.NONE, true),
    /** The first packet's trace with the rules that matched on its way ({@code -v}). */
    RULES(Recording.MATCHED, true);

    private final Recording recording;
    private final boolean traced;

    Tracing(Recording recording, boolean traced) {
      this.recording = recording;
      this.traced = traced;
    }
  }

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
      Tracing tracing) {
    List<Request> requests = new ArrayList<>();
    requests(cluster, from, node, target, count, interval, tracing, requests::add);
    return requests;
  }

  /**
   * The same requests, each handed to {@code each} as soon as it is answered: a long run keeps none
   * of their traces.
   */
  public static void requests(
      Cluster cluster,
      @Nullable String from,
      @Nullable String node,
      IpPort target,
      int count,
      Duration interval,
      Tracing tracing,
      Consumer<Request> each) {
    String source = from != null ? from : Client.firstNode(cluster);
    new Client(cluster, tracing.recording, source, node)
        .requests(target, count, interval, tracing.traced, each);
  }

  /**
   * What curl prints for one request to {@code url}: the body the pod's image answers (see {@link
   * dev.ksim.image.ImageCatalogue}), or curl's error line.
   */
  public static String answer(Cluster cluster, Request request, UrlTarget url) {
    CurlTransfer transfer = transfer(cluster, request, url, Exchange.GET);
    HttpResponse response = transfer.response();
    if (transfer.failed()) {
      return "curl: (" + transfer.exitCode() + ") " + transfer.error();
    }
    if (response == null) {
      return transfer.note();
    }
    return body(response);
  }

  /**
   * How curl's transfer of {@code request} went: connected or not (curl 7.88's messages), the
   * request it sent and the response the pod's image gave. A SYN that nothing answers waits for the
   * first of {@code exchange}'s limits and the kernel's own connect timeout.
   */
  public static CurlTransfer transfer(
      Cluster cluster, Request request, UrlTarget url, Exchange exchange) {
    IpPort target = request.target();
    String where = "Failed to connect to " + target.ip() + " port " + target.port() + " after ";
    PacketOutcome outcome = request.outcome();
    if (outcome == null) {
      return refused(where, "Immediate connect fail for " + target.ip() + ": ", EADDRNOTAVAIL);
    }
    return switch (outcome.verdict()) {
      case DELIVERED -> {
        if (outcome.answer() == PacketOutcome.Answer.LOST) {
          // the client's kernel ignores an answer from the wrong address; its SYN goes unanswered
          yield timedOut(where, target, exchange);
        }
        yield connected(cluster, target, outcome, url, exchange);
      }
      case DROPPED -> timedOut(where, target, exchange);
      case REJECTED, REFUSED ->
          refused(
              where,
              "connect to " + target.ip() + " port " + target.port() + " failed: ",
              "Connection refused");
      case UNREACHABLE ->
          refused(
              where,
              "connect to " + target.ip() + " port " + target.port() + " failed: ",
              "No route to host");
    };
  }

  private static final String EADDRNOTAVAIL = "Cannot assign requested address";

  /**
   * How long the kernel retries an unanswered SYN before {@code connect} fails: tcp_syn_retries'
   * default of 6 with the initial retransmission timeout of one second.
   *
   * @see <a
   *     href="https://github.com/torvalds/linux/blob/v6.6/Documentation/networking/ip-sysctl.rst">ip-sysctl.rst
   *     (tcp_syn_retries)</a>
   */
  static final Duration SYN_RETRIES_TIMEOUT = Duration.ofSeconds(127);

  private static CurlTransfer refused(String where, String attempt, String reason) {
    String error = where + "0 ms: Couldn't connect to server";
    return CurlTransfer.failed(7, error, List.of(attempt + reason, error), Duration.ZERO);
  }

  /** An unanswered SYN: curl's total or connect limit, or the kernel's, whichever comes first. */
  private static CurlTransfer timedOut(String where, IpPort target, Exchange exchange) {
    Duration kernel = SYN_RETRIES_TIMEOUT;
    Duration max = exchange.maxTime();
    Duration connect = exchange.connectTimeout();
    if (max != null
        && max.compareTo(kernel) < 0
        && (connect == null || max.compareTo(connect) <= 0)) {
      String error = "Connection timed out after " + max.toMillis() + " milliseconds";
      return CurlTransfer.failed(28, error, List.of(error), max);
    }
    if (connect != null && connect.compareTo(kernel) < 0) {
      String error = where + connect.toMillis() + " ms: Timeout was reached";
      String family = target.ip().family() == IpFamily.IPV6 ? "ipv6" : "ipv4";
      return CurlTransfer.failed(
          28,
          error,
          List.of(family + " connect timeout after " + connect.toMillis() + "ms, move on!", error),
          connect);
    }
    String error = where + kernel.toMillis() + " ms: Couldn't connect to server";
    return CurlTransfer.failed(
        28,
        error,
        List.of(
            "connect to "
                + target.ip()
                + " port "
                + target.port()
                + " failed: Connection timed out",
            error),
        kernel);
  }

  /**
   * A connection that a socket accepted: what the pod replied, or the running kube-proxy's servers
   * when the connection ended on a node.
   */
  private static CurlTransfer connected(
      Cluster cluster, IpPort target, PacketOutcome outcome, UrlTarget url, Exchange exchange) {
    String connected =
        "Connected to " + url.host() + " (" + target.ip() + ") port " + target.port() + " (#0)";
    PacketOutcome.Peers peers = Objects.requireNonNull(outcome.peers());
    HttpRequest sent = PodHttp.request(cluster, peers, url, exchange);
    String requestLine = sent.method() + " " + sent.target() + " HTTP/1.1";
    Trace.Backend backend = outcome.receiver();
    HttpResponse response;
    String note = "";
    int code = 0;
    String error = "";
    if (backend == null || backend.pod().isEmpty()) {
      response = nodeAnswer(cluster, backend, peers.server(), url).orElse(null);
      if (response == null) {
        note =
            backend == null
                ? "(an answer from " + target + ", outside the cluster)"
                : "(answered by node " + backend.node() + ")";
      }
    } else {
      ServerReply reply = PodHttp.reply(cluster, backend, sent).orElse(null);
      response = reply == null ? null : reply.response();
      if (reply != null && response == null) {
        Matcher curlError = CURL_ERROR.matcher(reply.curlError());
        code = curlError.matches() ? Integer.parseInt(curlError.group(1)) : 1;
        error = curlError.matches() ? curlError.group(2) : reply.curlError();
      }
    }
    if (response != null && exchange.fail() && response.status() >= 400) {
      code = 22;
      error = "The requested URL returned error: " + response.status();
    }
    return new CurlTransfer(
        code,
        error,
        note,
        List.of(connected),
        requestLine,
        sent.headers(),
        response,
        target,
        outcome.source(),
        Duration.ZERO);
  }

  private static final Pattern CURL_ERROR =
      Pattern.compile("curl: \\((\\d+)\\) (.*)", Pattern.DOTALL);

  /**
   * What curl asks and how long it waits: the method, the headers given with {@code -H}, {@code
   * -f}, {@code -m} and {@code --connect-timeout}.
   */
  public record Exchange(
      String method,
      List<Header> headers,
      boolean fail,
      @Nullable Duration maxTime,
      @Nullable Duration connectTimeout) {
    /** curl without options. */
    public static final Exchange GET = new Exchange("GET", List.of(), false, null, null);

    public Exchange {
      headers = List.copyOf(headers);
    }

    /** The exchange {@code options} ask for. */
    public static Exchange of(CurlOptions options) {
      return new Exchange(
          options.head() ? "HEAD" : "GET",
          options.headers(),
          options.fail(),
          options.maxTime(),
          options.connectTimeout());
    }
  }

  /**
   * ksim's hint (for stderr) when a pod whose image the catalogue does not know refused the
   * connection that came to {@code outcome}: how to say what it listens on.
   */
  public static Optional<String> refusalHint(Cluster cluster, PacketOutcome outcome) {
    if (outcome.verdict() != Verdict.REFUSED) {
      return Optional.empty();
    }
    return PodHttp.refusingPod(cluster, outcome)
        .flatMap(p -> cluster.options().images().refusalHint(p));
  }

  /**
   * What a server of the running kube-proxy on the node that got the connection answers, when one
   * of them listens at {@code server}, where the connection ended.
   */
  private static Optional<HttpResponse> nodeAnswer(
      Cluster cluster, Trace.@Nullable Backend backend, IpPort server, UrlTarget url) {
    if (backend == null) {
      return Optional.empty();
    }
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
