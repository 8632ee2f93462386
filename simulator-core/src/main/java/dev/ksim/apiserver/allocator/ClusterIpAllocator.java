package dev.ksim.apiserver.allocator;

import dev.ksim.apiserver.UndoLog;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.sim.SimRandom;
import java.util.Optional;

/**
 * Allocates Service ClusterIPs of one family from the service CIDR. The network address (and for
 * IPv4 the broadcast address) is never handed out; the first usable address belongs to the {@code
 * kubernetes} Service. Ranges larger than 2^20 addresses are capped, as upstream caps its bitmap.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/ipallocator/bitmap.go">ipallocator/bitmap.go</a>
 */
public final class ClusterIpAllocator {
  private static final int MAX_SIZE = 1 << 20;

  private final Cidr cidr;
  private final RangeAllocator bitmap;

  public ClusterIpAllocator(Cidr cidr, SimRandom random) {
    this.cidr = cidr;
    long addresses = cidr.size().min(java.math.BigInteger.valueOf(MAX_SIZE + 2L)).longValue();
    int size = (int) Math.max(0, addresses - (cidr.family() == IpFamily.IPV4 ? 2 : 1));
    this.bitmap = new RangeAllocator(Math.max(size, 1), staticBand(size), random);
  }

  /** {@code min(max(16, size/16), 256)}: the band kept for user-chosen addresses (KEP-3070). */
  private static int staticBand(int size) {
    return Math.min(Math.max(16, size / 16), 256);
  }

  public Cidr cidr() {
    return cidr;
  }

  /** The result of asking for a specific address. */
  public enum Outcome {
    ALLOCATED,
    NOT_IN_RANGE,
    ALREADY_ALLOCATED
  }

  /** Reserves {@code address}. */
  public Outcome allocate(IpAddress address, UndoLog undo) {
    int index = indexOf(address);
    if (index < 0) {
      return Outcome.NOT_IN_RANGE;
    }
    return bitmap.allocate(index, undo) ? Outcome.ALLOCATED : Outcome.ALREADY_ALLOCATED;
  }

  /** Picks and reserves a free address; empty when the range is full. */
  public Optional<IpAddress> allocateNext(UndoLog undo) {
    var index = bitmap.allocateNext(undo);
    return index.isPresent() ? Optional.of(cidr.address(index.getAsInt() + 1L)) : Optional.empty();
  }

  /** Frees {@code address} (no-op when it is outside the range). */
  public void release(IpAddress address, UndoLog undo) {
    int index = indexOf(address);
    if (index >= 0) {
      bitmap.release(index, undo);
    }
  }

  private int indexOf(IpAddress address) {
    if (!cidr.contains(address)) {
      return -1;
    }
    long index = cidr.offsetOf(address) - 1;
    return index < 0 || index >= bitmap.size() ? -1 : (int) index;
  }
}
