package dev.ksim.netfilter.target;

/**
 * {@code -j TRACE} (raw table): the kernel logs every rule the packet then meets; ksim traces them
 * anyway.
 */
public record Trace() implements Target {
  @Override
  public String name() {
    return "TRACE";
  }

  @Override
  public String save() {
    return "-j TRACE";
  }

  @Override
  public String list(boolean numeric) {
    return "";
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.CONTINUE;
  }
}
