package dev.ksim.apiserver;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one type's objects by key: an open-addressed hash table (linear probing) of
 * entries that hold their own key, with each entry's hash kept in an array beside them. A {@code
 * HashMap} holds a node of its own for each entry, which lives as long as the object: half a
 * million Events and a hundred thousand pods in a large settle, each node copied through the young
 * collections, and each lookup of a fresh name (an Event's, a generated pod name's) reading nodes
 * of other keys. Here a lookup reads the hashes until it meets its own or an empty place, and a
 * removal shifts the entries after it back (no tombstones). Iterated only in no defined order.
 *
 * @param <V> the entries, each knowing its key
 */
final class KeyTable<V extends KeyTable.Keyed> {
  /** An entry of the table: it knows its key, which never changes. */
  interface Keyed {
    ObjectKey key();
  }

  private static final int FIRST_BITS = 4;

  /** Each place's entry's hash, never 0; 0 where the place is free. */
  private int[] hashes = new int[1 << FIRST_BITS];

  private @Nullable Keyed[] entries = new Keyed[1 << FIRST_BITS];

  /** How many bits of a hash choose its home place: the table holds 2^bits places. */
  private int bits = FIRST_BITS;

  private int size;

  /** The entry of {@code key}, if any. */
  @Nullable V get(ObjectKey key) {
    int hash = hash(key);
    int mask = hashes.length - 1;
    for (int i = home(hash); ; i = (i + 1) & mask) {
      int held = hashes[i];
      if (held == 0) {
        return null;
      }
      if (held == hash) {
        V entry = entryAt(i);
        if (entry.key().equals(key)) {
          return entry;
        }
      }
    }
  }

  /** Adds {@code entry} unless its key has one already, which is then returned. */
  @Nullable V putIfAbsent(V entry) {
    ObjectKey key = entry.key();
    int hash = hash(key);
    int mask = hashes.length - 1;
    int i = home(hash);
    for (; hashes[i] != 0; i = (i + 1) & mask) {
      if (hashes[i] == hash) {
        V held = entryAt(i);
        if (held.key().equals(key)) {
          return held;
        }
      }
    }
    hashes[i] = hash;
    entries[i] = entry;
    if (++size > hashes.length >>> 1) {
      grow();
    }
    return null;
  }

  /** Removes the entry of {@code key}, if any, and returns it. */
  @Nullable V remove(ObjectKey key) {
    int hash = hash(key);
    int mask = hashes.length - 1;
    for (int i = home(hash); hashes[i] != 0; i = (i + 1) & mask) {
      if (hashes[i] == hash) {
        V held = entryAt(i);
        if (held.key().equals(key)) {
          closeGap(i);
          size--;
          return held;
        }
      }
    }
    return null;
  }

  /** Hands every entry to {@code action}, in no defined order. */
  void forEach(Consumer<V> action) {
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] != 0) {
        action.accept(entryAt(i));
      }
    }
  }

  int size() {
    return size;
  }

  /**
   * Empties place {@code gap}, moving back each later entry of its run whose home is not between
   * the gap and it, so that every entry stays reachable from its home without crossing a free
   * place.
   */
  private void closeGap(int gap) {
    int mask = hashes.length - 1;
    int free = gap;
    for (int i = (free + 1) & mask; hashes[i] != 0; i = (i + 1) & mask) {
      int home = home(hashes[i]);
      // the entry at i may fill the free place unless its home lies cyclically in (free, i]
      boolean homeAfterFree = free <= i ? free < home && home <= i : free < home || home <= i;
      if (!homeAfterFree) {
        hashes[free] = hashes[i];
        entries[free] = entries[i];
        free = i;
      }
    }
    hashes[free] = 0;
    entries[free] = null;
  }

  private void grow() {
    int[] oldHashes = hashes;
    @Nullable Keyed[] oldEntries = entries;
    bits++;
    hashes = new int[1 << bits];
    entries = new Keyed[1 << bits];
    int mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      int hash = oldHashes[j];
      if (hash != 0) {
        int i = home(hash);
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = hash;
        entries[i] = oldEntries[j];
      }
    }
  }

  /** The key's hash, spread over all bits (Fibonacci hashing) and never 0. */
  private static int hash(ObjectKey key) {
    int spread = key.hashCode() * 0x9e3779b9;
    return spread == 0 ? 1 : spread;
  }

  /** The place a hash is looked for first: its top bits. */
  private int home(int hash) {
    return hash >>> (32 - bits);
  }

  /** The entry at a place whose hash is not 0, which holds one. */
  @SuppressWarnings("unchecked") // only Vs are put in
  private V entryAt(int i) {
    return (V) Objects.requireNonNull(entries[i]);
  }
}
