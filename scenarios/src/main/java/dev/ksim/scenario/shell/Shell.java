package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.DnsTransport;
import dev.ksim.cluster.Cluster;
import dev.ksim.config.PodNetwork;
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
import dev.ksim.node.NetnsName;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.node.NodeNetwork;
import dev.ksim.resolver.EtcHosts;
import dev.ksim.resolver.PodResolvConf;
import dev.ksim.view.CommandResult;
import dev.ksim.view.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The one command shell of ksim: runs a command line where a user would type it, in a pod ({@code
 * pod/NS/NAME}) or on a node ({@code node/NAME}), for scenario {@code run} steps, {@code ksim
 * kubectl} and {@code ksim shell}. kubectl runs against the cluster (its views, the verbs that
 * change it, and {@code kubectl exec} in a pod); on a node also iptables, ip6tables, their -save
 * forms, conntrack, ipvsadm, ipset and {@code nft list}; curl, dig, nslookup anywhere; tcpdump on a
 * node or in a pod, whose capture prints what the commands after it send. A pipeline's later stages
 * are the text filters (grep, head, tail, wc, sort, uniq, cut, awk) or {@code xargs CMD}; {@code
 * sudo CMD} runs CMD. Node kernels keep their state between commands, so connections one command
 * makes are seen by the next. A command or option ksim does not simulate is refused with exit
 * status 2, naming it.
 */
public final class Shell {
  private static final Set<String> NODE_TOOLS =
      ImmutableSet.of(
          "iptables",
          "ip6tables",
          "iptables-save",
          "ip6tables-save",
          "iptables-restore",
          "ip6tables-restore",
          "conntrack",
          "sysctl",
          "ipvsadm",
          "ipset",
          "nft",
          "ss",
          "netstat",
          "lsof",
          "ps",
          "lsmod",
          "modprobe");

  /** The filters that read the output of the command before them in a pipeline. */
  private static final Map<String, BiFunction<String, List<String>, CommandResult>> FILTERS =
      ImmutableMap.<String, BiFunction<String, List<String>, CommandResult>>builder()
          .put("grep", Grep::filter)
          .put("head", TextFilters::head)
          .put("tail", TextFilters::tail)
          .put("wc", TextFilters::wc)
          .put("sort", TextFilters::sort)
          .put("uniq", TextFilters::uniq)
          .put("cut", TextFilters::cut)
          .put("awk", Awk::filter)
          .build();

  /** Commands outside what ksim simulates, with what to do instead. */
  private static final Map<String, String> OUT_OF_SCOPE =
      ImmutableMap.<String, String>builder()
          .put(
              "helm",
              "ksim applies manifests: render the chart (helm template) and kubectl apply -f")
          .put("yum", "ksim's nodes have their tools already; nothing to install")
          .put("apt", "ksim's nodes have their tools already; nothing to install")
          .put("apt-get", "ksim's nodes have their tools already; nothing to install")
          .put("dnf", "ksim's nodes have their tools already; nothing to install")
          .put(
              "systemctl",
              "kube-proxy runs as kubeadm's DaemonSet here, not a systemd unit: change"
                  + " configmap/kube-proxy in kube-system (kubectl -n kube-system edit configmap"
                  + " kube-proxy) and restart it (kubectl -n kube-system rollout restart daemonset"
                  + " kube-proxy)")
          .put(
              "vi",
              "kube-proxy's settings are in configmap/kube-proxy in kube-system, not a unit file"
                  + " (a scenario's edit: step; kubectl -n kube-system edit configmap kube-proxy)")
          .put(
              "vim",
              "kube-proxy's settings are in configmap/kube-proxy in kube-system, not a unit file"
                  + " (a scenario's edit: step; kubectl -n kube-system edit configmap kube-proxy)")
          .put("docker", "ksim's pods run their images' servers; there is no container runtime")
          .build();

  /** Every command name the shell answers (filters included), for scenario checks. */
  public static final Set<String> COMMANDS =
      ImmutableSet.<String>builder()
          .add("kubectl", "curl", "wget", "dig", "nslookup", "cat", "sudo", "xargs")
          .add("ip", "ping", "nc", "telnet", "tcpdump", "timeout")
          .add("redis-cli", "mysql", "mongosh", "mongo")
          .addAll(NODE_TOOLS)
          .addAll(FILTERS.keySet())
          .build();

