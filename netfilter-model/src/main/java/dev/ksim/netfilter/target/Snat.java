package dev.ksim.netfilter.target;

import com.google.common.collect.Sets;
import dev.ksim.netfilter.hook.Hook;
import java.util.Set;

/**
 * {@code -j SNAT --to-source ip[-ip][:port[-port]] [--random] [--random-fully] [--persistent]} (nat
 * table, POSTROUTING and INPUT).
 */
public record Snat(NatRange range, boolean random, boolean randomFully, boolean persistent)
    implements Target {
  private static final Set<Hook> HOOKS = Sets.immutableEnumSet(Hook.POSTROUTING, Hook.INPUT);

  @Override
  public String name() {
    return "SNAT";
  }

  @Override
  public String save() {
    return "-j SNAT --to-source "
        + range.text()
        + (random ? " --random" : "")
        + (randomFully ? " --random-fully" : "")
        + (persistent ? " --persistent" : "");
  }

  @Override
  public String list(boolean numeric) {
    return "to:"
        + range.text()
        + (random ? " random" : "")
        + (randomFully ? " random-fully" : "")
        + (persistent ? " persistent" : "");
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.nat(new NatRequest(true, range, false, false, random, randomFully));
  }

  /** xt_nat.c registers SNAT for POSTROUTING and INPUT. */
  @Override
  public Set<Hook> allowedHooks() {
    return HOOKS;
  }
}
