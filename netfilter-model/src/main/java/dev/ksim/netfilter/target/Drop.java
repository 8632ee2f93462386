package dev.ksim.netfilter.target;

/** {@code -j DROP}: the packet is discarded silently; a client times out. */
public record Drop() implements Target {
  @Override
  public String name() {
    return "DROP";
  }

  @Override
  public String save() {
    return "-j DROP";
  }

  @Override
  public String list(boolean numeric) {
    return "";
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.verdict(dev.ksim.netfilter.hook.HookVerdict.DROP);
  }
}