  private final Cluster cluster;
  private final ClusterDatapath datapath;
  private final KubectlFiles files;

  /** The tcpdump captures running, oldest first. */
  private final List<Tcpdump> captures = new ArrayList<>();

  /** How deep in commands that run commands ({@code kubectl exec}, {@code xargs}) the shell is. */
  private int depth;

  /** What {@code kubectl edit} opens; null where no one can edit (a scenario's run: step). */
  private @Nullable ObjectEditor editor;

  public Shell(Cluster cluster, ClusterDatapath datapath) {
    this(cluster, datapath, Path.of(""));
  }

  /** A shell whose relative paths ({@code kubectl apply -f FILE}) start at {@code directory}. */
  public Shell(Cluster cluster, ClusterDatapath datapath, Path directory) {
    this.cluster = cluster;
    this.datapath = datapath;
    this.files = new KubectlFiles(cluster, directory);
  }

  /** Runs {@code line} (words, quotes and pipes as a POSIX shell splits them) at {@code where}. */
  public ShellResult runLine(String where, String line) {
    List<List<String>> stages = CommandLines.split(line).orElse(List.of());
    if (stages.isEmpty()) {
      return ShellResult.of(
          CommandResult.error("ksim: unexpected end of line (unclosed quote)\n", 2));
    }
    List<String> argv = new ArrayList<>();
    for (List<String> stage : stages) {
      if (!argv.isEmpty()) {
        argv.add("|");
      }
      argv.addAll(stage);
    }
    return run(where, argv, 1);
  }

  /** Runs {@code argv} at {@code where}; a {@code "|"} word separates the stages of a pipeline. */
  public ShellResult run(String where, List<String> argv) {
    return run(where, argv, 1);
  }

  /**
   * Runs {@code argv} at {@code where}; curl sends {@code count} requests. The tcpdump captures
   * running before it print the packets it sent.
   */
  public ShellResult run(String where, List<String> argv, int count) {
    return run(where, argv, count, true);
  }

  /**
   * Runs {@code argv} at {@code where}; {@code terminal} when its output goes to a terminal (a line
   * typed in the shell or a scenario, {@code kubectl exec -t}), unless piped on.
   */
  private ShellResult run(String where, List<String> argv, int count, boolean terminal) {
    if (depth > 0) {
      return runStages(where, argv, count, terminal);
    }
    depth++;
    int running = captures.size();
    StringBuilder ended = new StringBuilder();
    endCaptures(c -> c.expired(cluster.clock().now()), ended, running);
    running = captures.size();
    ShellResult result;
    try {
      result = runStages(where, argv, count, terminal);
    } finally {
      depth--;
    }
    StringBuilder printed = new StringBuilder();
    for (Tcpdump capture : captures.subList(0, running)) {
      printed.append(capture.capture(cluster, result.flows()));
    }
    endCaptures(c -> c.full() || c.unbounded() || c.expired(cluster.clock().now()), ended, running);
    if (printed.isEmpty() && ended.isEmpty()) {
      return result;
    }
    CommandResult output = result.output();
    return result.withOutput(
        new CommandResult(output.stdout() + printed, output.stderr() + ended, output.exitCode()));
  }

  /** Ends the first {@code running} captures that {@code done} picks, with their summaries. */
  private void endCaptures(Predicate<Tcpdump> done, StringBuilder summaries, int running) {
    List<Tcpdump> old = new ArrayList<>(captures.subList(0, running));
    for (Tcpdump capture : old) {
      if (done.test(capture)) {
        summaries.append(capture.summary());
        captures.remove(capture);
      }
    }
  }

  private ShellResult runStages(String where, List<String> argv, int count, boolean terminal) {
    try {
      List<List<String>> stages = stages(argv);
      ShellResult result = command(where, stages.get(0), count, terminal && stages.size() == 1);
      StringBuilder stderr = new StringBuilder();
      for (List<String> stage : stages.subList(1, stages.size())) {
        stderr.append(result.output().stderr());
        result = result.withOutput(filter(where, stage, result.output().stdout()));
      }
      CommandResult last = result.output();
      return result.withOutput(
          new CommandResult(last.stdout(), stderr + last.stderr(), last.exitCode()));
    } catch (UnsupportedCommandException e) {
      return ShellResult.unsupported(String.valueOf(e.getMessage()));
    }
  }

