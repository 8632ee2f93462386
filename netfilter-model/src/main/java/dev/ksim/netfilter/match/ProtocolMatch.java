package dev.ksim.netfilter.match;

import dev.ksim.net.Protocol;

/** {@code [!] -p protocol}. */
public record ProtocolMatch(Protocol protocol, boolean negated) implements GenericMatch {
  @Override
  public boolean matches(MatchContext context) {
    return (context.packet().protocol() == protocol) != negated;
  }

  @Override
  public String save() {
    return (negated ? "! " : "") + "-p " + protocol.token();
  }
}
