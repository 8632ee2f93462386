package dev.ksim.netfilter.target;

import com.google.common.collect.Sets;
import dev.ksim.netfilter.hook.Hook;
import java.util.Set;

/**
 * {@code -j REDIRECT [--to-ports p[-p]]} (nat PREROUTING and OUTPUT): DNAT to the host itself, the
 * incoming interface's address (loopback for locally generated packets).
 */
public record Redirect(int minPort, int maxPort, boolean random) implements Target {
  private static final Set<Hook> HOOKS = Sets.immutableEnumSet(Hook.PREROUTING, Hook.OUTPUT);

  @Override
  public String name() {
    return "REDIRECT";
  }

  private String ports() {
    return minPort == maxPort ? Integer.toString(minPort) : minPort + "-" + maxPort;
  }

  @Override
  public String save() {
    return "-j REDIRECT"
        + (minPort != 0 ? " --to-ports " + ports() : "")
        + (random ? " --random" : "");
  }

  @Override
  public String list(boolean numeric) {
    return (minPort != 0 ? "redir ports " + ports() : "") + (random ? " random" : "");
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.nat(
        new NatRequest(
            false, new NatRange(null, null, minPort, maxPort), false, true, random, false));
  }

  /** xt_REDIRECT.c registers REDIRECT for PREROUTING and OUTPUT. */
  @Override
  public Set<Hook> allowedHooks() {
    return HOOKS;
  }
}