  private static List<List<String>> stages(List<String> argv) {
    List<List<String>> stages = new ArrayList<>();
    List<String> stage = new ArrayList<>();
    for (String word : argv) {
      if (word.equals("|")) {
        stages.add(stage);
        stage = new ArrayList<>();
      } else {
        stage.add(word);
      }
    }
    stages.add(stage);
    for (List<String> s : stages) {
      if (s.isEmpty()) {
        throw new UnsupportedCommandException("ksim: syntax error: an empty command in a pipeline");
      }
    }
    return stages;
  }

  /** A later stage of a pipeline: a filter of {@code input}, or xargs running a command. */
  private CommandResult filter(String where, List<String> stage, String input) {
    List<String> words = withoutSudo(stage);
    String tool = words.get(0);
    List<String> args = words.subList(1, words.size());
    BiFunction<String, List<String>, CommandResult> filter = FILTERS.get(tool);
    if (filter != null) {
      return filter.apply(input, args);
    }
    if (tool.equals("xargs")) {
      return xargs(where, args, input);
    }
    if (tool.endsWith("tables-restore") && where.startsWith("node/")) {
      return restore(node(where), tool, args, input);
    }
    throw new UnsupportedCommandException(
        "ksim: "
            + tool
            + " does not read a pipe here (after | ksim runs "
            + String.join(", ", FILTERS.keySet())
            + " and xargs)");
  }

  /** {@code xargs [-r] CMD ARGS...}: CMD with the input's words appended, run once. */
  private CommandResult xargs(String where, List<String> args, String input) {
    int i = 0;
    boolean noRunIfEmpty = false;
    while (i < args.size() && args.get(i).startsWith("-")) {
      if (args.get(i).equals("-r") || args.get(i).equals("--no-run-if-empty")) {
        noRunIfEmpty = true;
        i++;
      } else {
        throw UnsupportedCommandException.option("xargs", args.get(i), "-r");
      }
    }
    List<String> command = new ArrayList<>(args.subList(i, args.size()));
    if (command.isEmpty()) {
      command.add("echo");
    }
    String words = input.strip();
    if (words.isEmpty() && noRunIfEmpty) {
      return CommandResult.ok("");
    }
    if (!words.isEmpty()) {
      command.addAll(List.of(words.split("\\s+")));
    }
    return command(where, command, 1, false).output();
  }

  private static List<String> withoutSudo(List<String> words) {
    int i = 0;
    while (i < words.size() && words.get(i).equals("sudo")) {
      i++;
      while (i < words.size() && words.get(i).startsWith("-")) {
        i++;
      }
    }
    if (i >= words.size()) {
      throw new UnsupportedCommandException("usage: sudo COMMAND (ksim runs COMMAND)");
    }
    return words.subList(i, words.size());
  }

  private ShellResult command(String where, List<String> words, int count, boolean terminal) {
    List<String> argv = withoutSudo(words);
    String command = argv.get(0);
    List<String> args = argv.subList(1, argv.size());
    try {
      if (command.equals("kubectl")) {
        return kubectl(args);
      }
      if (NODE_TOOLS.contains(command)) {
        if (!where.startsWith("node/")) {
          throw new UnsupportedCommandException(
              "ksim: " + command + " runs on nodes here, not in pods (run it with --on node/NAME)");
        }
        return ShellResult.of(nodeTool(node(where), command, args));
      }
      if (FILTERS.containsKey(command) || command.equals("xargs")) {
        throw new UnsupportedCommandException(
            "ksim: "
                + command
                + " reads the output of a command piped into it (CMD | "
                + command
                + " ...)");
      }
      String hint = OUT_OF_SCOPE.get(command);
      if (hint != null) {
        throw new UnsupportedCommandException(
            "ksim: " + command + " is outside what ksim simulates: " + hint);
      }
      return switch (command) {
        case "curl" -> new ShellCurl(cluster, where).run(args, count);
        case "wget" ->
            new ShellCurl(cluster, where)
                .run(args.stream().filter(a -> !a.startsWith("-")).toList(), count);
        case "dig" -> dig(where, args);
        case "nslookup" -> nslookup(where, args);
        case "cat" -> ShellResult.of(cat(where, args));
        case "ip" -> ShellResult.of(ip(where, args));
        case "ping", "nc", "netcat", "telnet" -> probe(where, command, args);
        case "redis-cli" ->
            ShellResult.of(new RedisCli(new DatabaseClients(cluster, where), terminal).run(args));
        case "mysql" ->
            ShellResult.of(
                new MysqlClient(new DatabaseClients(cluster, where), terminal).run(args));
        case "mongosh", "mongo" ->
            ShellResult.of(new Mongosh(new DatabaseClients(cluster, where), command).run(args));
        case "tcpdump" -> ShellResult.of(tcpdump(where, args, null));
        case "timeout" -> timeout(where, args, count, terminal);
        default ->
            throw new UnsupportedCommandException(
                "ksim: "
                    + command
                    + ": command not simulated (ksim runs "
                    + String.join(", ", COMMANDS)
                    + ")");
      };
    } catch (ClientException e) {
      return ShellResult.of(CommandResult.error(e.getMessage() + "\n", e.exitStatus()));
    }
  }

