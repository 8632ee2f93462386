package dev.ksim.cli;

import dev.ksim.client.Request;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpPort;
import dev.ksim.scenario.shell.Curl;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import dev.ksim.view.TraceRenderer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim curl [--from SRC] URL [--count N] [--interval D] [-v]}: HTTP requests through the
 * cluster, as a shell loop of curls sends them: each a new connection from the port the client's
 * kernel picks, {@code --interval} apart in simulated time, answered by the pod that got it (what
 * its image answers, from the image catalogue) or failing as curl reports it; with {@code --count},
 * a summary of which pod answered how often. Connection tracking and {@code recent} lists carry
 * over from one request to the next, so session affinity holds, and closed connections' ports wait
 * out TIME_WAIT before they are used again; asking for more connections than the port range holds
 * within TIME_WAIT fails as curl does (exit 7).
 */
@Command(
    name = "curl",
    mixinStandardHelpOptions = true,
    description = "HTTP requests through the cluster: which pod answers each, and how often.")
public final class CurlCommand implements Callable<Integer> {
  private static final Pattern CURL_ERROR = Pattern.compile("curl: \\((\\d+)\\)");

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)?");

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
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "10ms",
      description = "Simulated time between two requests, e.g. 10ms, 1s, 0 (default: 10ms).")
  String interval = "10ms";

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
    Duration pause = interval(interval);
    Curl.UrlTarget requested = Curl.target(url);
    Cluster cluster = input.start(System.err);
    Curl.Resolved resolved = Curl.resolve(cluster, from, requested);
    IpPort target = resolved.target();
    if (target == null) {
      System.err.println(resolved.failure());
      return 6;
    }
    Tally tally = new Tally();
    Curl.requests(
        cluster,
        from,
        node,
        target,
        count,
        pause,
        verbose ? Curl.Tracing.RULES : Curl.Tracing.NONE,
        request -> tally.add(cluster, request, requested, verbose));
    StringBuilder summary = new StringBuilder();
    if (count > 1) {
      summary.append("\n").append(count).append(" requests:\n");
      tally.answers.forEach(
          (answer, n) ->
              summary.append(
                  String.format(Locale.ROOT, "%6d  %s%n", n, answer.replace('\n', ' '))));
    }
    tally.hints.forEach(System.err::println);
    tally.out.print(System.out, summary);
    return tally.exit;
  }

  /**
   * What the requests of a run printed and who answered them, added to as each is answered (so that
   * a long run keeps none of the requests' traces).
   */
  private static final class Tally {
    final Map<String, Integer> answers = new TreeMap<>();
    final RepeatedText out = new RepeatedText();
    final NavigableSet<String> hints = new TreeSet<>();
    int exit;

    void add(Cluster cluster, Request request, Curl.UrlTarget requested, boolean verbose) {
      String answer = Curl.answer(cluster, request, requested);
      PacketOutcome outcome = request.outcome();
      Trace.Backend backend = outcome == null ? null : outcome.receiver();
      String key =
          backend != null && !backend.pod().isEmpty() && !answer.startsWith("curl: ")
              ? "pod " + backend.namespace() + "/" + backend.pod()
              : answer;
      answers.merge(key, 1, Integer::sum);
      if (outcome != null) {
        Curl.refusalHint(cluster, outcome).ifPresent(hints::add);
      }
      exit = exitStatus(answer);
      Trace trace = request.trace();
      if (verbose && trace != null) {
        out.append(answer + "\n" + TraceRenderer.render(trace) + "\n");
      } else {
        out.appendLine(answer);
      }
    }
  }

  /**
   * curl's exit status for one transfer: the number in its {@code curl: (N)} error (7 when the
   * connection failed, 28 when it timed out), 0 when an answer came. Of several requests, the last
   * one's, as curl returns its last transfer's.
   *
   * @see <a href="https://curl.se/libcurl/c/libcurl-errors.html">libcurl error codes:
   *     CURLE_COULDNT_RESOLVE_HOST (6), CURLE_COULDNT_CONNECT (7), CURLE_OPERATION_TIMEDOUT
   *     (28)</a>
   */
  static int exitStatus(String answer) {
    if (!answer.startsWith("curl: (")) {
      // an answer: no matcher per request of a --count run
      return 0;
    }
    Matcher error = CURL_ERROR.matcher(answer);
    return error.lookingAt() ? Integer.parseInt(error.group(1)) : 0;
  }

  /** A duration as {@code 10ms}, {@code 2s} or {@code 0}. */
  private static Duration interval(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw KsimInputException.commandLine(
          "--interval", "expected a duration such as 10ms, 1s or 0, got " + text);
    }
    long amount = Long.parseLong(m.group(1));
    return "s".equals(m.group(2)) ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
  }
}
