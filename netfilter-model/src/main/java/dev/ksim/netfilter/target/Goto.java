package dev.ksim.netfilter.target;

/** {@code -g CHAIN}: continue in a user chain without coming back here. */
public record Goto(String chain) implements Target {
  @Override
  public String name() {
    return chain;
  }

  @Override
  public String save() {
    return "-g " + chain;
  }

  @Override
  public String list(boolean numeric) {
    return "[goto]";
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.goTo(chain);
  }

  @Override
  public String chainReference() {
    return chain;
  }
}
