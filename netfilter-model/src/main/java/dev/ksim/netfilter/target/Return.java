package dev.ksim.netfilter.target;

/** {@code -j RETURN}: back to the calling chain (or the policy of a built-in chain). */
public record Return() implements Target {
  @Override
  public String name() {
    return "RETURN";
  }

  @Override
  public String save() {
    return "-j RETURN";
  }

  @Override
  public String list(boolean numeric) {
    return "";
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.RETURN;
  }
}
