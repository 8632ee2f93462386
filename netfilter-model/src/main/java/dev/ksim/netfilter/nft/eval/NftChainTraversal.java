package dev.ksim.netfilter.nft.eval;

/**
 * One nftables base chain's say on a packet at a hook.
 *
 * @param table the table, as {@code ip kube-proxy}
 * @param chain the base chain's name
 * @param priority its priority at the hook
 * @param walk what it decided
 */
public record NftChainTraversal(String table, String chain, int priority, NftWalk walk) {}
