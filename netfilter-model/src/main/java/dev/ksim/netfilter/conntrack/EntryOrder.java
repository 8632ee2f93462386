package dev.ksim.netfilter.conntrack;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The conntrack table's slots in id order, for listings and the garbage collector: one array, as
 * ids only grow and an entry is nearly always confirmed after every older one, so adding one is
 * appending it. A removed slot stays in its place, marked, until the array is next full, when the
 * live ones are moved together (or, when most are live, the array grows): no tree of boxed ids to
 * rebalance on each connection that opens or closes, and a walk resumes by one binary search.
 */
final class EntryOrder {
  private Slot[] slots = new Slot[16];

  /** The slots in use are {@code slots[0, end)}, removed ones among them. */
  private int end;

  /** How many of them are not removed. */
  private int held;

  /** The slot of {@code id} (removed or not), or null when the array holds none. */
  @Nullable Slot find(long id) {
    if (end == 0 || slots[end - 1].id < id) {
      // a new entry's id: after every one held (what nearly every confirm asks)
      return null;
    }
    int at = search(id);
    return at >= 0 ? slots[at] : null;
  }

  /** Adds a slot for {@code entry}, whose id has none. */
  Slot add(ConntrackEntry entry) {
    Slot slot = new Slot(entry);
    if (end == slots.length) {
      makeRoom();
    }
    if (end == 0 || slots[end - 1].id < slot.id) {
      slots[end++] = slot;
    } else {
      // confirmed after a younger entry: its place in id order
      int at = -search(slot.id) - 1;
      System.arraycopy(slots, at, slots, at + 1, end - at);
      slots[at] = slot;
      end++;
    }
    held++;
    return slot;
  }

  /** Marks {@code slot}, held here, removed. */
  void remove(Slot slot) {
    slot.removed = true;
    held--;
  }

  /** Gives a removed slot back its place (its id was added again). */
  void restore(Slot slot, ConntrackEntry entry) {
    slot.hold(entry);
    slot.removed = false;
    held++;
  }

  /** The position of the first slot whose id is {@code id} or more ({@link #end} if none). */
  int from(long id) {
    int at = search(id);
    return at >= 0 ? at : -at - 1;
  }

  /** The end of the positions in use. */
  int end() {
    return end;
  }

  /** The slot at {@code position} (below {@link #end}), which may be removed. */
  Slot at(int position) {
    return slots[position];
  }

  /** How many slots are not removed. */
  int size() {
    return held;
  }

  /** Hands each slot that is not removed to {@code action}, in id order. */
  void forEach(Consumer<Slot> action) {
    for (int i = 0; i < end; i++) {
      if (!slots[i].removed) {
        action.accept(slots[i]);
      }
    }
  }

  /** Forgets every slot. */
  void clear() {
    slots = new Slot[16];
    end = 0;
    held = 0;
  }

  /** {@link Arrays#binarySearch}'s answer for {@code id} among the slots in use. */
  private int search(long id) {
    int low = 0;
    int high = end - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long at = slots[mid].id;
      if (at < id) {
        low = mid + 1;
      } else if (at > id) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  /** A full array: the live slots moved together when half or more are removed, else grown. */
  private void makeRoom() {
    if (held * 2 > end) {
      slots = Arrays.copyOf(slots, slots.length * 2);
      return;
    }
    int kept = 0;
    for (int i = 0; i < end; i++) {
      if (!slots[i].removed) {
        slots[kept++] = slots[i];
      }
    }
    Arrays.fill(slots, kept, end, null);
    end = kept;
  }
}
