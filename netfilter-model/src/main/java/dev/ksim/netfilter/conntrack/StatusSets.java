package dev.ksim.netfilter.conntrack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The immutable status sets of conntrack entries, one per combination of flags, made once: every
 * packet of a connection makes a new entry, and each used to copy its flags into a set of its own.
 * The sets are those {@link Sets#immutableEnumSet} makes of the same flags.
 */
final class StatusSets {
  private static final CtStatus[] FLAGS = CtStatus.values();

  /** By the bits of their flags (bit {@code i}: {@code FLAGS[i]}). */
  private static final ImmutableList<Set<CtStatus>> BY_BITS = all();

  private StatusSets() {}

  /** The shared set of {@code flags}. */
  static Set<CtStatus> of(Set<CtStatus> flags) {
    return BY_BITS.get(bits(flags));
  }

  /** The shared set of {@code flags} and {@code flag}. */
  static Set<CtStatus> with(Set<CtStatus> flags, CtStatus flag) {
    return BY_BITS.get(bits(flags) | bit(flag));
  }

  private static int bits(Set<CtStatus> flags) {
    int bits = 0;
    for (CtStatus flag : FLAGS) {
      if (flags.contains(flag)) {
        bits |= bit(flag);
      }
    }
    return bits;
  }

  @SuppressWarnings("EnumOrdinal") // the flags as bit positions, within this class only
  private static int bit(CtStatus flag) {
    return 1 << flag.ordinal();
  }

  private static ImmutableList<Set<CtStatus>> all() {
    ImmutableList.Builder<Set<CtStatus>> sets = ImmutableList.builder();
    for (int bits = 0; bits < 1 << FLAGS.length; bits++) {
      Set<CtStatus> flags = EnumSet.noneOf(CtStatus.class);
      for (CtStatus flag : FLAGS) {
        if ((bits & bit(flag)) != 0) {
          flags.add(flag);
        }
      }
      sets.add(Sets.immutableEnumSet(flags));
    }
    return sets.build();
  }
}
