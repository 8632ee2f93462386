package dev.ksim.netfilter.hook;

/**
 * The work a kernel did, counted rather than timed: rules evaluated, matches tried, set and
 * conntrack lookups. This is what shows why iptables grows linearly with Services.
 */
public final class CostCounter {
  private long rulesEvaluated;
  private long matchesEvaluated;
  private long setLookups;
  private long conntrackLookups;
  private long chainsEntered;

  public void rule() {
    rulesEvaluated++;
  }

  /**
   * Counts {@code rules} rules evaluated that each failed on their first match (what a walker that
   * skips rules it knows cannot match still owes the count).
   */
  public void missedOnFirstMatch(int rules) {
    rulesEvaluated += rules;
    matchesEvaluated += rules;
  }

  /**
   * Counts {@code rules} rules evaluated that each failed on one of their first matches, {@code
   * matches} matches tried in all.
   */
  public void missed(int rules, long matches) {
    rulesEvaluated += rules;
    matchesEvaluated += matches;
  }

  public void match() {
    matchesEvaluated++;
  }

  public void setLookup() {
    setLookups++;
  }

  public void conntrackLookup() {
    conntrackLookups++;
  }

  public void chain() {
    chainsEntered++;
  }

  public long rulesEvaluated() {
    return rulesEvaluated;
  }

  public long matchesEvaluated() {
    return matchesEvaluated;
  }

  public long setLookups() {
    return setLookups;
  }

  public long conntrackLookups() {
    return conntrackLookups;
  }

  public long chainsEntered() {
    return chainsEntered;
  }

  /** A snapshot of the counts. */
  public Cost snapshot() {
    return new Cost(rulesEvaluated, matchesEvaluated, setLookups, conntrackLookups, chainsEntered);
  }

  /**
   * What was counted since {@code before} was taken (the same as {@code snapshot().minus(before)}).
   */
  public Cost since(Cost before) {
    return new Cost(
        rulesEvaluated - before.rulesEvaluated,
        matchesEvaluated - before.matchesEvaluated,
        setLookups - before.setLookups,
        conntrackLookups - before.conntrackLookups,
        chainsEntered - before.chainsEntered);
  }

  /**
   * Counts at one moment.
   *
   * @param rulesEvaluated rules whose matches were tried
   * @param matchesEvaluated single matches tried
   * @param setLookups ipset lookups
   * @param conntrackLookups conntrack table lookups
   * @param chainsEntered chains entered (built-in and user)
   */
  public record Cost(
      long rulesEvaluated,
      long matchesEvaluated,
      long setLookups,
      long conntrackLookups,
      long chainsEntered) {}
}
