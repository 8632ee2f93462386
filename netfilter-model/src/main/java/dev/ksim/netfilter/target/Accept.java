package dev.ksim.netfilter.target;

/** {@code -j ACCEPT}: the packet passes this hook. */
public record Accept() implements Target {
  @Override
  public String name() {
    return "ACCEPT";
  }

  @Override
  public String save() {
    return "-j ACCEPT";
  }

  @Override
  public String list(boolean numeric) {
    return "";
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.verdict(dev.ksim.netfilter.hook.HookVerdict.ACCEPT);
  }
}
