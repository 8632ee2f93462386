package dev.ksim.netfilter.conntrack;

import java.time.Duration;

/**
 * TCP connection states as conntrack tracks them, with the kernel's default timeouts ({@code
 * net.netfilter.nf_conntrack_tcp_timeout_*}).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_conntrack_proto_tcp.c">nf_conntrack_proto_tcp.c</a>
 */
public enum TcpState {
  SYN_SENT(Duration.ofMinutes(2)),
  SYN_RECV(Duration.ofSeconds(60)),
  ESTABLISHED(Duration.ofDays(5)),
  FIN_WAIT(Duration.ofMinutes(2)),
  CLOSE_WAIT(Duration.ofSeconds(60)),
  LAST_ACK(Duration.ofSeconds(30)),
  TIME_WAIT(Duration.ofMinutes(2)),
  CLOSE(Duration.ofSeconds(10));

  private final Duration timeout;

  TcpState(Duration timeout) {
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
