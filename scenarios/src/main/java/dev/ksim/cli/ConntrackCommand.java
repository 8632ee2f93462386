package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpPort;
import dev.ksim.scenario.shell.Curl;
import dev.ksim.scenario.shell.NodeTools;
import dev.ksim.view.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim conntrack -f M --node NODE [--curl URL [--from SRC] [--count N]] -- -L [-d IP] [-s
 * IP] [-p PROTO]}: a node's connection tracking table as {@code conntrack -L} prints it, after the
 * requests {@code --curl} sends (each connection completed and closed, as curl does).
 */
@Command(
    name = "conntrack",
    mixinStandardHelpOptions = true,
    description =
        "List a node's connection tracking table as conntrack -L does, after optional curl"
            + " requests (arguments after --).")
public final class ConntrackCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  NodeOption node;

  @Option(
      names = "--curl",
      paramLabel = "URL",
      description = "Send HTTP requests first (http://ADDRESS[:PORT]/).")
  @Nullable String curl;

  @Option(
      names = "--from",
      paramLabel = "SRC",
      description = "Where the requests come from (default: a process on the first node).")
  @Nullable String from;

  @Option(names = "--count", defaultValue = "1", description = "How many requests (default: 1).")
  int count = 1;

  @Parameters(paramLabel = "CONNTRACK-ARGS", description = "conntrack's arguments, after --.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Cluster cluster = input.start(System.err);
    if (curl != null) {
      Curl.Resolved resolved = Curl.resolve(cluster, from, Curl.target(curl));
      IpPort target = resolved.target();
      if (target == null) {
        throw KsimInputException.commandLine("--curl", resolved.failure());
      }
      // only the entries the requests leave are printed: no request is kept
      Curl.requests(
          cluster, from, null, target, count, Duration.ZERO, Curl.Tracing.NONE, request -> {});
    }
    CommandResult result = NodeTools.conntrack(node.of(cluster), args);
    System.out.print(result.stdout());
    System.out.flush();
    System.err.print(result.stderr());
    return result.exitCode();
  }
}
