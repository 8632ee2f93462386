package dev.ksim.apiserver.allocator;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.apiserver.UndoLog;
import dev.ksim.sim.SimRandom;
import java.util.BitSet;
import java.util.OptionalInt;

/**
 * A bitmap of {@code size} items where the first {@code offset} items form the static band: random
 * allocation scans the upper band from a random start and falls back to the static band only when
 * the upper band is full, as upstream's {@code randomScanStrategyWithOffset} does.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/allocator/bitmap.go">allocator/bitmap.go</a>
 */
final class RangeAllocator {
  private final int size;
  private final int offset;
  private final BitSet used;
  private final SimRandom random;

  RangeAllocator(int size, int offset, SimRandom random) {
    checkArgument(size > 0, "size must be positive: %s", size);
    this.size = size;
    this.offset = Math.min(offset, size);
    this.used = new BitSet(size);
    this.random = random;
  }

  int size() {
    return size;
  }

  boolean isUsed(int index) {
    return used.get(index);
  }

  /** Marks {@code index} used; false when it already was. */
  boolean allocate(int index, UndoLog undo) {
    if (used.get(index)) {
      return false;
    }
    used.set(index);
    undo.add(() -> used.clear(index));
    return true;
  }

  /** Picks a free index, upper band first; empty when the range is full. */
  OptionalInt allocateNext(UndoLog undo) {
    OptionalInt found = scan(offset, size);
    if (found.isEmpty()) {
      found = scan(0, offset);
    }
    found.ifPresent(i -> allocate(i, undo));
    return found;
  }

  private OptionalInt scan(int from, int to) {
    if (from >= to) {
      return OptionalInt.empty();
    }
    int start = from + random.nextInt(to - from);
    int next = used.nextClearBit(start);
    if (next < to) {
      return OptionalInt.of(next);
    }
    next = used.nextClearBit(from);
    return next < start ? OptionalInt.of(next) : OptionalInt.empty();
  }

  void release(int index, UndoLog undo) {
    if (used.get(index)) {
      used.clear(index);
      undo.add(() -> used.set(index));
    }
  }
}
