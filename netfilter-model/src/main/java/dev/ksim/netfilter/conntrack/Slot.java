package dev.ksim.netfilter.conntrack;

import org.jspecify.annotations.Nullable;

/**
 * Where the table holds one entry: updated in place as packets change its state, kept in id order
 * by {@link EntryOrder} and found by tuple through {@link TupleIndex}, whose chains run through the
 * slots themselves (as the kernel's {@code nf_conntrack_tuple_hash} nodes are part of the entry).
 * It keeps beside the entry what a packet's lookup and the garbage collector's scan read of it (its
 * tuples and their hashes, state and expiry), so that neither touches the entry, which the packets
 * that change it make anew: reading through it was a cache miss per old entry met.
 */
final class Slot {
  final long id;
  private ConntrackEntry entry;
  private long expiresAt;
  private @Nullable TcpState tcpState;
  boolean removed;

  /** The tuples {@link TupleIndex} chains this slot by, and their hashes. */
  Tuple original;

  Tuple reply;
  int originalHash;
  int replyHash;

  /** Whether each tuple is in the index (a later entry's equal tuple takes its place). */
  boolean originalIndexed;

  boolean replyIndexed;

  /** The next slot of the chain of each tuple's bucket. */
  @Nullable Slot nextByOriginal;

  @Nullable Slot nextByReply;

  Slot(ConntrackEntry entry) {
    this.id = entry.id();
    this.original = entry.original();
    this.reply = entry.reply();
    hold(entry);
  }

  ConntrackEntry entry() {
    return entry;
  }

  /** The held entry's {@link ConntrackEntry#expiresAtMillis}. */
  long expiresAt() {
    return expiresAt;
  }

  /** The held entry's {@link ConntrackEntry#tcpState}. */
  @Nullable TcpState tcpState() {
    return tcpState;
  }

  /**
   * Holds {@code entry} (a later state of the same connection) instead; its tuples are taken when
   * the slot is next indexed.
   */
  void hold(ConntrackEntry entry) {
    this.entry = entry;
    this.expiresAt = entry.expiresAtMillis();
    this.tcpState = entry.tcpState();
  }
}
