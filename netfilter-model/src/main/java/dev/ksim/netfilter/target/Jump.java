package dev.ksim.netfilter.target;

/** {@code -j CHAIN}: evaluate a user chain, then come back. */
public record Jump(String chain) implements Target {
  @Override
  public String name() {
    return chain;
  }

  @Override
  public String save() {
    return "-j " + chain;
  }

  @Override
  public String list(boolean numeric) {
    return "";
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.jump(chain);
  }

  @Override
  public String chainReference() {
    return chain;
  }
}
