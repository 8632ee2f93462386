package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A table: a family, a name, and the chains, sets and maps it holds, each in the order it was
 * created (the order {@code nft list} prints them in).
 *
 * @param family the family
 * @param name the table's name
 * @param comment the table's comment
 * @param chains chains by name
 * @param sets sets and maps by name
 * @param handle the kernel's handle
 * @param lastHandle the highest handle of its chains, sets and rules (0 when it has none): {@code
 *     nft -f} gives the next object the handle after it
 */
public record NftTable(
    NftFamily family,
    String name,
    @Nullable String comment,
    Map<String, NftChain> chains,
    Map<String, NftSet> sets,
    long handle,
    long lastHandle) {
  public NftTable {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(name, "name");
    chains = ImmutableMap.copyOf(chains);
    sets = ImmutableMap.copyOf(sets);
  }

  public Optional<NftChain> chain(String chainName) {
    return Optional.ofNullable(chains.get(chainName));
  }

  public Optional<NftSet> set(String setName) {
    return Optional.ofNullable(sets.get(setName));
  }

  /** How the table is named in commands: {@code ip kube-proxy}. */
  public String qualifiedName() {
    return family.token() + " " + name;
  }
}
