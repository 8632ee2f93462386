package dev.ksim.ipvs;

import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code net.ipv4.vs.*} sysctls that change what IPVS does with packets (they apply to both
 * families; IPVS has no net.ipv6.vs).
 *
 * @param conntrack {@code conntrack}: IPVS keeps its connections in netfilter's conntrack (the
 *     reply tuple follows the real server), so iptables NAT and conntrack matches see them
 * @param expireNodestConn {@code expire_nodest_conn}: a packet of a connection whose real server
 *     was removed expires the connection (and is scheduled anew) instead of being dropped
 * @param expireQuiescentTemplate {@code expire_quiescent_template}: a persistence template whose
 *     server has weight 0 is no longer used
 * @param connReuseMode {@code conn_reuse_mode}: with bit 0 set a SYN reusing the port of a
 *     connection in TIME_WAIT is scheduled anew
 * @see <a href="https://www.kernel.org/doc/html/latest/networking/ipvs-sysctl.html">ipvs-sysctl</a>
 */
public record IpvsSysctls(
    boolean conntrack,
    boolean expireNodestConn,
    boolean expireQuiescentTemplate,
    int connReuseMode) {
  /** The kernel's defaults. */
  public static final IpvsSysctls DEFAULTS = new IpvsSysctls(false, false, false, 1);

  /** The values a kernel's sysctl table holds, the defaults for those it does not. */
  public static IpvsSysctls from(Function<String, Optional<String>> sysctl) {
    return new IpvsSysctls(
        flag(sysctl, "conntrack", DEFAULTS.conntrack),
        flag(sysctl, "expire_nodest_conn", DEFAULTS.expireNodestConn),
        flag(sysctl, "expire_quiescent_template", DEFAULTS.expireQuiescentTemplate),
        number(sysctl, "conn_reuse_mode", DEFAULTS.connReuseMode));
  }

  private static boolean flag(
      Function<String, Optional<String>> sysctl, String name, boolean fallback) {
    return number(sysctl, name, fallback ? 1 : 0) != 0;
  }

  private static int number(Function<String, Optional<String>> sysctl, String name, int fallback) {
    return sysctl
        .apply("net.ipv4.vs." + name)
        .map(String::strip)
        .filter(v -> v.matches("-?\\d{1,9}"))
        .map(Integer::parseInt)
        .orElse(fallback);
  }
}
