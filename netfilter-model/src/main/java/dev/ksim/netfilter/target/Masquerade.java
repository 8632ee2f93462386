package dev.ksim.netfilter.target;

import com.google.common.collect.Sets;
import dev.ksim.netfilter.hook.Hook;
import java.util.Set;

/**
 * {@code -j MASQUERADE [--to-ports p[-p]] [--random] [--random-fully]} (nat POSTROUTING): SNAT to
 * the address of the interface the packet leaves by.
 *
 * @param minPort first port of {@code --to-ports}, 0 when absent
 * @param maxPort last port of {@code --to-ports}
 * @param random {@code --random}
 * @param randomFully {@code --random-fully}
 */
public record Masquerade(int minPort, int maxPort, boolean random, boolean randomFully)
    implements Target {
  private static final Set<Hook> HOOKS = Sets.immutableEnumSet(Hook.POSTROUTING);

  @Override
  public String name() {
    return "MASQUERADE";
  }

  private String ports() {
    return minPort == maxPort ? Integer.toString(minPort) : minPort + "-" + maxPort;
  }

  @Override
  public String save() {
    return "-j MASQUERADE"
        + (minPort != 0 ? " --to-ports " + ports() : "")
        + (random ? " --random" : "")
        + (randomFully ? " --random-fully" : "");
  }

  @Override
  public String list(boolean numeric) {
    StringBuilder sb = new StringBuilder();
    if (minPort != 0) {
      sb.append("masq ports: ").append(ports());
    }
    if (random) {
      sb.append(sb.length() > 0 ? " " : "").append("random");
    }
    if (randomFully) {
      sb.append(sb.length() > 0 ? " " : "").append("random-fully");
    }
    return sb.toString();
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.nat(
        new NatRequest(
            true, new NatRange(null, null, minPort, maxPort), true, false, random, randomFully));
  }

  /** xt_MASQUERADE.c registers MASQUERADE for POSTROUTING. */
  @Override
  public Set<Hook> allowedHooks() {
    return HOOKS;
  }
}
