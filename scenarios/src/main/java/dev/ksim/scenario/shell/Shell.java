package dev.ksim.scenario.shell;

import dev.ksim.client.Request;
import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Connector;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.client.ClientException;
import dev.ksim.dns.client.Dig;
import dev.ksim.dns.client.DigRequest;
import dev.ksim.dns.client.Exchange;
import dev.ksim.dns.client.Nslookup;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.node.NodeNetwork;
import dev.ksim.resolver.DnsTransport;
import dev.ksim.resolver.PodResolvConf;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import dev.ksim.view.Kubectl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs one command line where a user would type it: in a pod ({@code pod/NS/NAME}) or on a node
 * ({@code node/NAME}). kubectl runs against the cluster (and {@code kubectl exec} in its pod); on a
 * node also iptables, ip6tables, their -save forms and conntrack. Node kernels keep their state
 * between commands, so connections one command makes are seen by the next. A command ksim does not
 * model is refused in so many words rather than imitated.
 */
public final class Shell {
  private static final Set<String> NODE_TOOLS =
      Set.of("iptables", "ip6tables", "iptables-save", "ip6tables-save", "conntrack");

  private final Cluster cluster;
  private final ClusterDatapath datapath;

  public Shell(Cluster cluster, ClusterDatapath datapath) {
    this.cluster = cluster;
    this.datapath = datapath;
  }

  /** Runs {@code argv} at {@code where}. */
  public ShellResult run(String where, List<String> argv) {
    return run(where, argv, 1);
  }

  /** Runs {@code argv} at {@code where}; curl sends {@code count} requests. */
  public ShellResult run(String where, List<String> argv, int count) {
    if (argv.isEmpty()) {
      return ShellResult.of(CommandResult.error("ksim: no command given\n", 2));
    }
    String command = argv.get(0);
    List<String> args = argv.subList(1, argv.size());
    try {
      if (command.equals("kubectl")) {
        return kubectl(args);
      }
      if (NODE_TOOLS.contains(command)) {
        return where.startsWith("node/")
            ? ShellResult.of(nodeTool(node(where), command, args))
            : unmodelled(argv, "ksim runs " + command + " on nodes, not in pods");
      }
      return switch (command) {
        case "curl", "wget" -> curl(where, args, count);
        case "dig" -> dig(where, args);
        case "nslookup" -> ShellResult.of(nslookup(where, args));
        case "cat" -> ShellResult.of(cat(where, args));
        default -> unmodelled(argv, "");
      };
    } catch (ClientException e) {
      return ShellResult.of(CommandResult.error(e.getMessage() + "\n", 1));
    }
  }

  private ShellResult kubectl(List<String> args) {
    String verb = verb(args);
    if (verb.equals("exec")) {
      return exec(args);
    }
    if (!Set.of("get", "describe").contains(verb)) {
      return unmodelled(
          prepend("kubectl", args),
          "ksim's kubectl shows (get, describe) and runs commands in pods (exec); a scenario"
              + " changes the cluster with its apply, delete, scale, patch, edit and restart steps");
    }
    return ShellResult.of(new Kubectl(cluster).run(args));
  }

