package dev.ksim.netfilter.match;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.ipset.IpSet;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a match may look at besides the packet: the hook, the kernel's view of addresses, the
 * packet's conntrack entry, ipsets, the {@code recent} lists, the random source and the clock.
 */
public interface MatchContext {
  Packet packet();

  Hook hook();

  /** The address type of {@code address} ({@code addrtype}), seen from {@code iface} if limited. */
  AddrType addressType(IpAddress address, @Nullable String iface);

  /** The packet's conntrack state. */
  CtState ctState();

  /** The packet's conntrack entry, if tracked. */
  Optional<ConntrackEntry> conntrack();

  Optional<IpSet> ipset(String name);

  /** The {@code recent} lists of this kernel. */
  RecentLists recent();

  /**
   * Whether a {@code statistic --mode random} match with stored value {@code threshold} hits: the
   * kernel compares 31 random bits with it. A context that explores every branch decides here.
   */
  boolean randomHit(StatisticMatch match, long threshold);

  /** The packet count of a {@code statistic --mode nth} match, then increments it. */
  long nthCounter(StatisticMatch match);

  /** Whether a {@code limit} match still has tokens, consuming one. */
  boolean limitAllows(LimitMatch match);

  /** Counts the packet on an nfacct object. */
  void count(String nfacctName, int bytes);

  /** Milliseconds of (simulated) time, for {@code recent --seconds}. */
  long nowMillis();

  /** Whether side effects (recent lists, counters) are suppressed while exploring branches. */
  boolean isDryRun();

  CostCounter cost();
}
