package dev.ksim.netfilter.match;

import dev.ksim.net.Cidr;

/** {@code [!] -s address[/mask]}. */
public record SourceMatch(Cidr cidr, boolean negated) implements GenericMatch {
  @Override
  public boolean matches(MatchContext context) {
    return cidr.contains(context.packet().source()) != negated;
  }

  @Override
  public String save() {
    return (negated ? "! " : "") + "-s " + cidr;
  }
}
