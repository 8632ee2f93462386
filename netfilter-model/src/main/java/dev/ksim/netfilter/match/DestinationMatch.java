package dev.ksim.netfilter.match;

import dev.ksim.net.Cidr;

/** {@code [!] -d address[/mask]}. */
public record DestinationMatch(Cidr cidr, boolean negated) implements GenericMatch {
  @Override
  public boolean matches(MatchContext context) {
    return cidr.contains(context.packet().destination()) != negated;
  }

  @Override
  public String save() {
    return (negated ? "! " : "") + "-d " + cidr;
  }
}
