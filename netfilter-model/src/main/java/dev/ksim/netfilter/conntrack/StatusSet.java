package dev.ksim.netfilter.conntrack;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A conntrack entry's status flags as bits, one shared, immutable instance per combination: every
 * packet of a connection makes a new entry, and each used to copy its flags into a set of its own.
 * One class for every combination (not Guava's empty, singleton and enum sets by size), so that the
 * packet path's flag tests and the entries' casts see one type: C2 compiled them for the first
 * types it saw and threw {@code Netfilter.run}'s code away when a connection reached a combination
 * of another size. Iteration is in the flags' declaration order, as an {@code EnumSet}'s.
 */
final class StatusSet extends AbstractSet<CtStatus> {
  private static final CtStatus[] FLAGS = CtStatus.values();

  /** By the bits of their flags (bit {@code i}: {@code FLAGS[i]}). */
  private static final StatusSet[] BY_BITS = all();

  private final int bits;

  /** A set's hash (the sum of its flags' hashes), worked out once: the sets are shared. */
  private final int hash;

  private StatusSet(int bits) {
    this.bits = bits;
    this.hash = super.hashCode();
  }

  /** The shared set of {@code flags}. */
  static StatusSet of(Set<CtStatus> flags) {
    return flags instanceof StatusSet shared ? shared : BY_BITS[bitsOf(flags)];
  }

  /** The shared set of {@code flags} and {@code flag}. */
  static StatusSet with(Set<CtStatus> flags, CtStatus flag) {
    return BY_BITS[of(flags).bits | bit(flag)];
  }

  @Override
  public boolean contains(@Nullable Object flag) {
    return flag instanceof CtStatus status && (bits & bit(status)) != 0;
  }

  @Override
  public int size() {
    return Integer.bitCount(bits);
  }

  @Override
  public Iterator<CtStatus> iterator() {
    return new Iterator<>() {
      private int left = bits;

      @Override
      public boolean hasNext() {
        return left != 0;
      }

      @Override
      public CtStatus next() {
        if (left == 0) {
          throw new NoSuchElementException();
        }
        CtStatus flag = FLAGS[Integer.numberOfTrailingZeros(left)];
        left &= left - 1;
        return flag;
      }
    };
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof StatusSet that ? bits == that.bits : super.equals(other);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  private static int bitsOf(Set<CtStatus> flags) {
    int bits = 0;
    for (CtStatus flag : flags) {
      bits |= bit(flag);
    }
    return bits;
  }

  @SuppressWarnings("EnumOrdinal") // the flags as bit positions, within this class only
  private static int bit(CtStatus flag) {
    return 1 << flag.ordinal();
  }

  private static StatusSet[] all() {
    StatusSet[] sets = new StatusSet[1 << FLAGS.length];
    for (int bits = 0; bits < sets.length; bits++) {
      sets[bits] = new StatusSet(bits);
    }
    return sets;
  }
}
