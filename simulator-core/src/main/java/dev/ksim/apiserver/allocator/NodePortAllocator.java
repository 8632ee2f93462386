package dev.ksim.apiserver.allocator;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.apiserver.UndoLog;
import dev.ksim.sim.SimRandom;
import java.util.OptionalInt;

/**
 * Allocates NodePorts from the API server's {@code --service-node-port-range} (default
 * 30000-32767), with the static band of KEP-3668.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/portallocator/allocator.go">portallocator/allocator.go</a>
 */
public final class NodePortAllocator {
  private final int base;
  private final int last;
  private final RangeAllocator bitmap;

  public NodePortAllocator(int base, int last, SimRandom random) {
    checkArgument(base > 0 && last >= base && last <= 65535, "bad port range %s-%s", base, last);
    this.base = base;
    this.last = last;
    int size = last - base + 1;
    this.bitmap = new RangeAllocator(size, Math.min(Math.max(16, size / 32), 128), random);
  }

  /** The range as the API server prints it, {@code 30000-32767}. */
  public String rangeText() {
    return base + "-" + last;
  }

  public boolean contains(int port) {
    return port >= base && port <= last;
  }

  /** Reserves {@code port}; false when it is in use. The caller checks the range first. */
  public boolean allocate(int port, UndoLog undo) {
    checkArgument(contains(port), "port %s outside %s", port, rangeText());
    return bitmap.allocate(port - base, undo);
  }

  /** Picks and reserves a free port; empty when the range is full. */
  public OptionalInt allocateNext(UndoLog undo) {
    OptionalInt index = bitmap.allocateNext(undo);
    return index.isPresent() ? OptionalInt.of(base + index.getAsInt()) : OptionalInt.empty();
  }

  public void release(int port, UndoLog undo) {
    if (contains(port)) {
      bitmap.release(port - base, undo);
    }
  }
}
