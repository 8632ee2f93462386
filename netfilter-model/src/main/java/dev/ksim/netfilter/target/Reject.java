package dev.ksim.netfilter.target;

import com.google.common.collect.Sets;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import java.util.Set;

/**
 * {@code -j REJECT --reject-with type}: dropped, and the sender told so with an ICMP error ({@code
 * icmp-port-unreachable} by default) or a TCP reset.
 */
public record Reject(String with) implements Target {
  private static final Set<Hook> HOOKS =
      Sets.immutableEnumSet(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT);

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

  /** ipt_REJECT.c registers REJECT for INPUT, FORWARD and OUTPUT. */
  @Override
  public Set<Hook> allowedHooks() {
    return HOOKS;
  }
}