  /** Lets {@code kubectl edit} open objects in {@code editor} (ksim shell at a terminal). */
  public void useEditor(ObjectEditor editor) {
    this.editor = editor;
  }

  private ShellResult kubectl(List<String> args) {
    String verb = verb(args);
    if (verb.equals("edit") && editor != null) {
      return edit(args, editor);
    }
    if (verb.equals("exec")) {
      return exec(args);
    }
    if (verb.equals("get") || verb.equals("describe")) {
      return ShellResult.of(new Kubectl(cluster).run(args));
    }
    if (verb.equals("explain")) {
      return ShellResult.of(new KubectlExplain().explain(args));
    }
    if (verb.equals("logs")) {
      try {
        return ShellResult.of(new KubectlLogs(cluster).logs(args));
      } catch (KubectlException e) {
        return ShellResult.of(e.result());
      }
    }
    if (KubectlWrites.VERBS.contains(verb)) {
      CommandResult result = new KubectlWrites(cluster, files).run(verb, args);
      if (result.exitCode() == 0) {
        cluster.runUntilQuiet();
        List<String> notices = cluster.drainNotices();
        if (!notices.isEmpty()) {
          result =
              new CommandResult(
                  result.stdout(),
                  result.stderr() + String.join("\n", notices) + "\n",
                  result.exitCode());
        }
      }
      return ShellResult.of(result);
    }
    throw new UnsupportedCommandException(
        switch (verb) {
          case "edit" ->
              "ksim: kubectl edit opens an editor: in a scenario write an edit: step (set: {field:"
                  + " value}), or change the object with kubectl patch, label, scale or set image";
          case "" -> "ksim: kubectl needs a command (get, describe, create, apply, delete, ...)";
          default ->
              "ksim: kubectl "
                  + verb
                  + " is not simulated (ksim's kubectl runs get, describe, explain, exec, logs, "
                  + String.join(", ", KubectlWrites.VERBS)
                  + ")";
        });
  }

