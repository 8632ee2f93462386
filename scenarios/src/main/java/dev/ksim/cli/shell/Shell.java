package dev.ksim.cli.shell;

import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.dns.client.ClientException;
import dev.ksim.dns.client.Dig;
import dev.ksim.dns.client.DigRequest;
import dev.ksim.dns.client.Exchange;
import dev.ksim.dns.client.Nslookup;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.net.IpPort;
import dev.ksim.resolver.DnsTransport;
import dev.ksim.resolver.PodResolvConf;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import java.util.List;

/**
 * Runs one command line where a user would type it: in a pod ({@code pod/NS/NAME}) or on a node
 * ({@code node/NAME}). The data path is shared by the commands run through one shell, so
 * connections one command makes are seen by the next. A command ksim does not model is refused in
 * so many words rather than imitated.
 */
public final class Shell {
  private final Cluster cluster;
  private final ClusterDatapath datapath;

  public Shell(Cluster cluster, ClusterDatapath datapath) {
    this.cluster = cluster;
    this.datapath = datapath;
  }

  /** Runs {@code argv} at {@code where}. */
  public CommandResult run(String where, List<String> argv) {
    if (argv.isEmpty()) {
      return CommandResult.error("ksim: no command given\n", 2);
    }
    List<String> args = argv.subList(1, argv.size());
    try {
      return switch (argv.get(0)) {
        case "curl" -> curl(where, args);
        case "dig" -> dig(where, args);
        case "nslookup" -> nslookup(where, args);
        case "cat" -> cat(where, args);
        default -> unmodelled(argv);
      };
    } catch (ClientException e) {
      return CommandResult.error(e.getMessage() + "\n", 1);
    }
  }

  private CommandResult curl(String where, List<String> args) {
    List<String> urls = args.stream().filter(a -> !a.startsWith("-")).toList();
    if (urls.size() != 1) {
      return CommandResult.error("ksim: curl takes one URL here, got " + args + "\n", 2);
    }
    Curl.Resolved resolved = Curl.resolve(cluster, where, Curl.target(urls.get(0)));
    IpPort target = resolved.target();
    if (target == null) {
      return CommandResult.error(resolved.failure() + "\n", 6);
    }
    Trace trace = Curl.requests(cluster, where, null, target, 1, false).get(0);
    String answer = Curl.answer(trace, target);
    if (answer.startsWith("curl: ")) {
      return CommandResult.error(
          answer + "\n", Integer.parseInt(answer.substring(7, answer.indexOf(')'))));
    }
    return CommandResult.ok(answer + "\n");
  }

  private CommandResult dig(String where, List<String> args) {
    DigRequest request = DigRequest.parse(args);
    List<Exchange> exchanges = Dig.run(request, conf(where), transport(where), this::random);
    String out = Dig.print(request, exchanges, cluster.clock().now());
    boolean answered = exchanges.stream().anyMatch(e -> e.reply() != null);
    return new CommandResult(out, "", answered ? 0 : 9);
  }

  private CommandResult nslookup(String where, List<String> args) {
    String out = Nslookup.run(args, conf(where), transport(where), this::random);
    boolean failed = out.contains("** server can't find") || out.contains("no servers could");
    return new CommandResult(out, "", failed ? 1 : 0);
  }

  private CommandResult cat(String where, List<String> args) {
    if (args.equals(List.of("/etc/resolv.conf"))) {
      return CommandResult.ok(conf(where).render());
    }
    return unmodelled(prepend("cat", args));
  }

  private static CommandResult unmodelled(List<String> argv) {
    return CommandResult.error(
        "ksim: '"
            + String.join(" ", argv)
            + "' is not modelled (ksim runs curl, dig, nslookup and cat /etc/resolv.conf in pods)\n",
        127);
  }

  private static List<String> prepend(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream())
        .toList();
  }

  private ResolvConf conf(String where) {
    return PodResolvConf.forSource(cluster, where);
  }

  private DnsTransport transport(String where) {
    return new DnsTransport(cluster, datapath, where);
  }

  private int random() {
    return cluster.random().nextInt(1 << 16);
  }
}
