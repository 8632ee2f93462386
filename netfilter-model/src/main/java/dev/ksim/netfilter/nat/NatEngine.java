package dev.ksim.netfilter.nat;

import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackTable;
import dev.ksim.netfilter.conntrack.CtStatus;
import dev.ksim.netfilter.conntrack.Tuple;
import dev.ksim.netfilter.hook.RandomSource;
import dev.ksim.netfilter.target.NatRange;
import dev.ksim.netfilter.target.NatRequest;

/**
 * Binds a connection to a NAT: the new address comes from the range (or the interface for
 * MASQUERADE and REDIRECT), the port is kept when the resulting tuple is unused and the port is in
 * range, otherwise the range is searched from an offset (random with {@code --random} and {@code
 * --random-fully}, which also draws when the port was free).
 */
public final class NatEngine {
  private NatEngine() {}

  /**
   * The entry with its reply tuple rewritten for {@code request}.
   *
   * @param address the address to use when the range has none (the interface's)
   */
  public static ConntrackEntry bind(
      ConntrackEntry entry,
      NatRequest request,
      IpAddress address,
      ConntrackTable table,
      RandomSource random,
      long now) {
    NatRange range = request.range();
    IpAddress ip = range.minIp() != null ? range.minIp() : address;
    Tuple reply = entry.reply();
    if (!request.source()) {
      int port =
          range.hasPorts()
              ? pickDestinationPort(range, entry.original().destinationPort())
              : entry.original().destinationPort();
      return entry.withReply(reply.withSource(ip, port), CtStatus.DST_NAT);
    }
    int original = entry.original().sourcePort();
    boolean hasPorts = entry.protocol().hasPorts();
    if (!hasPorts) {
      return entry.withReply(reply.withDestination(ip, original), CtStatus.SRC_NAT);
    }
    int min;
    int max;
    if (range.hasPorts()) {
      min = range.minPort();
      max = range.maxPort();
    } else if (original < 512) {
      min = 1;
      max = 511;
    } else if (original < 1024) {
      min = 600;
      max = 1023;
    } else {
      min = 1024;
      max = 65535;
    }
    boolean randomAll = request.random() || request.randomFully();
    if (!request.randomFully() && original >= min && original <= max) {
      Tuple candidate = reply.withDestination(ip, original);
      if (!table.isReplyTaken(candidate, now)) {
        return entry.withReply(candidate, CtStatus.SRC_NAT);
      }
    }
    int span = max - min + 1;
    int offset =
        randomAll
            ? Math.floorMod(random.nextInt(), span)
            : Math.floorMod(entry.original().hashCode(), span);
    for (int i = 0; i < span; i++) {
      int port = min + (offset + i) % span;
      Tuple candidate = reply.withDestination(ip, port);
      if (!table.isReplyTaken(candidate, now)) {
        return entry.withReply(candidate, CtStatus.SRC_NAT);
      }
    }
    return entry.withReply(reply.withDestination(ip, original), CtStatus.SRC_NAT);
  }

  /** DNAT keeps the port when it is inside the range, else takes the first port of it. */
  private static int pickDestinationPort(NatRange range, int original) {
    return original >= range.minPort()
            && original <= range.maxPort()
            && range.minPort() != range.maxPort()
        ? original
        : range.minPort();
  }
}
