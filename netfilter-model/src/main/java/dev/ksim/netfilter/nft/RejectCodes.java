package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * The codes {@code reject with icmp|icmpv6|icmpx CODE} names, as numbers ({@code nft -n} prints
 * {@code reject with icmp 1} for {@code host-unreachable}).
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/datatype.c">icmp_code_tbl,
 *     icmpv6_code_tbl, icmpx_code_tbl</a>
 */
final class RejectCodes {
  private static final ImmutableMap<String, ImmutableMap<String, Integer>> CODES =
      ImmutableMap.of(
          "icmp",
          ImmutableMap.<String, Integer>builder()
              .put("net-unreachable", 0)
              .put("host-unreachable", 1)
              .put("prot-unreachable", 2)
              .put("port-unreachable", 3)
              .put("frag-needed", 4)
              .put("net-prohibited", 9)
              .put("host-prohibited", 10)
              .put("admin-prohibited", 13)
              .buildOrThrow(),
          "icmpv6",
          ImmutableMap.of(
              "no-route", 0,
              "admin-prohibited", 1,
              "addr-unreachable", 3,
              "port-unreachable", 4,
              "policy-fail", 5,
              "reject-route", 6),
          "icmpx",
          ImmutableMap.of(
              "no-route", 0, "port-unreachable", 1, "host-unreachable", 2, "admin-prohibited", 3));

  private RejectCodes() {}

  /**
   * The number of code {@code name} of {@code kind} ({@code icmp}, {@code icmpv6}, {@code icmpx}).
   */
  static Optional<Integer> number(String kind, String name) {
    return Optional.ofNullable(CODES.getOrDefault(kind, ImmutableMap.of()).get(name));
  }
}
