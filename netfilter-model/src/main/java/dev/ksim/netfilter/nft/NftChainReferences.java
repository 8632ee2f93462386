package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableList;
import java.util.Collection;
import java.util.List;

/**
 * What a chain's rules name, each name once: the chains they jump or go to (directly or through an
 * anonymous verdict map) and the sets and maps they look up or update. Kept with the chain, so that
 * checking a table's jumps or references at the end of a transaction costs a look per chain, not a
 * walk over every rule.
 *
 * @param chains the chains named, in the order the rules name them
 * @param sets the named sets and maps, in the order the rules name them
 */
public record NftChainReferences(List<String> chains, List<String> sets) {
  public static final NftChainReferences NONE = new NftChainReferences(List.of(), List.of());

  public NftChainReferences {
    chains = ImmutableList.copyOf(chains);
    sets = ImmutableList.copyOf(sets);
  }

  /** Adds every name, chains first, to {@code names}. */
  public void addTo(Collection<String> names) {
    names.addAll(chains);
    names.addAll(sets);
  }
}
