package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.hook.Hook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One network namespace's nftables ruleset: its tables in creation order. Immutable; {@code nft -f}
 * builds a new one from a transaction.
 *
 * @param tables the tables, in the order they were created
 */
public record NftRuleset(List<NftTable> tables) {
  public static final NftRuleset EMPTY = new NftRuleset(List.of());

  public NftRuleset {
    tables = ImmutableList.copyOf(tables);
  }

  public Optional<NftTable> table(NftFamily family, String name) {
    return tables.stream().filter(t -> t.family() == family && t.name().equals(name)).findFirst();
  }

  public boolean isEmpty() {
    return tables.isEmpty();
  }

  /**
   * The base chains a packet of {@code family} meets at {@code hook}, in priority order (ties in
   * table and chain creation order, as the kernel registers them).
   */
  public List<HookedChain> baseChains(IpFamily family, Hook hook) {
    List<HookedChain> hooked = new ArrayList<>();
    for (NftTable table : tables) {
      if (!table.family().sees(family)) {
        continue;
      }
      for (NftChain chain : table.chains().values()) {
        BaseChain base = chain.base();
        if (base != null && base.hook() == hook) {
          hooked.add(new HookedChain(table, chain, base));
        }
      }
    }
    hooked.sort(Comparator.comparingInt(h -> h.base().priority()));
    return hooked;
  }

  /** A base chain with the table it belongs to. */
  public record HookedChain(NftTable table, NftChain chain, BaseChain base) {}
}
