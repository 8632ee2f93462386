package dev.ksim.netfilter.eval;

import dev.ksim.netfilter.match.MatchContext;
import dev.ksim.netfilter.table.RuleCounters;

/** What the walker needs beyond a match context: to change the mark and to count rules. */
public interface WalkContext extends MatchContext {
  /** Sets the packet's mark (the MARK target). */
  void setMark(long mark);

  /** The counters to update, or null while exploring. */
  @org.jspecify.annotations.Nullable RuleCounters counters();

  /** What to record of the walk. */
  Recording recording();
}
