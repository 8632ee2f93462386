package dev.ksim.netfilter.table;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.match.CommentMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.target.Target;
import dev.ksim.netfilter.target.TargetOutcome;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One rule: its matches (the generic {@code -s -d -i -o -p} ones first, then modules in the order
 * they were loaded) and its target, which may be absent (a rule that only counts or comments).
 *
 * <p>A value, equal by matches, target and text. The text of a rule a restore reads is its parts'
 * {@code iptables-save} words, built on first use ({@link #of}): a node's first restore reads
 * 310,000 rules that nothing lists until an {@code iptables-save} or a trace, and building their
 * text was half the cost of reading them cold.
 */
public final class Rule {
  private final ImmutableList<Match> matches;
  private final @Nullable Target target;

  /** The text, null until first use in a rule made {@linkplain #of of its parts}. */
  private volatile @Nullable String text;

  /**
   * Whether the text is built of the parts ({@link #of}): two such rules of equal parts have equal
   * text, and comparing them builds none.
   */
  private final boolean ofParts;

  /**
   * The target's outcome and the number of the chain a jump or goto names, null until a walk first
   * asks: the walker asks at every rule that matches, and both are values of the target alone (a
   * jump's outcome would be made anew each time, its chain looked up by name). One field, made only
   * for rules a packet matched: a rule keeps its 32 bytes with compressed references (a node holds
   * 320,000 rules at 10,000 Services).
   */
  private volatile @Nullable Resolved resolved;

  /** A target's outcome and its jump's chain number ({@value #NO_JUMP} for other targets). */
  private record Resolved(TargetOutcome outcome, int jumpChain) {}

  private static final int NO_JUMP = -1;

  /**
   * A rule with its text given.
   *
   * @param matches every match, in evaluation order
   * @param target the target, or null for a rule without {@code -j}
   * @param text the rule as {@code iptables-save} prints it after {@code -A CHAIN }
   */
  public Rule(List<Match> matches, @Nullable Target target, String text) {
    this.matches = ImmutableList.copyOf(matches);
    this.target = target;
    this.text = Objects.requireNonNull(text, "text");
    this.ofParts = false;
  }

  private Rule(
      ImmutableList<Match> matches,
      @Nullable Target target,
      @Nullable String text,
      boolean ofParts) {
    this.matches = matches;
    this.target = target;
    this.text = text;
    this.ofParts = ofParts;
  }

  /**
   * The rule of {@code matches} and {@code target}, its text their {@code iptables-save} words in
   * order, one blank apart, built on first use.
   */
  public static Rule of(List<Match> matches, @Nullable Target target) {
    return new Rule(ImmutableList.copyOf(matches), target, null, true);
  }

  /**
   * An equal rule that is another instance (the counters of a chain edited in place follow rule
   * instances); its text is built on first use if this rule's is not built yet.
   */
  public Rule copy() {
    return new Rule(matches, target, text, ofParts);
  }

  /** Every match, in evaluation order. */
  public ImmutableList<Match> matches() {
    return matches;
  }

  /** The target, or null for a rule without {@code -j}. */
  public @Nullable Target target() {
    return target;
  }

  /** What the target tells the walker (its {@link Target#outcome}), or null without a target. */
  public @Nullable TargetOutcome outcome() {
    Resolved known = resolved();
    return known == null ? null : known.outcome();
  }

  /**
   * The {@link ChainIds} number of the chain this rule's jump or goto names ({@code
   * ChainIds.of(outcome().chain())}, numbered once); the rule must have one.
   */
  public int jumpChain() {
    Resolved known = Objects.requireNonNull(resolved(), "a rule without a target");
    if (known.jumpChain() == NO_JUMP) {
      throw new IllegalStateException("not a jump or goto: " + text());
    }
    return known.jumpChain();
  }

  private @Nullable Resolved resolved() {
    Resolved known = resolved;
    if (known == null && target != null) {
      TargetOutcome outcome = target.outcome();
      String chain = outcome.chain();
      known = new Resolved(outcome, chain == null ? NO_JUMP : ChainIds.of(chain));
      resolved = known;
    }
    return known;
  }

  /** The rule as {@code iptables-save} prints it after {@code -A CHAIN }. */
  public String text() {
    String known = text;
    if (known == null) {
      StringBuilder words = new StringBuilder();
      for (Match match : matches) {
        words.append(match.save()).append(' ');
      }
      if (target != null) {
        words.append(target.save());
      } else if (words.length() > 0) {
        words.setLength(words.length() - 1);
      }
      known = words.toString();
      text = known;
    }
    return known;
  }

  /** The rule as iptables-save prints it: {@code -A CHAIN ...}. */
  public String saveText(String chain) {
    String words = text();
    return words.isEmpty() ? "-A " + chain : "-A " + chain + " " + words;
  }

  /** The protocol the rule matches on, if it has a {@code -p}. */
  public Optional<ProtocolMatch> protocol() {
    return matches.stream()
        .filter(ProtocolMatch.class::isInstance)
        .map(ProtocolMatch.class::cast)
        .findFirst();
  }

  /** The rule's {@code --comment}, if it has one. */
  public Optional<String> comment() {
    return matches.stream()
        .filter(CommentMatch.class::isInstance)
        .map(m -> ((CommentMatch) m).text())
        .findFirst();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Rule that
        && matches.equals(that.matches)
        && Objects.equals(target, that.target)
        && ((ofParts && that.ofParts) || text().equals(that.text()));
  }

  /** The hash of the rule's text alone: equal rules have equal text. */
  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return "Rule[matches=" + matches + ", target=" + target + ", text=" + text() + "]";
  }
}
