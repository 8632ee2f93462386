package dev.ksim.netfilter.table;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Packet and byte counters of every rule (by rule instance) and of every built-in chain's policy,
 * as {@code iptables -L -v} and {@code iptables-save -c} print them.
 */
public final class RuleCounters {
  private final IdentityHashMap<Rule, long[]> rules = new IdentityHashMap<>();
  private final Map<String, long[]> policies = new HashMap<>();

  public void countRule(Rule rule, int bytes) {
    long[] c = rules.computeIfAbsent(rule, r -> new long[2]);
    c[0]++;
    c[1] += bytes;
  }

  public void countPolicy(Table table, String chain, int bytes) {
    long[] c = policies.computeIfAbsent(table.token() + "/" + chain, k -> new long[2]);
    c[0]++;
    c[1] += bytes;
  }

  /** {packets, bytes} of a rule. */
  public long[] rule(Rule rule) {
    long[] c = rules.get(rule);
    return c == null ? new long[2] : c.clone();
  }

  /** {packets, bytes} of a built-in chain's policy. */
  public long[] policy(Table table, String chain) {
    long[] c = policies.get(table.token() + "/" + chain);
    return c == null ? new long[2] : c.clone();
  }

  /** Zeroes everything ({@code iptables -Z}). */
  public void clear() {
    rules.clear();
    policies.clear();
  }
}
