package dev.ksim.netfilter.match;

import dev.ksim.net.Protocol;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code -m icmp --icmp-type type[/code]}; code -1 means any code.
 *
 * @param type the ICMP type
 * @param code the ICMP code, or -1 for any
 * @param negated {@code ! --icmp-type}
 */
public record IcmpMatch(int type, int code, boolean negated) implements Match {
  /** The names iptables accepts and prints (a subset of libxt_icmp's table). */
  public static final Map<String, int[]> NAMES =
      Map.ofEntries(
          Map.entry("echo-reply", new int[] {0, -1}),
          Map.entry("destination-unreachable", new int[] {3, -1}),
          Map.entry("network-unreachable", new int[] {3, 0}),
          Map.entry("host-unreachable", new int[] {3, 1}),
          Map.entry("protocol-unreachable", new int[] {3, 2}),
          Map.entry("port-unreachable", new int[] {3, 3}),
          Map.entry("fragmentation-needed", new int[] {3, 4}),
          Map.entry("host-prohibited", new int[] {3, 10}),
          Map.entry("source-quench", new int[] {4, -1}),
          Map.entry("redirect", new int[] {5, -1}),
          Map.entry("echo-request", new int[] {8, -1}),
          Map.entry("time-exceeded", new int[] {11, -1}),
          Map.entry("parameter-problem", new int[] {12, -1}),
          Map.entry("timestamp-request", new int[] {13, -1}),
          Map.entry("timestamp-reply", new int[] {14, -1}));

  @Override
  public boolean matches(MatchContext context) {
    var packet = context.packet();
    if (packet.protocol() != Protocol.ICMP) {
      return false;
    }
    boolean hit = packet.icmpType() == type && (code < 0 || packet.icmpCode() == code);
    return hit != negated;
  }

  @Override
  public String save() {
    return "-m icmp "
        + (negated ? "! " : "")
        + "--icmp-type "
        + (code < 0 ? type : type + "/" + code);
  }

  @Override
  public String list(boolean numeric) {
    if (!numeric) {
      for (Map.Entry<String, int[]> e : new TreeMap<>(NAMES).entrySet()) {
        if (e.getValue()[0] == type && e.getValue()[1] == code) {
          return "icmp " + (negated ? "!" : "") + e.getKey();
        }
      }
    }
    return "icmptype " + (negated ? "!" : "") + type + (code < 0 ? "" : " code " + code);
  }
}
