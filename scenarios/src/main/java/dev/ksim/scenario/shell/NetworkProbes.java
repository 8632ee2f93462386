package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableMap;
import dev.ksim.client.Client;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.node.NetnsName;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import dev.ksim.view.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ping}, {@code nc -zv} and {@code telnet}: packets sent from where the shell runs through
 * the same data path as every other client, printed as iputils-ping 20221126, netcat-openbsd 1.219
 * and netkit telnet 0.17 print them (goldens recorded with those tools in a network namespace). An
 * ICMP echo is answered by whichever kernel owns the address it reaches: a pod's or a node's. In
 * iptables and nftables mode a ClusterIP is owned by nothing (kube-proxy's rules rewrite TCP, UDP
 * and SCTP only), so it does not answer ping; in ipvs mode KUBE-IPVS-FILTER rejects it. Simulated
 * time advances one second per echo after the first.
 */
final class NetworkProbes {
  /** netcat's service names for the ports tutorials use (Debian's /etc/services). */
  private static final Map<Integer, String> SERVICES =
      ImmutableMap.<Integer, String>builder()
          .put(22, "ssh")
          .put(53, "domain")
          .put(80, "http")
          .put(443, "https")
          .put(3306, "mysql")
          .put(5432, "postgresql")
          .put(6379, "redis")
          .put(8080, "http-alt")
          .build();

  private final Cluster cluster;
  private final String where;
  private final List<Flow> flows = new ArrayList<>();

  NetworkProbes(Cluster cluster, String where) {
    this.cluster = cluster;
    this.where = where;
  }

