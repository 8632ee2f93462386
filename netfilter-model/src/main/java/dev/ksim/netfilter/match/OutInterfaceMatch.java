package dev.ksim.netfilter.match;

/** {@code [!] -o name[+]}: the interface the packet leaves by. */
public record OutInterfaceMatch(String name, boolean negated) implements GenericMatch {
  @Override
  public boolean matches(MatchContext context) {
    return InterfaceNames.matches(name, context.packet().outInterface()) != negated;
  }

  @Override
  public String save() {
    return (negated ? "! " : "") + "-o " + name;
  }
}
