package dev.ksim.netfilter.text;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.NfacctMatch;
import dev.ksim.netfilter.match.SetMatch;
import dev.ksim.netfilter.table.Rule;
import org.jspecify.annotations.Nullable;

/**
 * Rules already parsed from restore text, by family and text, shared by every kernel in the
 * process: a restore read as text (an {@code iptables-restore} command, ipvs mode's restores, the
 * lines of a {@link RestoreInput} that are not plain runs) finds a rule text read before here
 * instead of parsing it again, and kernels share one copy of its matches, target and text. A plain
 * run of a {@link RestoreInput} is not looked up here: it remembers its own rules ({@link
 * ParsedAppends}). Each lookup still returns a rule of its own: a chain edited in place carries its
 * counters over by rule instance (two equal rules in one chain keep counters of their own, see
 * {@code RuleCounters#replaced}).
 *
 * <p>A rule is taken from the cache only when what it refers to outside the ruleset still exists
 * (its ipsets and nfacct objects); otherwise the parser parses it again and reports the error.
 */
final class RuleCache {
  /** Enough for several distinct 100,000-Service rulesets; least recently used go first. */
  private static final long MAXIMUM_RULES = 1 << 20;

  private static final Cache<Key, Parsed> RULES =
      CacheBuilder.newBuilder().maximumSize(MAXIMUM_RULES).build();

  private record Key(IpFamily family, String text) {}

  /**
   * A parsed rule, and whether it refers to ipsets or nfacct objects (most rules do not, and are
   * taken without looking at their matches).
   */
  private record Parsed(Rule rule, boolean refersOutside) {}

  private RuleCache() {}

  /** A rule of its own parsed from {@code text} (the words after {@code -A CHAIN}), if known. */
  static @Nullable Rule lookup(String text, RuleEnvironment environment) {
    Parsed parsed = RULES.getIfPresent(new Key(environment.family(), text));
    if (parsed == null || (parsed.refersOutside() && !resolves(parsed.rule(), environment))) {
      return null;
    }
    Rule rule = parsed.rule();
    return rule.copy();
  }

  /** Remembers that {@code text} parses to {@code rule}. */
  static void put(String text, RuleEnvironment environment, Rule rule) {
    RULES.put(new Key(environment.family(), text), new Parsed(rule, refersOutside(rule)));
  }

  /** Whether {@code rule} refers to ipsets or nfacct objects. */
  static boolean refersOutside(Rule rule) {
    for (Match match : rule.matches()) {
      if (match instanceof SetMatch || match instanceof NfacctMatch) {
        return true;
      }
    }
    return false;
  }

  /** Whether every ipset and nfacct object {@code rule} refers to exists in {@code environment}. */
  static boolean resolves(Rule rule, RuleEnvironment environment) {
    for (Match match : rule.matches()) {
      if (match instanceof SetMatch set && !environment.hasIpSet(set.name())) {
        return false;
      }
      if (match instanceof NfacctMatch nfacct && !environment.hasNfacct(nfacct.name())) {
        return false;
      }
    }
    return true;
  }
}
