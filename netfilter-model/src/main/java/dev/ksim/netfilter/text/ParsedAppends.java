package dev.ksim.netfilter.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Table;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a run of {@link RestoreInput.Appends} lines parsed to in one table and family: their rules,
 * read without error, and the chain they make when they are the whole of a user chain written anew,
 * built on first use. That chain is shared through the run, not {@linkplain Chain#shared interned}:
 * every kernel the run is handed to (the next sync's, another node's) takes this one instance, and
 * interning the 110,000 chains of a node's first restore into the weak interner was a sixth of that
 * restore, for the few chains (of a Service port written again with some chains unchanged) that
 * another run makes equal. Taken again only for the same table and family, and, when a rule refers
 * to ipsets or nfacct objects, only while they all exist (otherwise the lines are read again and
 * the error reported at its line). Rules taken again as they are into a chain that already holds
 * rules are copies (see {@link ChainDraft#append}).
 */
final class ParsedAppends {
  private final Table table;
  private final IpFamily family;
  private final String chain;
  private final ImmutableList<Rule> rules;
  private final boolean refersOutside;
  private volatile @Nullable Chain whole;

  /**
   * What a run's lines parsed to.
   *
   * @param refersOutside whether a rule refers to ipsets or nfacct objects ({@link
   *     RuleCache#refersOutside})
   */
  ParsedAppends(
      Table table, IpFamily family, String chain, List<Rule> rules, boolean refersOutside) {
    this.table = table;
    this.family = family;
    this.chain = chain;
    this.rules = ImmutableList.copyOf(rules);
    this.refersOutside = refersOutside;
  }

  /** Whether these rules are what the lines parse to in {@code table} of {@code environment}. */
  boolean holdsIn(Table inTable, RuleEnvironment environment) {
    if (table != inTable || family != environment.family()) {
      return false;
    }
    return !refersOutside || rules.stream().allMatch(r -> RuleCache.resolves(r, environment));
  }

  List<Rule> rules() {
    return rules;
  }

  /** The user chain of exactly these rules, built once. */
  Chain wholeChain() {
    Chain known = whole;
    if (known == null) {
      known = new Chain(chain, null, rules);
      whole = known;
    }
    return known;
  }
}
