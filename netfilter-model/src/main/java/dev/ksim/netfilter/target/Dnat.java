package dev.ksim.netfilter.target;

import com.google.common.collect.Sets;
import dev.ksim.netfilter.hook.Hook;
import java.util.Set;

/**
 * {@code -j DNAT --to-destination ip[-ip][:port[-port]] [--random] [--persistent]} (nat table,
 * PREROUTING and OUTPUT): rewrites the destination of the connection's first packet; conntrack
 * applies it to the rest and reverses it on replies.
 */
public record Dnat(NatRange range, boolean random, boolean persistent) implements Target {
  private static final Set<Hook> HOOKS = Sets.immutableEnumSet(Hook.PREROUTING, Hook.OUTPUT);

  @Override
  public String name() {
    return "DNAT";
  }

  @Override
  public String save() {
    return "-j DNAT --to-destination "
        + range.text()
        + (random ? " --random" : "")
        + (persistent ? " --persistent" : "");
  }

  @Override
  public String list(boolean numeric) {
    return "to:" + range.text() + (random ? " random" : "") + (persistent ? " persistent" : "");
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.nat(new NatRequest(false, range, false, false, random, false));
  }

  /** xt_nat.c registers DNAT for PREROUTING and OUTPUT. */
  @Override
  public Set<Hook> allowedHooks() {
    return HOOKS;
  }
}