  /** {@code kubectl edit TYPE NAME|TYPE/NAME [-n NS]}: the object's YAML in {@code editor}. */
  private ShellResult edit(List<String> args, ObjectEditor editor) {
    List<String> get = new ArrayList<>(args);
    get.set(get.indexOf("edit"), "get");
    get.addAll(List.of("-o", "yaml"));
    CommandResult yaml = new Kubectl(cluster).run(get);
    if (yaml.exitCode() != 0) {
      return ShellResult.of(yaml);
    }
    List<String> named = new ArrayList<>(get.subList(0, get.size() - 2));
    named.addAll(List.of("-o", "name"));
    String shown = new Kubectl(cluster).run(named).stdout().strip();
    return ShellResult.of(new KubectlEdit(cluster, editor).edit(shown, yaml.stdout()));
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
    boolean tty = false;
    int i = 0;
    for (; i < args.size() && !args.get(i).equals("--"); i++) {
      String arg = args.get(i);
      if (arg.equals("-t") || arg.equals("--tty") || arg.matches("-[it]{2}")) {
        tty = true;
      } else if (arg.equals("-n") || arg.equals("--namespace")) {
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
    ShellResult inside = run("pod/" + namespace + "/" + pod, command, 1, tty);
    CommandResult output = inside.output();
    if (output.exitCode() == 0) {
      return inside;
    }
    if (inside.unsupported()) {
      return inside;
    }
    return inside.withOutput(
        new CommandResult(
            output.stdout(),
            output.stderr() + "command terminated with exit code " + output.exitCode() + "\n",
            1));
  }

  private CommandResult nodeTool(NodeNetwork network, String command, List<String> args) {
    return switch (command) {
      case "iptables" -> NodeTools.iptables(network, IpFamily.IPV4, args);
      case "ip6tables" -> NodeTools.iptables(network, IpFamily.IPV6, args);
      case "iptables-save", "ip6tables-save" ->
          NodeTools.iptablesSave(
              network,
              command.startsWith("ip6") ? IpFamily.IPV6 : IpFamily.IPV4,
              args,
              cluster.clock().now());
      case "ipvsadm" -> IpvsadmTool.run(network, args);
      case "ipset" -> IpsetTool.run(network, args);
      case "nft" -> NftTool.run(network, args);
      case "iptables-restore", "ip6tables-restore" -> {
        List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (paths.size() != 1) {
          throw new UnsupportedCommandException(
              "ksim: " + command + " reads a FILE argument or a pipe (cat FILE | " + command + ")");
        }
        yield restore(network, command, args, files.read(paths.get(0)));
      }
      case "sysctl" -> Sysctl.run(network, args);
      case "ss" -> SocketTools.ss(new NodeProcesses(cluster, network).sockets(), args);
      case "netstat" -> SocketTools.netstat(new NodeProcesses(cluster, network).sockets(), args);
      case "lsof" -> SocketTools.lsof(new NodeProcesses(cluster, network).sockets(), args);
      case "ps" -> Ps.run(new NodeProcesses(cluster, network).processes(), args);
      case "lsmod" ->
          KernelModules.lsmod(
              cluster.proxyConfiguration().mode(),
              cluster.options().podNetwork() == PodNetwork.VXLAN);
      case "modprobe" -> KernelModules.modprobe(args);
      default -> NodeTools.conntrack(network, args);
    };
  }

  private static CommandResult restore(
      NodeNetwork network, String tool, List<String> args, String text) {
    for (String arg : args) {
      if (arg.startsWith("-") && !arg.equals("-n") && !arg.equals("--noflush")) {
        throw UnsupportedCommandException.option(tool, arg, "--noflush");
      }
    }
    return IptablesChanges.restore(
        network,
        tool.startsWith("ip6") ? IpFamily.IPV6 : IpFamily.IPV4,
        tool,
        text,
        args.contains("-n") || args.contains("--noflush"));
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

  /**
   * {@code timeout [-s SIGNAL] SECONDS COMMAND...}: COMMAND, which ends at once here except a
   * tcpdump capture, which ends when SECONDS of simulated time have passed.
   */
  private ShellResult timeout(String where, List<String> args, int count, boolean terminal) {
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      i += args.get(i).equals("-s") || args.get(i).equals("-k") ? 2 : 1;
    }
    if (i + 1 >= args.size()) {
      throw new UnsupportedCommandException("usage: timeout SECONDS COMMAND [ARG]...");
    }
    Duration limit;
    try {
      limit =
          Duration.ofMillis((long) (Double.parseDouble(args.get(i).replaceAll("s$", "")) * 1000));
    } catch (NumberFormatException e) {
      throw new UnsupportedCommandException(
          "timeout: invalid time interval '" + args.get(i) + "' (ksim takes seconds)");
    }
    List<String> command = args.subList(i + 1, args.size());
    if (command.get(0).equals("tcpdump")) {
      return ShellResult.of(tcpdump(where, command.subList(1, command.size()), limit));
    }
    return command(where, command, count, terminal);
  }

  /** ping, nc or telnet from {@code where}, with the flows they opened. */
  private ShellResult probe(String where, String name, List<String> args) {
    NetworkProbes probes = new NetworkProbes(cluster, where);
    CommandResult output =
        switch (name) {
          case "ping" -> probes.ping(args);
          case "telnet" -> probes.telnet(args);
          default -> probes.nc(args);
        };
    return new ShellResult(output, probes.flows(), null, List.of(), false);
  }

  /** Starts a tcpdump capture where the shell is; it prints what the next commands send. */
  private CommandResult tcpdump(String where, List<String> args, @Nullable Duration limit) {
    NetworkNamespace namespace;
    NetnsName netns;
    if (where.startsWith("node/")) {
      namespace = node(where).namespace();
      netns = NetnsName.host();
    } else if (where.startsWith("pod/")) {
      String ref = where.substring("pod/".length());
      String qualified = ref.contains("/") ? ref : "default/" + ref;
      namespace =
          cluster
              .namespaces()
              .pod(qualified)
              .orElseThrow(
                  () ->
                      new ClientException(
                          "Error from server (NotFound): pods \""
                              + qualified.substring(qualified.indexOf('/') + 1)
                              + "\" not found"));
      netns = NetnsName.pod(qualified);
    } else {
      throw new UnsupportedCommandException(
          "ksim: tcpdump runs on a node or in a pod (--on node/NAME, kubectl exec POD -- tcpdump)");
    }
    Tcpdump capture =
        Tcpdump.start(
            cluster,
            namespace.node(),
            netns,
            List.copyOf(IpCommand.linkNames(namespace)),
            args,
            limit);
    captures.add(capture);
    return new CommandResult("", capture.banner(), 0);
  }

  private ShellResult dig(String where, List<String> args) {
    DigRequest request = DigRequest.parse(args);
    DnsFlows transport = new DnsFlows(transport(where));
    List<Exchange> exchanges = Dig.run(request, conf(where), transport, this::random);
    String out = Dig.print(request, exchanges, cluster.clock().now());
    DnsMessage last = exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1).reply();
    return new ShellResult(
        new CommandResult(out, "", last != null ? 0 : 9),
        transport.flows(),
        last,
        List.of(),
        false);
  }

  private ShellResult nslookup(String where, List<String> args) {
    DnsFlows transport = new DnsFlows(transport(where));
    String out = Nslookup.run(args, conf(where), transport, this::random);
    boolean failed = out.contains("** server can't find") || out.contains("no servers could");
    return new ShellResult(
        new CommandResult(out, "", failed ? 1 : 0), transport.flows(), null, List.of(), false);
  }

  private CommandResult cat(String where, List<String> args) {
    if (where.startsWith("pod/")) {
      String ref = where.substring("pod/".length());
      int slash = ref.indexOf('/');
      String namespace = slash < 0 ? "default" : ref.substring(0, slash);
      String name = ref.substring(slash + 1);
      if (cluster.store().get(new ObjectKey(ResourceType.POD, namespace, name)).isEmpty()) {
        // as kubectl exec into a pod that does not exist
        throw new ClientException("Error from server (NotFound): pods \"" + name + "\" not found");
      }
    }
    if (args.equals(List.of("/etc/resolv.conf"))) {
      return CommandResult.ok(conf(where).render());
    }
    if (args.equals(List.of("/etc/hosts"))) {
      return CommandResult.ok(EtcHosts.of(cluster, where).orElse(""));
    }
    if (args.size() == 1 && args.get(0).startsWith("/proc/sys/") && where.startsWith("node/")) {
      return Sysctl.cat(node(where), args.get(0));
    }
    throw new UnsupportedCommandException(
        "ksim: cat "
            + String.join(" ", args)
            + ": ksim shows /etc/resolv.conf, /etc/hosts and /proc/sys/... only");
  }

  /** {@code ip ...} in the node's or the pod's network namespace. */
  private CommandResult ip(String where, List<String> args) {
    long seed = cluster.options().seed();
    if (where.startsWith("pod/")) {
      String ref = where.substring("pod/".length());
      NetworkNamespace pod =
          cluster
              .namespaces()
              .pod(ref.contains("/") ? ref : "default/" + ref)
              .orElseThrow(
                  () ->
                      new ClientException(
                          "Error from server (NotFound): pods \""
                              + ref.substring(ref.indexOf('/') + 1)
                              + "\" not found"));
      return new IpCommand(pod, cluster.namespaces().node(pod.node()), seed).run(args);
    }
    if (!where.startsWith("node/")) {
      throw new UnsupportedCommandException(
          "ksim: ip runs on a node or in a pod (--on node/NAME, kubectl exec POD -- ip ...)");
    }
    return new IpCommand(node(where).namespace(), null, seed).run(args);
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
