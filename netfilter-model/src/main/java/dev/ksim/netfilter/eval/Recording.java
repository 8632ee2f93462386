package dev.ksim.netfilter.eval;

/** How much of an evaluation to record (recording costs allocations; benchmarks record none). */
public enum Recording {
  /** Nothing: verdicts and counters only. */
  NONE,
  /** The rules that matched, with the chains they led to. */
  MATCHED,
  /** Also every rule tried that did not match, with the match that failed. */
  ALL
}
