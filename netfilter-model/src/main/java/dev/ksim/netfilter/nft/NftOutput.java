package dev.ksim.netfilter.nft;

/**
 * How {@code nft list} writes values: with their names ({@code tcp}, {@code ct state new}, {@code
 * priority dstnat}, {@code 3h}), or with {@code -n} fully numeric, as nft 1.0.6 does: protocols,
 * conntrack bits, fib address types and base-chain priorities as numbers, times in seconds.
 * Addresses, ports and marks print the same either way.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/main.c">NFT_CTX_OUTPUT_NUMERIC_ALL</a>
 */
public enum NftOutput {
  /** {@code nft list}. */
  SYMBOLIC,
  /** {@code nft -n list}. */
  NUMERIC
}
