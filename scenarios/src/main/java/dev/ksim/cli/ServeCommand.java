package dev.ksim.cli;

import dev.ksim.classroom.ClassroomServer;
import dev.ksim.classroom.TraceExport;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioParser;
import dev.ksim.scenario.ScenarioRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim serve [-f M | SCENARIO] [--port 8080] [--listen ADDR] [--duration D]}: the classroom
 * page on a local web server. It listens on loopback unless told otherwise, and stops on Ctrl-C or
 * when {@code --duration} has passed (one hour by default, a day at most); the simulation inside
 * moves only when the page asks. With {@code --export FILE --from SRC --to DST:PORT} it serves
 * nothing and writes that one trace as an HTML file that plays offline (for slides); with {@code
 * --export-svg FILE} as one SVG picture of the cluster and the packet's path (both may be given).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the classroom page: the cluster drawn, packets traced and animated hop by hop,"
            + " a scenario stepped with its quizzes (open the printed address in a browser).")
public final class ServeCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h)");
  private static final Duration LONGEST = Duration.ofHours(24);

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCENARIO",
      description =
          "A scenario file or bundled tutorial to step through (each student's own cluster when it"
              + " has variables: ?student=NAME or ?seed=N in the page's address).")
  @Nullable String scenario;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for a"
              + " classroom network).")
  String listen = "127.0.0.1";

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "Stop after this long: 90s, 30m, 2h (default: ${DEFAULT-VALUE}; at most 24h).")
  String duration = "1h";

  @Option(
      names = "--export",
      paramLabel = "FILE",
      description =
          "Do not serve: write the trace of --from to --to as one HTML file that plays offline"
              + " (for slides), and exit.")
  @Nullable Path export;

  @Option(
      names = "--export-svg",
      paramLabel = "FILE",
      description =
          "Do not serve: draw the trace of --from to --to as one SVG picture (the cluster, the"
              + " packet's path, its addresses at each NAT), and exit.")
  @Nullable Path exportSvg;

  @Option(names = "--from", paramLabel = "SRC", description = "With --export: the source.")
  @Nullable String from;

  @Option(names = "--to", paramLabel = "DST:PORT", description = "With --export: the destination.")
  @Nullable String to;

  @Option(
      names = "--protocol",
      description = "With --export: tcp, udp or sctp (default: ${DEFAULT-VALUE}).")
  String protocol = "tcp";

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (export != null || exportSvg != null) {
      return export();
    }
    Duration lifetime = duration(duration);
    if (port < 0 || port > 65535) {
      throw KsimInputException.commandLine("--port", "a port is 0 to 65535, got " + port);
    }
    InetSocketAddress address = new InetSocketAddress(address(listen), port);
    if (scenario != null && !input.files.isEmpty()) {
      throw KsimInputException.commandLine(
          "-f/SCENARIO", "serve a scenario or manifests, not both");
    }
    ClassroomServer server;
    try {
      server =
          scenario == null
              ? ClassroomServer.start(address, input.start(System.err))
              : ClassroomServer.start(address, scenario(scenario));
    } catch (java.net.BindException e) {
      throw KsimInputException.commandLine(
          "--port", "cannot listen on " + listen + ":" + port + ": " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    System.out.println(
        "ksim classroom on " + server.uri() + " (stops in " + duration + " or on Ctrl-C)");
    System.out.flush();
    stopped.await(lifetime.toMillis(), TimeUnit.MILLISECONDS);
    server.close();
    return 0;
  }

  /**
   * Writes the trace of {@code --from} to {@code --to} on the cluster as an offline page and/or an
   * SVG picture.
   */
  private int export() {
    String option = export != null ? "--export" : "--export-svg";
    if (from == null || to == null) {
      throw KsimInputException.commandLine(option, option + " needs --from and --to");
    }
    Cluster cluster =
        scenario == null ? input.start(System.err) : ScenarioRunner.replay(scenario(scenario));
    TraceExport traced = TraceExport.of(cluster, from, to, protocol, null);
    if (export != null) {
      write("--export", export, traced.html());
    }
    if (exportSvg != null) {
      write("--export-svg", exportSvg, traced.svg());
    }
    return 0;
  }

  private static void write(String option, Path file, String text) {
    try {
      Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw KsimInputException.commandLine(option, "cannot write " + file + ": " + e.getMessage());
    }
  }

  private static Scenario scenario(String name) {
    if (!name.contains("\0") && Files.exists(Path.of(name))) {
      return ScenarioParser.read(Path.of(name));
    }
    return Bundled.named(name)
        .orElseThrow(
            () ->
                KsimInputException.commandLine(
                    "SCENARIO",
                    "no file "
                        + name
                        + " and no bundled tutorial of that name (ksim scenarios"
                        + " list)"));
  }

  private static InetAddress address(String text) {
    if (!text.matches("[0-9a-fA-F.:]+")) {
      throw KsimInputException.commandLine("--listen", "expected an IP address, got " + text);
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw KsimInputException.commandLine("--listen", "not an IP address: " + text);
    }
  }

  private static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw KsimInputException.commandLine(
          "--duration", "expected a duration such as 90s, 30m or 2h, got " + text);
    }
    long amount = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    if (d.isZero() || d.compareTo(LONGEST) > 0) {
      throw KsimInputException.commandLine("--duration", "between 1s and 24h, got " + text);
    }
    return d;
  }
}
