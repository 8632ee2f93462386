package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chain of a table: a base chain when {@code base} is set (attached to a hook at a priority),
 * else a regular chain that rules jump or go to.
 *
 * @param name the chain's name
 * @param base the hook, type, priority and policy of a base chain, or null
 * @param comment the chain's comment
 * @param rules the rules, in order
 * @param handle the kernel's handle
 * @param references the chains and sets the rules name
 * @param jumpLevel a bound on how many chains deep jumps go below this chain, kept by {@code nft
 *     -f} for its jump check (at least one more than the level of every chain and verdict map the
 *     rules name), or {@link #UNKNOWN_LEVEL} when no bound is known
 */
public record NftChain(
    String name,
    @Nullable BaseChain base,
    @Nullable String comment,
    List<NftRule> rules,
    long handle,
    NftChainReferences references,
    int jumpLevel) {
  /**
   * The {@link #jumpLevel} of a chain that jumps to a loop or too deep, or that no check bounded.
   */
  public static final int UNKNOWN_LEVEL = -1;

  public NftChain {
    Objects.requireNonNull(name, "name");
    rules = ImmutableList.copyOf(rules);
    Objects.requireNonNull(references, "references");
  }

  public boolean isBase() {
    return base != null;
  }
}
