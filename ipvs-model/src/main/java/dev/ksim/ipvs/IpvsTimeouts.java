package dev.ksim.ipvs;

import java.util.EnumMap;
import java.util.Map;

/**
 * The connection timeouts of one IPVS (per network namespace): every TCP state's, UDP's and SCTP's.
 * {@code ipvsadm --set tcp tcpfin udp} changes ESTABLISHED, FIN_WAIT and UDP; 0 leaves a value as
 * it is.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_ctl.c">ip_vs_ctl.c
 *     (ip_vs_set_timeout)</a>
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_proto_udp.c">ip_vs_proto_udp.c
 *     (udp_timeouts: 5 minutes)</a>
 */
public final class IpvsTimeouts {
  /** UDP's one state, {@code IP_VS_UDP_S_NORMAL}. */
  public static final int UDP_DEFAULT_SECONDS = 5 * 60;

  /** An SCTP association once established ({@code IP_VS_SCTP_S_ESTABLISHED}, 15 min). */
  public static final int SCTP_ESTABLISHED_SECONDS = 15 * 60;

  private final Map<IpvsTcpState, Integer> tcp = new EnumMap<>(IpvsTcpState.class);
  private int udp = UDP_DEFAULT_SECONDS;

  public IpvsTimeouts() {
    for (IpvsTcpState state : IpvsTcpState.values()) {
      tcp.put(state, state.defaultTimeoutSeconds());
    }
  }

  public int tcp(IpvsTcpState state) {
    return tcp.getOrDefault(state, 2);
  }

  public int udp() {
    return udp;
  }

  /** What {@code ipvsadm --set} does; a value of 0 is left unchanged. */
  public void set(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {
    if (tcpSeconds > 0) {
      tcp.put(IpvsTcpState.ESTABLISHED, tcpSeconds);
    }
    if (tcpFinSeconds > 0) {
      tcp.put(IpvsTcpState.FIN_WAIT, tcpFinSeconds);
    }
    if (udpSeconds > 0) {
      udp = udpSeconds;
    }
  }
}
