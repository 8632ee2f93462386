package dev.ksim.cni;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out pod addresses from one node's pod range as host-local does: the first address after the
 * network address is the bridge gateway, and allocation continues after the last address handed out
 * (wrapping around), so a released address is not reused until the range has been gone through.
 */
public final class HostLocalIpam {
  private final Cidr range;
  private final Set<IpAddress> used = new HashSet<>();
  private final long lastOffset;
  private long cursor;

  public HostLocalIpam(Cidr range) {
    this.range = range;
    BigInteger size = range.size();
    long usable = size.min(BigInteger.valueOf(1L << 40)).longValue();
    this.lastOffset = range.family() == IpFamily.IPV4 ? usable - 2 : usable - 1;
    this.cursor = 1;
  }

  public Cidr range() {
    return range;
  }

  /** The bridge's address in this range (host-local's default gateway). */
  public IpAddress gateway() {
    return range.address(1);
  }

  /** The next free address, or empty when the range is exhausted. */
  public Optional<IpAddress> allocate() {
    long span = lastOffset - 1;
    for (long i = 0; i < span; i++) {
      cursor = cursor >= lastOffset ? 2 : cursor + 1;
      IpAddress candidate = range.address(cursor);
      if (used.add(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Marks a given address used (a pod that already has one); false when it is taken. */
  public boolean reserve(IpAddress address) {
    return range.contains(address) && used.add(address);
  }

  public void release(IpAddress address) {
    used.remove(address);
  }
}
