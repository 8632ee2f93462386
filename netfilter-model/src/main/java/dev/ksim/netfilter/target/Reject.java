package dev.ksim.netfilter.target;

import dev.ksim.netfilter.HookVerdict;

/**
 * {@code -j REJECT --reject-with type}: dropped, and the sender told so with an ICMP error ({@code
 * icmp-port-unreachable} by default) or a TCP reset.
 */
public record Reject(String with) implements Target {
  public static final String DEFAULT = "icmp-port-unreachable";

  @Override
  public String name() {
    return "REJECT";
  }

  @Override
  public String save() {
    return "-j REJECT --reject-with " + with;
  }

  @Override
  public String list(boolean numeric) {
    return "reject-with " + with;
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.verdict(HookVerdict.REJECT);
  }
}
