package dev.ksim.netfilter.target;

/**
 * {@code -j CT --notrack}, or the older {@code -j NOTRACK} (raw table): the packet is not tracked,
 * so no NAT applies to it and {@code --ctstate UNTRACKED} matches it. Both are the CT target to the
 * kernel; iptables prints back the form it was given.
 *
 * @param ctForm whether it was written {@code -j CT --notrack}
 */
public record Notrack(boolean ctForm) implements Target {
  @Override
  public String name() {
    return "CT";
  }

  @Override
  public String save() {
    return ctForm ? "-j CT --notrack" : "-j NOTRACK";
  }

  @Override
  public String list(boolean numeric) {
    return ctForm ? "CT notrack" : "NOTRACK";
  }

  @Override
  public TargetOutcome outcome() {
    return new TargetOutcome(TargetOutcome.Kind.UNTRACK, null, null, null, 0, 0);
  }
}
