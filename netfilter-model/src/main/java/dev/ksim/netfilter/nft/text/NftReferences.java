package dev.ksim.netfilter.nft.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.nft.NftElement;
import dev.ksim.netfilter.nft.NftStatement;
import dev.ksim.netfilter.nft.NftVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * What a statement refers to, which the kernel checks when the rule is added: the chains it jumps
 * or goes to, the sets and maps it looks up, the sets it updates, and whether it is NAT.
 *
 * @param chains chains named by verdicts
 * @param sets sets and maps looked up or updated
 * @param updatedSets sets the statement adds elements to (they must be dynamic)
 * @param nat whether the statement is a NAT statement (only in nat chains)
 * @param anonymousSets how many anonymous sets or maps the statement creates (each takes a handle)
 */
record NftReferences(
    List<String> chains,
    List<String> sets,
    List<String> updatedSets,
    boolean nat,
    int anonymousSets) {
  private static final NftReferences NONE =
      new NftReferences(List.of(), List.of(), List.of(), false, 0);

  NftReferences {
    chains = ImmutableList.copyOf(chains);
    sets = ImmutableList.copyOf(sets);
    updatedSets = ImmutableList.copyOf(updatedSets);
  }

  static NftReferences of(NftStatement statement) {
    return statement.accept(new Finder());
  }

  private static NftReferences chainsOf(
      List<NftElement> elements, List<String> sets, int anonymousSets) {
    List<String> chains = new ArrayList<>();
    for (NftElement element : elements) {
      NftVerdict verdict = element.verdict();
      if (verdict != null && verdict.chain() != null) {
        chains.add(verdict.chain());
      }
    }
    return new NftReferences(chains, sets, List.of(), false, anonymousSets);
  }

  private static final class Finder implements NftStatement.Visitor<NftReferences> {
    @Override
    public NftReferences visitMatch(NftStatement.Match match) {
      return NONE;
    }

    @Override
    public NftReferences visitSetMatch(NftStatement.SetMatch match) {
      String name = match.setName();
      return name == null
          ? new NftReferences(List.of(), List.of(), List.of(), false, 1)
          : new NftReferences(List.of(), List.of(name), List.of(), false, 0);
    }

    @Override
    public NftReferences visitVerdictMap(NftStatement.VerdictMap map) {
      String name = map.mapName();
      return name == null
          ? chainsOf(map.anonymous(), List.of(), 1)
          : chainsOf(List.of(), List.of(name), 0);
    }

    @Override
    public NftReferences visitNumgen(NftStatement.Numgen numgen) {
      return chainsOf(numgen.elements(), List.of(), 1);
    }

    @Override
    public NftReferences visitVerdict(NftStatement.Verdict verdict) {
      String chain = verdict.verdict().chain();
      return chain == null
          ? NONE
          : new NftReferences(List.of(chain), List.of(), List.of(), false, 0);
    }

    @Override
    public NftReferences visitReject(NftStatement.Reject reject) {
      return NONE;
    }

    @Override
    public NftReferences visitCounter(NftStatement.Counter counter) {
      return NONE;
    }

    @Override
    public NftReferences visitMarkSet(NftStatement.MarkSet markSet) {
      return NONE;
    }

    @Override
    public NftReferences visitNat(NftStatement.Nat nat) {
      return new NftReferences(List.of(), List.of(), List.of(), true, 0);
    }

    @Override
    public NftReferences visitSetUpdate(NftStatement.SetUpdate update) {
      return new NftReferences(
          List.of(), List.of(update.setName()), List.of(update.setName()), false, 0);
    }

    @Override
    public NftReferences visitLog(NftStatement.Log log) {
      return NONE;
    }

    @Override
    public NftReferences visitNotrack(NftStatement.Notrack notrack) {
      return NONE;
    }
  }
}
