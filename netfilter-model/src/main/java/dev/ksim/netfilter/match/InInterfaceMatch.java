package dev.ksim.netfilter.match;

/** {@code [!] -i name[+]}: the interface the packet came in on. */
public record InInterfaceMatch(String name, boolean negated) implements GenericMatch {
  @Override
  public boolean matches(MatchContext context) {
    return InterfaceNames.matches(name, context.packet().inInterface()) != negated;
  }

  @Override
  public String save() {
    return (negated ? "! " : "") + "-i " + name;
  }
}
