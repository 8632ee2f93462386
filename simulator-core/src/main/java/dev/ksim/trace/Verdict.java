package dev.ksim.trace;

/** How a traced packet ended, as the command-line contract's {@code verdict} names it. */
public enum Verdict {
  /** A listening socket got it, or it left for the world outside, which answers. */
  DELIVERED,
  /** A rule or policy discarded it (or the kernel did): the client times out. */
  DROPPED,
  /** A REJECT rule answered with an ICMP error or a TCP reset. */
  REJECTED,
  /** It reached a host or pod where nothing listens: TCP reset or ICMP port unreachable. */
  REFUSED,
  /** No route, or no host at the address. */
  UNREACHABLE;

  /** Whether the client got through. */
  public boolean isSuccessful() {
    return this == DELIVERED;
  }
}
