package dev.ksim.netfilter.text;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chain while its table is being restored. A chain carried over by {@code --noflush} keeps its
 * {@link Chain} until a command changes it, and only then are its rules copied: a partial restore
 * costs what it changes, and an untouched chain keeps its instance (and so its counters and what
 * the commit checks already know of it). Likewise a chain written anew whose rules are one run of
 * lines parsed before ({@link ParsedAppends}) holds that run until a command changes it, and
 * commits as the run's shared chain.
 */
final class ChainDraft {
  final String name;
  HookVerdict policy;
  private @Nullable Chain original;

  /** The chain carried over from the table before, even once flushed or edited. */
  private @Nullable Chain before;

  /** Whether {@link #rules} started from rules of the chain carried over (copied to be edited). */
  private boolean edited;

  /** The run of lines that is all this chain holds since it was flushed, if so. */
  private @Nullable ParsedAppends adopted;

  /** The input line of {@link #adopted}'s first rule. */
  private int adoptedLine;

  private final List<Rule> rules = new ArrayList<>();
  private final List<Integer> lines = new ArrayList<>();

  ChainDraft(String name, HookVerdict policy) {
    this.name = name;
    this.policy = policy;
  }

  static ChainDraft carriedOver(Chain chain) {
    ChainDraft draft =
        new ChainDraft(chain.name(), chain.policy() == null ? HookVerdict.ACCEPT : chain.policy());
    draft.original = chain;
    draft.before = chain;
    return draft;
  }

  /** The chain of this name in the table before the restore, if the draft started from it. */
  @Nullable Chain before() {
    return before;
  }

  /** The rules as they stand (read only). */
  List<Rule> rules() {
    Chain carried = original;
    if (carried != null) {
      return carried.rules();
    }
    ParsedAppends run = adopted;
    return run != null ? run.rules() : rules;
  }

  /** The rules, to be changed: a carried-over chain's rules are copied first. */
  List<Rule> editRules() {
    materialize();
    return rules;
  }

  /** The input line of each rule, 0 for a rule carried over. */
  List<Integer> editLines() {
    materialize();
    return lines;
  }

  int line(int index) {
    if (original != null) {
      return 0;
    }
    return adopted != null ? adoptedLine + index : lines.get(index);
  }

  /**
   * Appends the rules {@code run} parsed to, its first at input line {@code firstLine}: a chain
   * written anew and still empty takes the run itself; any other takes copies of its rules, so that
   * no rule instance is twice in a chain (the counters of a chain edited in place follow rule
   * instances).
   */
  void append(ParsedAppends run, int firstLine) {
    if (original == null && !edited && adopted == null && rules.isEmpty()) {
      adopted = run;
      adoptedLine = firstLine;
      return;
    }
    materialize();
    List<Rule> parsed = run.rules();
    for (int i = 0; i < parsed.size(); i++) {
      Rule rule = parsed.get(i);
      rules.add(rule.copy());
      lines.add(firstLine + i);
    }
  }

  void flush() {
    original = null;
    adopted = null;
    edited = false;
    rules.clear();
    lines.clear();
  }

  private void materialize() {
    Chain carried = original;
    if (carried != null) {
      original = null;
      edited = !carried.rules().isEmpty();
      rules.addAll(carried.rules());
      carried.rules().forEach(r -> lines.add(0));
    }
    ParsedAppends run = adopted;
    if (run != null) {
      adopted = null;
      rules.addAll(run.rules());
      for (int i = 0; i < run.rules().size(); i++) {
        lines.add(adoptedLine + i);
      }
    }
  }

  /**
   * The chain carried over when {@code chain} is equal to it, else {@code chain}: a chain written
   * again as it was (an endpoint's chain of a Service port written anew, by another run) keeps its
   * instance, so that the commit sees no change in it and the next restore of an equal table takes
   * it whole ({@link SharedCommits}).
   */
  @SuppressWarnings("ReferenceEquality") // the very chain of the run, which needs no comparing
  private Chain kept(Chain chain) {
    Chain carried = before;
    return carried != null && carried != chain && carried.equals(chain) ? carried : chain;
  }

  /** Whether the chain is written anew: created or flushed, none of its rules carried over. */
  boolean rewritten() {
    return original == null && !edited;
  }

  /**
   * The chain as committed: the carried-over instance when nothing changed it, the {@linkplain
   * Chain#shared shared} chain of its content when it is written anew (for a user chain that is one
   * run parsed before, the run's), and a chain of its own, holding the rules it kept, when it is
   * edited (so that they keep their counters).
   */
  Chain build(boolean builtin) {
    HookVerdict committedPolicy = builtin ? policy : null;
    Chain carried = original;
    if (carried != null && carried.policy() == committedPolicy) {
      return carried;
    }
    ParsedAppends run = adopted;
    if (run != null && !builtin) {
      return kept(run.wholeChain());
    }
    return rewritten()
        ? Chain.shared(name, committedPolicy, rules())
        : new Chain(name, committedPolicy, rules());
  }
}
