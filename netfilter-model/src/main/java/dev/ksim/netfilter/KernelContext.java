package dev.ksim.netfilter;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.eval.WalkContext;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.match.AddrType;
import dev.ksim.netfilter.match.LimitMatch;
import dev.ksim.netfilter.match.RecentLists;
import dev.ksim.netfilter.match.StatisticMatch;
import dev.ksim.netfilter.table.RuleCounters;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The view of one kernel that rules are evaluated against, for one packet at one hook. In exploring
 * mode it has no side effects and takes random decisions from a script, so that every branch of a
 * probabilistic chain can be visited.
 */
final class KernelContext implements WalkContext {
  private final Netfilter kernel;
  private final PacketInFlight flight;
  private final Hook hook;
  private final Recording recording;
  private final @Nullable List<Boolean> script;
  private int decisions;

  /** What exploring costs, kept apart from the kernel's count (null when not exploring). */
  private final @Nullable CostCounter scratch;

  KernelContext(
      Netfilter kernel,
      PacketInFlight flight,
      Hook hook,
      Recording recording,
      @Nullable List<Boolean> script) {
    this.kernel = kernel;
    this.flight = flight;
    this.hook = hook;
    this.recording = recording;
    this.script = script;
    this.scratch = script != null ? new CostCounter() : null;
  }

  /** How many random decisions were taken (exploring mode). */
  int decisions() {
    return decisions;
  }

  @Override
  public Packet packet() {
    return flight.packet();
  }

  @Override
  public Hook hook() {
    return hook;
  }

  @Override
  public AddrType addressType(IpAddress address, @Nullable String iface) {
    return kernel.addressType(address, iface);
  }

  @Override
  public CtState ctState() {
    return flight.state();
  }

  @Override
  public Optional<ConntrackEntry> conntrack() {
    return Optional.ofNullable(flight.entry());
  }

  @Override
  public Optional<IpSet> ipset(String name) {
    return kernel.ipset(name);
  }

  @Override
  public RecentLists recent() {
    return kernel.recent();
  }

  @Override
  public boolean randomHit(StatisticMatch match, long threshold) {
    if (script != null) {
      int index = decisions++;
      return index < script.size() && script.get(index);
    }
    return (kernel.random().nextInt() & 0x7fffffffL) < threshold;
  }

  @Override
  public long nthCounter(StatisticMatch match) {
    return isDryRun() ? 0 : kernel.nextNth(match);
  }

  @Override
  public boolean limitAllows(LimitMatch match) {
    return isDryRun() || kernel.takeLimitToken(match);
  }

  @Override
  public void count(String nfacctName, int bytes) {
    kernel.countNfacct(nfacctName, bytes);
  }

  @Override
  public long nowMillis() {
    return kernel.nowMillis();
  }

  @Override
  public boolean isDryRun() {
    return script != null;
  }

  @Override
  public CostCounter cost() {
    // exploring every branch is hypothetical work: it must not show in the kernel's cost
    return scratch != null ? scratch : kernel.cost();
  }

  @Override
  public void setMark(long mark) {
    flight.setPacket(flight.packet().withMark(mark));
  }

  @Override
  public @Nullable RuleCounters counters() {
    return isDryRun() ? null : kernel.counters(flight.packet().family());
  }

  @Override
  public Recording recording() {
    return recording;
  }
}
