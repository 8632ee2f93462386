package dev.ksim.netfilter.conntrack;

import dev.ksim.net.Protocol;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One tracked connection: its original tuple (as the first packet was), its reply tuple (what a
 * reply looks like after NAT: a DNAT changes its source, an SNAT its destination), state, status
 * and when it expires.
 *
 * @param id creation order, for stable listings
 * @param original the original direction
 * @param reply the expected reply direction
 * @param tcpState TCP state, null for other protocols
 * @param status status bits
 * @param expiresAtMillis simulated time of expiry
 * @param mark the connection mark
 */
public record ConntrackEntry(
    long id,
    Tuple original,
    Tuple reply,
    @Nullable TcpState tcpState,
    Set<CtStatus> status,
    long expiresAtMillis,
    long mark) {

  public ConntrackEntry {
    status = StatusSet.of(status);
  }

  public Protocol protocol() {
    return original.protocol();
  }

  public boolean has(CtStatus flag) {
    return status.contains(flag);
  }

  public ConntrackEntry withReply(Tuple newReply, CtStatus natFlag) {
    return new ConntrackEntry(
        id, original, newReply, tcpState, StatusSet.with(status, natFlag), expiresAtMillis, mark);
  }

  /**
   * The entry with {@code state}, {@code flags} and {@code expiresAt}: itself when they are its
   * own, as for most packets of an exchange, which all come at one simulated instant.
   */
  public ConntrackEntry with(@Nullable TcpState state, Set<CtStatus> flags, long expiresAt) {
    if (state == tcpState && expiresAt == expiresAtMillis && flags.equals(status)) {
      return this;
    }
    return new ConntrackEntry(id, original, reply, state, flags, expiresAt, mark);
  }

  /** Whether the original tuple's destination was rewritten. */
  public boolean isDestinationNatted() {
    return status.contains(CtStatus.DST_NAT);
  }

  /** Whether the original tuple's source was rewritten. */
  public boolean isSourceNatted() {
    return status.contains(CtStatus.SRC_NAT);
  }
}
