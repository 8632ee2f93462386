package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * The address types {@code fib ... type} reads (the kernel's RTN_* route types), by the names nft
 * gives them.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/fib.c">addrtype_tbl</a>
 */
final class FibAddrType {
  private static final ImmutableMap<String, Integer> NUMBERS =
      ImmutableMap.<String, Integer>builder()
          .put("unspec", 0)
          .put("unicast", 1)
          .put("local", 2)
          .put("broadcast", 3)
          .put("anycast", 4)
          .put("multicast", 5)
          .put("blackhole", 6)
          .put("unreachable", 7)
          .put("prohibit", 8)
          .buildOrThrow();

  private FibAddrType() {}

  /** The RTN_* number of the type named {@code name}. */
  static Optional<Integer> number(String name) {
    return Optional.ofNullable(NUMBERS.get(name));
  }
}
