package dev.ksim.netfilter.nft;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A rule of a chain: its statements in order, its comment and the handle the kernel gave it.
 *
 * @param handle the rule's handle ({@code nft -a list} shows it)
 * @param statements the statements, evaluated in order
 * @param comment the rule's comment
 */
public record NftRule(long handle, List<NftStatement> statements, @Nullable String comment) {
  public NftRule {
    statements = ImmutableList.copyOf(statements);
  }

  /**
   * The rule as {@code nft list} prints it: a {@code meta l4proto} match that only states what a
   * following {@code tcp}/{@code udp}/{@code sctp} field implies is left out, as nft does.
   */
  public String text() {
    return text(NftOutput.SYMBOLIC);
  }

  /** The rule as {@code nft list} prints it, or {@code nft -n list}. */
  public String text(NftOutput output) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      NftStatement statement = statements.get(i);
      if (i + 1 < statements.size() && isImpliedBy(statement, statements.get(i + 1))) {
        continue;
      }
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(statement.text(output));
    }
    if (comment != null) {
      text.append(text.length() > 0 ? " " : "").append("comment \"").append(comment).append('"');
    }
    return text.toString();
  }

  private static boolean isImpliedBy(NftStatement statement, NftStatement next) {
    if (!(statement instanceof NftStatement.Match match)
        || match.field() != NftField.META_L4PROTO
        || match.negated()
        || match.mask() >= 0
        || !(next instanceof NftStatement.Match following)) {
      return false;
    }
    Optional<Long> implied =
        following.field().impliedProtocol().map(protocol -> (long) protocol.number());
    return implied.isPresent() && match.value().contains(implied.get());
  }

  /** The statements' texts joined, for tests and messages. */
  @Override
  public String toString() {
    return statements.stream().map(NftStatement::text).collect(Collectors.joining(" "));
  }
}
