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
 * the commit checks already know of it).
 */
final class ChainDraft {
  final String name;
  HookVerdict policy;
  private @Nullable Chain original;

  /** Whether {@link #rules} started from rules of the chain carried over (copied to be edited). */
  private boolean edited;

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
    return draft;
  }

  /** The rules as they stand (read only). */
  List<Rule> rules() {
    return original != null ? original.rules() : rules;
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
    return original != null ? 0 : lines.get(index);
  }

  void flush() {
    original = null;
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
  }

  /** Whether the chain is written anew: created or flushed, none of its rules carried over. */
  boolean rewritten() {
    return original == null && !edited;
  }

  /**
   * The chain as committed: the carried-over instance when nothing changed it, the {@linkplain
   * Chain#shared shared} chain of its content when it is written anew, and a chain of its own,
   * holding the rules it kept, when it is edited (so that they keep their counters).
   */
  Chain build(boolean builtin) {
    HookVerdict committedPolicy = builtin ? policy : null;
    Chain carried = original;
    if (carried != null && carried.policy() == committedPolicy) {
      return carried;
    }
    return rewritten()
        ? Chain.shared(name, committedPolicy, rules())
        : new Chain(name, committedPolicy, rules());
  }
}