  /** kubectl's verb: its first word that is not a flag or a flag's value. */
  private static String verb(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-n") || arg.equals("--namespace")) {
        i++;
      } else if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return "";
  }

  /** {@code exec [-it] POD [-n NS] [-c C] -- COMMAND...}. */
  private ShellResult exec(List<String> args) {
    String namespace = "default";
    String pod = null;
    boolean verbSeen = false;
    int i = 0;
    for (; i < args.size() && !args.get(i).equals("--"); i++) {
      String arg = args.get(i);
      if (arg.equals("-n") || arg.equals("--namespace")) {
        namespace = i + 1 < args.size() ? args.get(++i) : "";
      } else if (arg.equals("-c") || arg.equals("--container")) {
        i++; // every container of a pod shares its network namespace
      } else if (!arg.startsWith("-") && !verbSeen) {
        verbSeen = true;
      } else if (!arg.startsWith("-")) {
        pod = arg;
      }
    }
    List<String> command = i < args.size() ? args.subList(i + 1, args.size()) : List.of();
    if (pod == null || command.isEmpty()) {
      return ShellResult.of(
          CommandResult.error("error: expected 'exec POD -- COMMAND [args...]'\n", 1));
    }
    ShellResult inside = run("pod/" + namespace + "/" + pod, command);
    CommandResult output = inside.output();
    if (output.exitCode() == 0) {
      return inside;
    }
    return new ShellResult(
        new CommandResult(
            output.stdout(),
            output.stderr() + "command terminated with exit code " + output.exitCode() + "\n",
            1),
        inside.traces(),
        inside.dnsReply(),
        inside.answeredBy());
  }

  private CommandResult nodeTool(NodeNetwork network, String command, List<String> args) {
    return switch (command) {
      case "iptables" -> NodeTools.iptables(network, IpFamily.IPV4, args);
      case "ip6tables" -> NodeTools.iptables(network, IpFamily.IPV6, args);
      case "iptables-save", "ip6tables-save" ->
          NodeTools.iptablesSave(
              network,
              command.startsWith("ip6") ? IpFamily.IPV6 : IpFamily.IPV4,
              args.contains("-c") || args.contains("--counters"),
              cluster.clock().now());
      default -> NodeTools.conntrack(network, args);
    };
  }

  private NodeNetwork node(String where) {
    String name = where.substring("node/".length());
    NodeNetwork network = cluster.nodeNetworks().get(name);
    if (network == null) {
      throw new ClientException(
          "ksim: no node " + name + " (nodes: " + cluster.nodeNetworks().keySet() + ")");
    }
    return network;
  }

  private ShellResult curl(String where, List<String> args, int count) {
    List<String> urls = args.stream().filter(a -> !a.startsWith("-")).toList();
    if (urls.size() != 1) {
      return ShellResult.of(
          CommandResult.error("ksim: curl takes one URL here, got " + args + "\n", 2));
    }
    Curl.Resolved resolved = Curl.resolve(cluster, where, Curl.target(urls.get(0)));
    IpPort target = resolved.target();
    if (target == null) {
      return ShellResult.of(CommandResult.error(resolved.failure() + "\n", 6));
    }
    List<Request> requests =
        Curl.requests(cluster, where, null, target, count, Duration.ZERO, false);
    List<Trace> traces = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    List<String> answeredBy = new ArrayList<>();
    int exit = 0;
    for (Request request : requests) {
      String answer = Curl.answer(request);
      Trace trace = request.trace();
      if (trace != null) {
        traces.add(trace);
      }
      Trace.Backend backend = trace == null ? null : trace.backend();
      boolean answered = !answer.startsWith("curl: ");
      answeredBy.add(
          answered && backend != null && !backend.pod().isEmpty()
              ? backend.namespace() + "/" + backend.pod()
              : "");
      if (answered) {
        out.append(answer).append('\n');
      } else {
        err.append(answer).append('\n');
        exit = Integer.parseInt(answer.substring(7, answer.indexOf(')')));
      }
    }
    return new ShellResult(
        new CommandResult(out.toString(), err.toString(), exit), traces, null, answeredBy);
  }

  private ShellResult dig(String where, List<String> args) {
    DigRequest request = DigRequest.parse(args);
    DnsTransport transport = transport(where);
    List<Exchange> exchanges = Dig.run(request, conf(where), transport, this::random);
    String out = Dig.print(request, exchanges, cluster.clock().now());
    DnsMessage last = exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1).reply();
    return new ShellResult(
        new CommandResult(out, "", last != null ? 0 : 9), transport.traces(), last, List.of());
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
    return unmodelled(prepend("cat", args), "").output();
  }

  private static ShellResult unmodelled(List<String> argv, String why) {
    return ShellResult.of(
        CommandResult.error(
            "ksim: '"
                + String.join(" ", argv)
                + "' is not modelled"
                + (why.isEmpty()
                    ? " (ksim runs kubectl; curl, wget, dig, nslookup and cat /etc/resolv.conf;"
                        + " on nodes iptables, ip6tables, their -save forms and conntrack)"
                    : ": " + why)
                + "\n",
            127));
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out;
  }

  private ResolvConf conf(String where) {
    return PodResolvConf.forSource(cluster, where);
  }

  private DnsTransport transport(String where) {
    return new DnsTransport(
        cluster,
        new Connector(datapath, cluster.namespaces(), cluster.random(), cluster.clock()),
        where);
  }

  private int random() {
    return cluster.random().nextInt(1 << 16);
  }
}
