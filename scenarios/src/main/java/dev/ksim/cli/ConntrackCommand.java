package dev.ksim.cli;

import dev.ksim.cli.shell.Curl;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackWriter;
import dev.ksim.node.NodeNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
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
    Predicate<ConntrackEntry> filter = e -> true;
    boolean list = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-L", "--dump" -> list = true;
        case "-d", "--dst", "--orig-dst" -> {
          IpAddress ip = address(args, ++i, arg);
          filter = filter.and(e -> e.original().destination().equals(ip));
        }
        case "-s", "--src", "--orig-src" -> {
          IpAddress ip = address(args, ++i, arg);
          filter = filter.and(e -> e.original().source().equals(ip));
        }
        case "-p", "--proto" -> {
          String text = i + 1 < args.size() ? args.get(++i) : "";
          Protocol protocol =
              Protocol.tryParse(text)
                  .orElseThrow(
                      () -> KsimInputException.commandLine(arg, "unknown protocol " + text));
          filter = filter.and(e -> e.original().protocol() == protocol);
        }
        default ->
            throw KsimInputException.commandLine(
                "conntrack", "unsupported argument " + arg + " (-L, -d, -s, -p)");
      }
    }
    if (!list) {
      throw KsimInputException.commandLine("conntrack", "only -L (list) is simulated");
    }
    Cluster cluster = input.start(System.err);
    NodeNetwork network = node.of(cluster);
    if (curl != null) {
      Curl.Resolved resolved = Curl.resolve(cluster, from, Curl.target(curl));
      IpPort target = resolved.target();
      if (target == null) {
        throw KsimInputException.commandLine("--curl", resolved.failure());
      }
      Curl.requests(cluster, from, null, target, count, false);
    }
    long now = network.kernel().nowMillis();
    List<ConntrackEntry> entries =
        network.kernel().conntrack().entries(now).stream().filter(filter).toList();
    System.out.print(ConntrackWriter.list(entries, now));
    System.out.flush();
    System.err.print(ConntrackWriter.summary(entries.size()));
    return 0;
  }

  private static IpAddress address(List<String> args, int index, String option) {
    String text = index < args.size() ? args.get(index) : "";
    return IpAddress.tryParse(text)
        .orElseThrow(() -> KsimInputException.commandLine(option, "not an address: " + text));
  }
}
