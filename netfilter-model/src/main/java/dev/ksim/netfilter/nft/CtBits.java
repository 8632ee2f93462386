package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * The names of conntrack's state and status bits as {@code nft} reads and prints them, in bit
 * order.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/ct.c">nftables src/ct.c</a>
 */
public final class CtBits {
  /** {@code ct state} bits (NF_CT_STATE_*_BIT). */
  public static final ImmutableMap<String, Long> STATE =
      ImmutableMap.of("invalid", 1L, "established", 2L, "related", 4L, "new", 8L, "untracked", 64L);

  /** {@code ct status} bits (IPS_*). */
  public static final ImmutableMap<String, Long> STATUS =
      ImmutableMap.<String, Long>builder()
          .put("expected", 1L)
          .put("seen-reply", 2L)
          .put("assured", 4L)
          .put("confirmed", 8L)
          .put("snat", 16L)
          .put("dnat", 32L)
          .put("dying", 512L)
          .buildOrThrow();

  private CtBits() {}

  static Map<String, Long> table(NftType type) {
    return type == NftType.CT_STATUS ? STATUS : STATE;
  }

  /** The bit a name stands for, if the type knows it. */
  public static OptionalLong bit(String name, NftType type) {
    Long bit = table(type).get(name);
    return bit == null ? OptionalLong.empty() : OptionalLong.of(bit);
  }

  /** The set bits as {@code nft -n} prints them: each in hex, comma-joined, lowest first. */
  static String numbers(long bits) {
    StringJoiner joined = new StringJoiner(",");
    for (long bit = 1; bit != 0 && bit <= bits; bit <<= 1) {
      if ((bits & bit) != 0) {
        joined.add("0x" + Long.toHexString(bit));
      }
    }
    return joined.toString();
  }

  /** The names of the set bits, comma-joined in bit order. */
  static String names(long bits, NftType type) {
    StringJoiner joined = new StringJoiner(",");
    table(type).entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .filter(e -> (bits & e.getValue()) != 0)
        .forEach(e -> joined.add(e.getKey()));
    return joined.toString();
  }
}
