package dev.ksim.netfilter.table;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.match.CommentMatch;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.ProtocolMatch;
import dev.ksim.netfilter.target.Target;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One rule: its matches (the generic {@code -s -d -i -o -p} ones first, then modules in the order
 * they were loaded) and its target, which may be absent (a rule that only counts or comments).
 *
 * @param matches every match, in evaluation order
 * @param target the target, or null for a rule without {@code -j}
 * @param text the rule as {@code iptables-save} prints it after {@code -A CHAIN }
 */
public record Rule(List<Match> matches, @Nullable Target target, String text) {
  public Rule {
    matches = ImmutableList.copyOf(matches);
  }

  /**
   * The hash of the rule's text alone: equal rules have equal text, and the text's hash is cached,
   * so a chain of many rules hashes without walking their matches.
   */
  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The rule as iptables-save prints it: {@code -A CHAIN ...}. */
  public String saveText(String chain) {
    return text.isEmpty() ? "-A " + chain : "-A " + chain + " " + text;
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
}
