package dev.ksim.scenario.shell;

import dev.ksim.cluster.Cluster;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.node.NetnsName;
import dev.ksim.trace.Trace;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A tcpdump capture in a node's or a pod's network namespace: {@code tcpdump [-i IFACE|any] [-n]
 * [-nn] [-c COUNT] [FILTER]}, started by one command and printing, in tcpdump 4.99's line format,
 * the packets the commands after it send through that namespace. It ends after {@code -c} packets,
 * at the deadline of {@code timeout SECONDS tcpdump ...} (simulated time), or else with the next
 * command, and then prints tcpdump's count of what it captured.
 *
 * <p>It shows every packet of the flows those commands open ({@link FlowPackets}): curl's whole TCP
 * exchange, an RST or ICMP error for a refused or rejected port, dig's and nslookup's DNS queries
 * and answers, ping's echoes; on every interface of the namespace they cross, with the addresses
 * they have on that wire. VXLAN's outer packet is printed as tcpdump decodes UDP port 8472 (OTV).
 * Hosts and ports are printed as numbers (ports are not looked up in /etc/services even without
 * {@code -nn}).
 *
 * @see <a href="https://www.tcpdump.org/manpages/tcpdump.1.html">tcpdump(1)</a>
 */
final class Tcpdump {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String node;
  private final NetnsName netns;
  private final String iface;
  private final TcpdumpFilter filter;
  private final int limit;
  private final @Nullable Instant deadline;
  private int captured;

  private Tcpdump(
      String node,
      NetnsName netns,
      String iface,
      TcpdumpFilter filter,
      int limit,
      @Nullable Instant deadline) {
    this.node = node;
    this.netns = netns;
    this.iface = iface;
    this.filter = filter;
    this.limit = limit;
    this.deadline = deadline;
  }

  /**
   * Starts a capture in {@code node}'s namespace {@code netns} from tcpdump's {@code args}; {@code
   * timeout} is the bound of {@code timeout N tcpdump}, or null.
   */
  static Tcpdump start(
      Cluster cluster,
      String node,
      NetnsName netns,
      List<String> interfaces,
      List<String> args,
      @Nullable Duration timeout) {
    String iface = "any";
    int limit = 0;
    List<String> expression = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-") || arg.length() == 1) {
        expression.add(arg);
        continue;
      }
      for (int c = 1; c < arg.length(); c++) {
        char flag = arg.charAt(c);
        switch (flag) {
          case 'n', 'l', 'U' -> {
            // numeric output is what ksim prints anyway; output is never buffered here
          }
          case 'i', 'c' -> {
            String value;
            if (c + 1 < arg.length()) {
              value = arg.substring(c + 1);
            } else if (i + 1 < args.size()) {
              value = args.get(++i);
            } else {
              throw new UnsupportedCommandException(
                  "tcpdump: option requires an argument -- '" + flag + "'");
            }
            if (flag == 'i') {
              iface = value;
            } else {
              limit = count(value);
            }
            c = arg.length();
          }
          default -> throw UnsupportedCommandException.option("tcpdump", "-" + flag, KNOWN);
        }
      }
    }
    if (!iface.equals("any") && !interfaces.contains(iface)) {
      throw new UnsupportedCommandException(
          "tcpdump: " + iface + ": No such device exists\n(No such device exists)");
    }
    Instant deadline = timeout == null ? null : cluster.clock().now().plus(timeout);
    return new Tcpdump(node, netns, iface, TcpdumpFilter.parse(expression), limit, deadline);
  }

  /** The options ksim's tcpdump takes, for the message about one it does not. */
  static final String KNOWN = "-i IFACE|any, -c COUNT, -n, -nn, -l, -U and a filter";

  private static int count(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below as tcpdump does
    }
    throw new UnsupportedCommandException("tcpdump: invalid packet count " + value);
  }

  /** What tcpdump prints on stderr as it starts. */
  String banner() {
    if (iface.equals("any")) {
      return "tcpdump: data link type LINUX_SLL2\n"
          + "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
          + "listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144"
          + " bytes\n";
    }
    return "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
        + "listening on "
        + iface
        + ", link-type EN10MB (Ethernet), snapshot length 262144 bytes\n";
  }

  /** Whether the capture's {@code timeout} has passed at {@code now}. */
  boolean expired(Instant now) {
    return deadline != null && now.isAfter(deadline);
  }

  /** Whether neither {@code -c} nor {@code timeout} bounds it: it ends with the next command. */
  boolean unbounded() {
    return limit == 0 && deadline == null;
  }

  /** Whether {@code -c} packets have been captured. */
  boolean full() {
    return limit > 0 && captured >= limit;
  }

  /** The lines for the packets of {@code flows} this capture sees, until its count is reached. */
  String capture(Cluster cluster, List<Flow> flows) {
    StringBuilder out = new StringBuilder();
    String time = TIME.format(cluster.clock().now());
    int echoId = flows.isEmpty() ? 0 : 1 + cluster.random().nextInt(0xffff);
    for (Flow flow : flows) {
      PacketWalk.Paths paths = PacketWalk.of(flow.trace(), node, netns);
      IpAddress errorSource = errorSource(cluster, flow.trace(), paths.arrival());
      for (CapturedPacket packet :
          FlowPackets.of(flow, paths, cluster.random(), errorSource, echoId)) {
        if (full()) {
          return out.toString();
        }
        if ((iface.equals("any") || iface.equals(packet.iface())) && filter.matches(packet)) {
          captured++;
          out.append(time).append(' ');
          if (iface.equals("any")) {
            out.append(
                String.format(
                    Locale.ROOT, "%-5s %-3s ", packet.iface(), packet.outbound() ? "Out" : "In"));
          }
          out.append(packet.source().ip().family() == IpFamily.IPV6 ? "IP6 " : "IP ")
              .append(Wire.shown(packet.source(), packet.protocol()))
              .append(" > ")
              .append(Wire.shown(packet.destination(), packet.protocol()))
              .append(": ")
              .append(packet.contents())
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  /**
   * The address an ICMP error about {@code trace}'s first packet comes from: the kernel that
   * refused or rejected it answers from its address on the interface the packet came in by, or, for
   * a packet it sent itself, from that packet's source.
   */
  private static IpAddress errorSource(
      Cluster cluster, Trace trace, PacketWalk.@Nullable Arrival arrival) {
    if (arrival == null) {
      return trace.source().ip();
    }
    IpFamily family = trace.source().ip().family();
    return cluster.namespaces().namespaces().stream()
        .filter(n -> n.node().equals(arrival.node()) && n.name().equals(arrival.netns()))
        .flatMap(n -> n.addresses(arrival.iface()).stream())
        .map(InterfaceAddress::address)
        .filter(a -> a.family() == family)
        .findFirst()
        .orElse(trace.destination().ip());
  }

  /** What tcpdump prints on stderr when it ends. */
  String summary() {
    return captured
        + (captured == 1 ? " packet" : " packets")
        + " captured\n"
        + captured
        + (captured == 1 ? " packet" : " packets")
        + " received by filter\n0 packets dropped by kernel\n";
  }
}
