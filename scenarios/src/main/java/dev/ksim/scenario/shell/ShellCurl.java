package dev.ksim.scenario.shell;

import dev.ksim.client.Request;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.Header;
import dev.ksim.image.HttpResponse;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * curl typed in the shell, as curl 7.88 prints at a terminal: the body (or with {@code -I} the
 * response's headers) on stdout, then {@code -w}'s text; with {@code -v} the connection's story on
 * stderr ({@code *} lines, the request as {@code >} lines, the response's head as {@code <} lines);
 * an error as {@code curl: (N) message} unless {@code -s} hides it, and its number as the exit
 * status. A connection nobody answers takes simulated time: the cluster goes on for {@code -m},
 * {@code --connect-timeout} or the kernel's SYN retries, whichever ends first.
 *
 * <p>Where ksim differs on purpose: lines end in a line feed only (curl sends the headers' carriage
 * returns to the terminal too); a body that does not end in a line feed gets one, so that the next
 * output starts on its own line; curl's progress meter (drawn with {@code -o FILE} when not silent)
 * is left out, its speeds being wall-clock measurements; {@code -H} headers are shown as {@code
 * Name: value}.
 */
final class ShellCurl {
  private final Cluster cluster;
  private final String where;

  ShellCurl(Cluster cluster, String where) {
    this.cluster = cluster;
    this.where = where;
  }

  /** Runs curl with {@code args}, {@code count} times (a scenario's {@code count:}). */
  ShellResult run(List<String> args, int count) {
    CurlOptions options;
    try {
      options = CurlOptions.parse(args);
    } catch (CurlOptions.CurlUsageException e) {
      return ShellResult.of(e.result());
    }
    Curl.UrlTarget url = Curl.target(options.url());
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Curl.Resolved resolved = Curl.resolve(cluster, where, url);
    IpPort target = resolved.target();
    if (target == null) {
      String message = resolved.failure().substring("curl: (6) ".length());
      CurlTransfer failed = CurlTransfer.failed(6, message, List.of(message), Duration.ZERO);
      finish(options, failed, out, err);
      return ShellResult.of(new CommandResult(out.toString(), err.toString(), 6));
    }
    Optional<CurlTransfer> unbound = bindFailure(options, target);
    if (unbound.isPresent()) {
      trying(options, target, err);
      finish(options, unbound.get(), out, err);
      return ShellResult.of(new CommandResult(out.toString(), err.toString(), 45));
    }
    String source = source(options);
    String node = source.equals(where) ? null : where.substring("node/".length());
    List<Flow> flows = new ArrayList<>();
    List<String> answeredBy = new ArrayList<>();
    int exit = 0;
    Curl.Exchange exchange = Curl.Exchange.of(options);
    for (int i = 0; i < count; i++) {
      Request request =
          Curl.requests(cluster, source, node, target, 1, Duration.ZERO, Curl.Tracing.HOPS).get(0);
      CurlTransfer transfer = Curl.transfer(cluster, request, url, exchange);
      if (!transfer.elapsed().isZero()) {
        cluster.advance(transfer.elapsed());
      }
      Trace trace = request.trace();
      if (trace != null) {
        flows.add(new Flow(trace, payload(transfer)));
      }
      PacketOutcome outcome = request.outcome();
      Trace.Backend backend = outcome == null ? null : outcome.receiver();
      answeredBy.add(
          !transfer.failed() && backend != null && !backend.pod().isEmpty()
              ? backend.namespace() + "/" + backend.pod()
              : "");
      trying(options, target, err);
      if (options.verbose() && options.networkInterface() != null) {
        err.append("* Local port: 0\n");
      }
      finish(options, transfer, out, err);
      if (transfer.failed() && outcome != null) {
        Curl.refusalHint(cluster, outcome).ifPresent(hint -> err.append(hint).append('\n'));
      }
      exit = transfer.exitCode();
    }
    return new ShellResult(
        new CommandResult(out.toString(), err.toString(), exit), flows, null, answeredBy, false);
  }

  /**
   * What {@code transfer} carried over its connection: the request and response, when both were.
   */
  private static Flow.Payload payload(CurlTransfer transfer) {
    HttpResponse response = transfer.response();
    if (transfer.requestLine().isEmpty() || response == null) {
      return new Flow.Bare();
    }
    return new Flow.Http(
        transfer.requestLine(),
        message(transfer.requestLine(), transfer.requestHeaders(), ""),
        response.statusLine(),
        message(response.statusLine(), response.headers(), response.body()));
  }

  /** The bytes of an HTTP message: its first line, its headers, a blank line and its body. */
  private static int message(String firstLine, List<Header> headers, String body) {
    int length = firstLine.length() + 2;
    for (Header header : headers) {
      length += header.name().length() + 2 + header.value().length() + 2;
    }
    return length + 2 + body.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * {@code -v}'s first lines: the address curl tries and, with {@code --interface ADDRESS}, how it
   * took that address.
   */
  private static void trying(CurlOptions options, IpPort target, StringBuilder err) {
    if (!options.verbose()) {
      return;
    }
    err.append("*   Trying ").append(shown(target)).append("...\n");
    String given = options.networkInterface();
    if (given != null) {
      IpAddress.tryParse(given)
          .ifPresent(a -> err.append("* ").append(nameResolved(given, target, a)).append('\n'));
    }
  }

  /** How curl 7.88 reports taking an {@code --interface} address for {@code target}. */
  private static String nameResolved(String given, IpPort target, IpAddress address) {
    return "Name '"
        + given
        + "' family "
        + family(target.ip())
        + " resolved to '"
        + given
        + "' family "
        + family(address);
  }

  /** The socket address family's number: AF_INET 2, AF_INET6 10. */
  private static String family(IpAddress address) {
    return address.family() == IpFamily.IPV6 ? "10" : "2";
  }

  /** What curl prints for one transfer, after its {@code Trying} lines. */
  private static void finish(
      CurlOptions options, CurlTransfer transfer, StringBuilder out, StringBuilder err) {
    if (options.verbose()) {
      transfer.connectLines().forEach(l -> err.append("* ").append(l).append('\n'));
      if (!transfer.requestLine().isEmpty()) {
        err.append("> ").append(transfer.requestLine()).append('\n');
        transfer.requestHeaders().forEach(h -> err.append("> ").append(line(h)).append('\n'));
        err.append("> \n");
      }
    }
    HttpResponse response = transfer.response();
    if (response != null) {
      if (options.verbose()) {
        err.append("< ").append(response.statusLine()).append('\n');
        response.headers().forEach(h -> err.append("< ").append(line(h)).append('\n'));
        err.append("< \n");
      }
      if (!transfer.failed()) {
        printResponse(options, response, out);
      }
    } else if (!transfer.failed() && !transfer.note().isEmpty()) {
      out.append(transfer.note()).append('\n');
    }
    if (options.verbose()) {
      if (transfer.failed() && !transfer.requestLine().isEmpty()) {
        err.append("* ").append(transfer.error()).append('\n');
      }
      if (response != null && !transfer.failed() && !closes(response)) {
        err.append("* Connection #0 to host ").append(host(options)).append(" left intact\n");
      } else {
        err.append("* Closing connection 0\n");
      }
    }
    if (transfer.failed() && options.printsErrors()) {
      err.append("curl: (")
          .append(transfer.exitCode())
          .append(") ")
          .append(transfer.error())
          .append('\n');
    }
    String writeOut = options.writeOut();
    if (writeOut != null) {
      out.append(CurlWriteOut.format(writeOut, transfer, options.url(), err));
    }
  }

  private static void printResponse(CurlOptions options, HttpResponse response, StringBuilder out) {
    if (options.head() || options.include()) {
      out.append(response.statusLine()).append('\n');
      response.headers().forEach(h -> out.append(line(h)).append('\n'));
      out.append('\n');
    }
    if (options.head() || options.output() != null) {
      return;
    }
    String body = response.body();
    out.append(body);
    if (!body.isEmpty() && !body.endsWith("\n")) {
      out.append('\n');
    }
  }

  private static String line(Header header) {
    return header.name() + ": " + header.value();
  }

  private static boolean closes(HttpResponse response) {
    return response.headers().stream()
        .anyMatch(
            h -> h.name().equalsIgnoreCase("Connection") && h.value().equalsIgnoreCase("close"));
  }

  private static String host(CurlOptions options) {
    return Curl.target(options.url()).host();
  }

  private static String shown(IpPort target) {
    return target.ip().family() == IpFamily.IPV6
        ? "[" + target.ip() + "]:" + target.port()
        : target.ip() + ":" + target.port();
  }

  /**
   * Where the requests come from: {@code --interface}'s address on a node, else the shell's place.
   */
  private String source(CurlOptions options) {
    String given = options.networkInterface();
    if (given == null || !where.startsWith("node/")) {
      return where;
    }
    return address(given).map(IpAddress::toString).orElse(where);
  }

  /** {@code --interface}'s address: the address itself, or the interface's first of its family. */
  private Optional<IpAddress> address(String given) {
    Optional<IpAddress> literal = IpAddress.tryParse(given);
    if (literal.isPresent()) {
      return literal;
    }
    Optional<NetworkNamespace> namespace = namespace();
    if (given.equals("lo")) {
      return IpAddress.tryParse("127.0.0.1");
    }
    return namespace.flatMap(ns -> ns.addresses(given).stream().map(a -> a.address()).findFirst());
  }

  /**
   * curl's error 45 when {@code --interface} names no interface of the shell's namespace or an
   * address it does not have.
   */
  private Optional<CurlTransfer> bindFailure(CurlOptions options, IpPort target) {
    String given = options.networkInterface();
    if (given == null) {
      return Optional.empty();
    }
    String failed =
        "Failed to connect to "
            + target.ip()
            + " port "
            + target.port()
            + " after 0 ms: Failed binding local connection end";
    Optional<IpAddress> literal = IpAddress.tryParse(given);
    if (literal.isEmpty()) {
      if (address(given).isPresent()) {
        return Optional.empty();
      }
      String error = "Couldn't bind to '" + given + "'";
      return Optional.of(
          CurlTransfer.failed(
              45,
              error,
              List.of("Could not resolve host: " + given, error, failed),
              Duration.ZERO));
    }
    boolean owned =
        literal.get().toString().startsWith("127.")
            || namespace()
                .map(
                    ns ->
                        ns.allAddresses().stream().anyMatch(a -> a.address().equals(literal.get())))
                .orElse(false);
    if (owned) {
      return Optional.empty();
    }
    String error = "bind failed with errno 99: Cannot assign requested address";
    return Optional.of(CurlTransfer.failed(45, error, List.of(error, failed), Duration.ZERO));
  }

  private Optional<NetworkNamespace> namespace() {
    if (where.startsWith("node/")) {
      return Optional.ofNullable(cluster.nodeNetworks().get(where.substring("node/".length())))
          .map(n -> n.namespace());
    }
    String ref = where.substring("pod/".length());
    return cluster.namespaces().pod(ref.contains("/") ? ref : "default/" + ref);
  }
}
