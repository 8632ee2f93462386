package dev.ksim.netfilter.conntrack;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The table's slots by both their tuples, as a map from tuple to slot would hold them (a tuple
 * indexed again for a later slot is that slot's alone), in a hash whose chains run through the
 * slots themselves, as the kernel's {@code nf_conntrack_hash} chains the tuple hashes embedded in
 * its entries: a packet's lookup reads the bucket array, then the slots of one chain, each with its
 * tuples' hashes beside their links, where a map of the same pairs read a bucket, a node, its key
 * and the slot (and allocated two nodes per entry for the garbage collector to copy).
 *
 * <p>A slot whose two tuples fall into one bucket is in that chain once, linked by its original
 * tuple's link; otherwise each tuple links it into its own bucket's chain.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_conntrack_core.c">nf_conntrack_core.c
 *     __nf_conntrack_find_get, hash_conntrack_raw</a>
 */
final class TupleIndex {
  private static final int INITIAL_BITS = 4;

  /** Fibonacci hashing's multiplier (2^32 over the golden ratio): a bucket from the hash's bits. */
  private static final int SPREAD = 0x9E3779B9;

  private @Nullable Slot[] buckets = new Slot[1 << INITIAL_BITS];
  private int shift = Integer.SIZE - INITIAL_BITS;

  /** How many tuples are indexed; the buckets double when they exceed three quarters of them. */
  private int keys;

  /** The slot {@code tuple} is indexed for, or null. */
  @Nullable Slot find(Tuple tuple) {
    int hash = tuple.hashCode();
    int bucket = bucket(hash);
    Slot slot = buckets[bucket];
    while (slot != null) {
      boolean byOriginal = slot.originalIndexed && bucket(slot.originalHash) == bucket;
      if (byOriginal && slot.originalHash == hash && slot.original.equals(tuple)) {
        return slot;
      }
      if (slot.replyIndexed && slot.replyHash == hash && slot.reply.equals(tuple)) {
        return slot;
      }
      slot = byOriginal ? slot.nextByOriginal : slot.nextByReply;
    }
    return null;
  }

  /**
   * Indexes {@code slot}, which is not indexed, by its entry's tuples; a slot indexed for an equal
   * tuple before is no longer found by it.
   */
  void add(Slot slot) {
    ConntrackEntry entry = slot.entry();
    slot.original = entry.original();
    slot.reply = entry.reply();
    slot.originalHash = slot.original.hashCode();
    slot.replyHash = slot.reply.hashCode();
    evict(slot.original, slot.originalHash);
    link(slot, true);
    if (!slot.reply.equals(slot.original)) {
      evict(slot.reply, slot.replyHash);
      link(slot, false);
    }
    if (keys > buckets.length - (buckets.length >> 2)) {
      grow();
    }
  }

  /** Takes {@code slot}'s indexed tuples out of the index. */
  void remove(Slot slot) {
    if (slot.originalIndexed) {
      unlink(slot, true);
    }
    if (slot.replyIndexed) {
      unlink(slot, false);
    }
  }

  /** Forgets every slot. */
  void clear() {
    buckets = new Slot[1 << INITIAL_BITS];
    shift = Integer.SIZE - INITIAL_BITS;
    keys = 0;
  }

  private int bucket(int hash) {
    return (hash * SPREAD) >>> shift;
  }

  /** Unlinks the tuple equal to {@code tuple} another slot is indexed for, if any. */
  private void evict(Tuple tuple, int hash) {
    Slot holder = find(tuple);
    if (holder != null) {
      unlink(
          holder,
          holder.originalIndexed && holder.originalHash == hash && holder.original.equals(tuple));
    }
  }

  /**
   * Links {@code slot} into the chain of its original tuple's bucket, or of its reply tuple's. The
   * original is linked first ({@link #add}, {@link #grow}): a reply that falls into the original's
   * bucket finds the slot in that chain already, and the chain runs on by the original's link.
   */
  private void link(Slot slot, boolean original) {
    keys++;
    if (original) {
      int bucket = bucket(slot.originalHash);
      slot.originalIndexed = true;
      slot.nextByOriginal = buckets[bucket];
      buckets[bucket] = slot;
      return;
    }
    int bucket = bucket(slot.replyHash);
    slot.replyIndexed = true;
    if (isLinkedByOriginal(slot, bucket)) {
      slot.nextByReply = null;
      return;
    }
    slot.nextByReply = buckets[bucket];
    buckets[bucket] = slot;
  }

  /** Takes {@code slot}'s original tuple, or its reply tuple, out of its bucket's chain. */
  private void unlink(Slot slot, boolean original) {
    int bucket = bucket(original ? slot.originalHash : slot.replyHash);
    boolean otherHere = original ? isLinkedByReply(slot, bucket) : isLinkedByOriginal(slot, bucket);
    @Nullable Slot next = original ? slot.nextByOriginal : slot.nextByReply;
    if (original) {
      slot.originalIndexed = false;
      slot.nextByOriginal = null;
    } else {
      slot.replyIndexed = false;
      slot.nextByReply = null;
    }
    keys--;
    if (otherHere) {
      // the slot stays in this chain by its other tuple, which now holds the link on
      if (original) {
        slot.nextByReply = next;
      }
      return;
    }
    if (buckets[bucket] == slot) {
      buckets[bucket] = next;
      return;
    }
    Slot before = buckets[bucket];
    while (before != null) {
      boolean byOriginal = isLinkedByOriginal(before, bucket);
      Slot after = byOriginal ? before.nextByOriginal : before.nextByReply;
      if (after == slot) {
        if (byOriginal) {
          before.nextByOriginal = next;
        } else {
          before.nextByReply = next;
        }
        return;
      }
      before = after;
    }
    throw new IllegalStateException("slot " + slot.id + " is not in its bucket's chain");
  }

  private boolean isLinkedByOriginal(Slot slot, int bucket) {
    return slot.originalIndexed && bucket(slot.originalHash) == bucket;
  }

  private boolean isLinkedByReply(Slot slot, int bucket) {
    return slot.replyIndexed && bucket(slot.replyHash) == bucket;
  }

  /** Twice the buckets, each slot linked again by the tuples it is indexed for. */
  private void grow() {
    List<Slot> slots = new ArrayList<>(keys);
    for (int bucket = 0; bucket < buckets.length; bucket++) {
      Slot slot = buckets[bucket];
      while (slot != null) {
        boolean byOriginal = isLinkedByOriginal(slot, bucket);
        // each slot once: in its original tuple's chain when that one is indexed
        if (byOriginal || !slot.originalIndexed) {
          slots.add(slot);
        }
        slot = byOriginal ? slot.nextByOriginal : slot.nextByReply;
      }
    }
    buckets = new Slot[buckets.length * 2];
    shift--;
    keys = 0;
    for (Slot slot : slots) {
      boolean original = slot.originalIndexed;
      boolean reply = slot.replyIndexed;
      slot.originalIndexed = false;
      slot.replyIndexed = false;
      if (original) {
        link(slot, true);
      }
      if (reply) {
        link(slot, false);
      }
    }
  }
}