  /** {@code ping [-c N] [-W S] HOST}; without -c it stops after 4, as if interrupted. */
  CommandResult ping(List<String> args) {
    int count = 0;
    String host = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-c" -> count = number("ping", args, ++i);
        case "-W", "-w", "-i" -> number("ping", args, ++i);
        case "-n", "-q" -> {
          // numeric output is all ksim prints
        }
        default -> {
          if (arg.startsWith("-")) {
            throw UnsupportedCommandException.option("ping", arg, "-c N, -W S");
          }
          host = arg;
        }
      }
    }
    if (host == null) {
      return CommandResult.error("ping: usage error: Destination address required\n", 1);
    }
    String note = "";
    if (count == 0) {
      count = 4;
      note = "ksim: ping without -c stops after 4 echoes here, as if interrupted\n";
    }
    Optional<IpAddress> address = resolve(host);
    if (address.isEmpty()) {
      return CommandResult.error("ping: " + host + ": Name or service not known\n", 2);
    }
    IpAddress ip = address.get();
    StringBuilder out = new StringBuilder();
    out.append("PING ").append(host).append(" (").append(ip).append(") 56(84) bytes of data.\n");
    int received = 0;
    int errors = 0;
    List<Double> times = new ArrayList<>();
    Client client = new Client(cluster, Recording.NONE, source(), null);
    for (int seq = 1; seq <= count; seq++) {
      if (seq > 1) {
        cluster.advance(Duration.ofSeconds(1));
      }
      Trace trace = client.trace(new IpPort(ip, 0), Protocol.ICMP, "ping");
      flows.add(new Flow(trace, new Flow.Echo(seq)));
      // an echo request that reached the kernel owning its address (delivered, or "refused"
      // because no socket listens on ICMP) is answered by that kernel
      boolean reached = trace.verdict() == Verdict.DELIVERED || trace.verdict() == Verdict.REFUSED;
      if (reached && !trace.hops().isEmpty()) {
        Hop last = trace.hops().get(trace.hops().size() - 1);
        boolean sameNode = last.node().equals(sourceNode());
        double time = sameNode ? 0.055 : 0.410;
        times.add(time);
        received++;
        out.append(
            String.format(
                "64 bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms%n",
                ip, seq, sameNode || last.netns().equals(NetnsName.host()) ? 64 : 63, time));
      } else if (trace.verdict() == Verdict.REJECTED) {
        errors++;
        out.append("From ")
            .append(ip)
            .append(" icmp_seq=")
            .append(seq)
            .append(" Destination Port Unreachable\n");
      } else if (trace.verdict() == Verdict.UNREACHABLE) {
        errors++;
        out.append("From ")
            .append(trace.source().ip())
            .append(" icmp_seq=")
            .append(seq)
            .append(" Destination Host Unreachable\n");
      }
    }
    int loss = (count - received) * 100 / count;
    out.append("\n--- ").append(host).append(" ping statistics ---\n");
    out.append(count).append(" packets transmitted, ").append(received).append(" received, ");
    if (errors > 0) {
      out.append('+').append(errors).append(" errors, ");
    }
    out.append(loss).append("% packet loss, time ").append((count - 1) * 1001).append("ms\n");
    if (received > 0) {
      double min = times.stream().mapToDouble(d -> d).min().orElse(0);
      double max = times.stream().mapToDouble(d -> d).max().orElse(0);
      double avg = times.stream().mapToDouble(d -> d).average().orElse(0);
      double variance = times.stream().mapToDouble(d -> (d - avg) * (d - avg)).average().orElse(0);
      out.append(
          String.format(
              "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms%n",
              min, avg, max, Math.sqrt(variance)));
    } else {
      out.append('\n');
    }
    return new CommandResult(out.toString(), note, received > 0 ? 0 : 1);
  }

  /** {@code nc -z [-v] [-w S] HOST PORT}: a TCP connection, opened and closed. */
  CommandResult nc(List<String> args) {
    boolean verbose = false;
    boolean wait = false;
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-w")) {
        number("nc", args, ++i);
        wait = true;
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (char c : arg.substring(1).toCharArray()) {
          switch (c) {
            case 'z', 'n' -> {
              // zero-I/O scan; numeric
            }
            case 'v' -> verbose = true;
            default -> throw UnsupportedCommandException.option("nc", "-" + c, "-z -v -w S");
          }
        }
      } else {
        operands.add(arg);
      }
    }
    if (operands.size() != 2
        || !args.stream().anyMatch(a -> a.startsWith("-") && a.contains("z"))) {
      throw new UnsupportedCommandException(
          "ksim: nc checks a port here (nc -zv HOST PORT); it does not carry data");
    }
    String host = operands.get(0);
    int port = number("nc", operands, 1);
    Optional<IpAddress> ip = resolve(host);
    if (ip.isEmpty()) {
      return CommandResult.error(
          "nc: getaddrinfo for host \""
              + host
              + "\" port "
              + port
              + ": Name or service not known\n",
          1);
    }
    TcpConnection.Outcome outcome = connect(ip.get(), port);
    String failure = "nc: connect to " + host + " port " + port + " (tcp) ";
    return switch (outcome) {
      case CONNECTED ->
          new CommandResult(
              "",
              verbose
                  ? "Connection to "
                      + host
                      + " "
                      + port
                      + " port [tcp/"
                      + SERVICES.getOrDefault(port, "*")
                      + "] succeeded!\n"
                  : "",
              0);
      case REFUSED -> CommandResult.error(failure + "failed: Connection refused\n", 1);
      case NO_ROUTE -> CommandResult.error(failure + "failed: No route to host\n", 1);
      case TIMED_OUT ->
          CommandResult.error(
              failure
                  + (wait
                      ? "timed out: Operation now in progress\n"
                      : "failed: Connection timed out\n"),
              1);
    };
  }

  /** {@code telnet HOST [PORT]}: connects, and with nothing to send closes again. */
  CommandResult telnet(List<String> args) {
    if (args.isEmpty() || args.size() > 2 || args.get(0).startsWith("-")) {
      throw new UnsupportedCommandException("ksim: telnet HOST [PORT]");
    }
    String host = args.get(0);
    int port = args.size() == 2 ? number("telnet", args, 1) : 23;
    Optional<IpAddress> ip = resolve(host);
    if (ip.isEmpty()) {
      return CommandResult.error(
          "telnet: could not resolve " + host + "/" + port + ": Name or service not known\n", 1);
    }
    String trying = "Trying " + ip.get() + "...\n";
    String failure = "telnet: Unable to connect to remote host: ";
    return switch (connect(ip.get(), port)) {
      case CONNECTED ->
          new CommandResult(
              trying + "Connected to " + host + ".\nEscape character is '^]'.\n",
              "Connection closed by foreign host.\n",
              0);
      case REFUSED -> new CommandResult(trying, failure + "Connection refused\n", 1);
      case NO_ROUTE -> new CommandResult(trying, failure + "No route to host\n", 1);
      case TIMED_OUT -> new CommandResult(trying, failure + "Connection timed out\n", 1);
    };
  }

  private TcpConnection.Outcome connect(IpAddress ip, int port) {
    TcpConnection connection = TcpConnection.open(cluster, source(), new IpPort(ip, port));
    Trace trace = connection.trace();
    if (trace != null) {
      flows.add(Flow.bare(trace));
    }
    return connection.outcome();
  }

  /** The flows the probes opened so far: ping's echoes, nc's and telnet's connections. */
  List<Flow> flows() {
    return List.copyOf(flows);
  }

  private Optional<IpAddress> resolve(String host) {
    return TcpConnection.resolve(cluster, where, host);
  }

  /** Where the probe starts: the shell's pod or node; the first node for {@code ksim kubectl}. */
  private String source() {
    return where.isEmpty() ? Client.firstNode(cluster) : where;
  }

  private String sourceNode() {
    String from = source();
    if (from.startsWith("node/")) {
      return from.substring("node/".length());
    }
    return cluster.namespaces().pod(from.substring("pod/".length())).map(n -> n.node()).orElse("");
  }

  private static int number(String tool, List<String> args, int index) {
    String text = index < args.size() ? args.get(index) : "";
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new UnsupportedCommandException("ksim: " + tool + ": not a number: '" + text + "'");
    }
  }
}
