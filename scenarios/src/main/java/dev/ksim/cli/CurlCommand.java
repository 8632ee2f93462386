package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Origins;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.trace.Trace;
import dev.ksim.view.TraceRenderer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim curl [--from SRC] URL [--count N] [-v]}: HTTP requests through the cluster, each a
 * new connection from a new ephemeral port, answered by the pod that got it (its name and address,
 * as the tutorials' test apps answer) or failing as curl reports it. Connection tracking and {@code
 * recent} lists carry over from one request to the next, so session affinity holds.
 */
@Command(
    name = "curl",
    mixinStandardHelpOptions = true,
    description = "HTTP requests through the cluster: which pod answers each, and how often.")
public final class CurlCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @Option(
      names = "--from",
      paramLabel = "SRC",
      description = "An IP, pod/[NAMESPACE/]NAME or node/NAME (default: the first node).")
  @Nullable String from;

  @Option(
      names = "--node",
      paramLabel = "NODE",
      description = "Where a client outside (or on loopback) enters.")
  @Nullable String node;

  @Option(names = "--count", defaultValue = "1", description = "How many requests (default: 1).")
  int count = 1;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show each request's trace.")
  boolean verbose;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Parameters(index = "0", paramLabel = "URL", description = "http://ADDRESS[:PORT][/PATH]")
  String url;

  @Override
  public Integer call() {
    if (count < 1 || count > 100_000) {
      throw KsimInputException.commandLine("--count", "must be between 1 and 100000, got " + count);
    }
    IpPort target = target(url);
    Cluster cluster = input.start(System.err);
    Map<String, Integer> answers = new TreeMap<>();
    StringBuilder out = new StringBuilder();
    for (Trace trace : requests(cluster, from, node, target, count, verbose)) {
      String answer = answer(trace, target);
      answers.merge(answer, 1, Integer::sum);
      out.append(answer).append('\n');
      if (verbose) {
        out.append(TraceRenderer.render(trace)).append('\n');
      }
    }
    if (count > 1) {
      out.append("\n").append(count).append(" requests:\n");
      answers.forEach(
          (answer, n) ->
              out.append(String.format(Locale.ROOT, "%6d  %s%n", n, answer.replace('\n', ' '))));
    }
    System.out.print(out);
    return 0;
  }

  /**
   * Sends {@code count} requests from {@code from} (default: a process on the first node) to {@code
   * target}, each a new connection that is closed after its answer, and returns the trace of each
   * first packet. Connection tracking keeps what they leave.
   */
  static List<Trace> requests(
      Cluster cluster,
      @Nullable String from,
      @Nullable String node,
      IpPort target,
      int count,
      boolean record) {
    String source =
        from != null ? from : "node/" + cluster.nodeNetworks().keySet().iterator().next();
    Origins.Source client = new Origins(cluster).resolve(source, node, target.ip(), "--from");
    ClusterDatapath datapath =
        new ClusterDatapath(cluster, record ? Recording.MATCHED : Recording.NONE);
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Packet syn =
          Packet.first(
              Protocol.TCP, Flows.withEphemeralPort(client.address(), cluster.random()), target);
      Trace trace = datapath.trace(client.origin(), syn);
      Trace.Reply reply = trace.reply();
      if (reply != null && reply.returned()) {
        datapath.close(client.origin(), syn);
      }
      traces.add(trace);
    }
    return traces;
  }

  /** What curl prints for one request. */
  static String answer(Trace trace, IpPort target) {
    String where = "Failed to connect to " + target.ip() + " port " + target.port();
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
          yield "(answered by node " + backend.node() + ")";
        }
        IpPort endpoint = trace.endpoint() != null ? trace.endpoint() : target;
        yield "Hostname: " + backend.pod() + " IP: " + endpoint.ip();
      }
      case DROPPED -> "curl: (28) " + where + ": Connection timed out";
      case REJECTED, REFUSED -> "curl: (7) " + where + ": Connection refused";
      case UNREACHABLE -> "curl: (7) " + where + ": No route to host";
    };
  }

  static IpPort target(String text) {
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
    String hostText = host;
    IpAddress address =
        IpAddress.tryParse(hostText)
            .orElseThrow(
                () ->
                    KsimInputException.commandLine(
                        "URL",
                        "\""
                            + hostText
                            + "\" is not an IP address; names need the DNS model, which ksim"
                            + " does not have yet: use the Service's cluster IP"));
    return new IpPort(address, uri.getPort() < 0 ? 80 : uri.getPort());
  }
}
