package dev.ksim.dnsport;

import com.google.common.base.Preconditions;
import java.time.Duration;

/**
 * How long a TCP connection may take, as CoreDNS's server sets them on miekg/dns (coredns v1.12.1
 * {@code core/dnsserver/server.go}: read 3 s, write 5 s, idle 10 s): the first query must arrive
 * whole within {@code read}, each later one within {@code idle} of the last reply, and a reply must
 * be written within {@code write}; a connection is closed after {@code maxQueries} queries
 * (miekg/dns's limit of queries per connection, 128). A client that trickles its bytes or never
 * sends them holds its connection for one of these spans at most, so slow clients cannot starve the
 * port.
 */
public record TcpTimeouts(Duration read, Duration write, Duration idle, int maxQueries) {
  /** CoreDNS's defaults. */
  public static final TcpTimeouts COREDNS =
      new TcpTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10), 128);

  public TcpTimeouts {
    Preconditions.checkArgument(!read.isNegative() && !read.isZero(), "read must be positive");
    Preconditions.checkArgument(!write.isNegative() && !write.isZero(), "write must be positive");
    Preconditions.checkArgument(!idle.isNegative() && !idle.isZero(), "idle must be positive");
    Preconditions.checkArgument(maxQueries > 0, "maxQueries must be positive: %s", maxQueries);
  }
}
