package dev.ksim.netfilter;

import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackTable;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.conntrack.CtStatus;
import dev.ksim.netfilter.conntrack.Tuple;
import dev.ksim.netfilter.eval.ChainWalker;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.eval.TableTraversal;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.match.AddrType;
import dev.ksim.netfilter.match.LimitMatch;
import dev.ksim.netfilter.match.RecentLists;
import dev.ksim.netfilter.match.StatisticMatch;
import dev.ksim.netfilter.nat.NatEngine;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.target.NatRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * One kernel's netfilter (one network namespace): the rulesets of both families, the conntrack
 * table, ipsets, {@code recent} lists, nfacct counters, sysctls and the interface addresses the
 * {@code addrtype} match and MASQUERADE consult. A host pushes a {@link PacketInFlight} through
 * {@link #hook} at each hook it reaches; the first hook tracks the packet, NAT is done on the first
 * packet of a connection by the nat table and on later ones by conntrack, and the last hook
 * confirms a new connection.
 *
 * <p>Not thread-safe: a simulation drives it from its single event loop.
 */
public final class Netfilter {
  private final Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
  private final Map<IpFamily, RuleCounters> counters = new EnumMap<>(IpFamily.class);
  private final ConntrackTable conntrack = new ConntrackTable();
  private final RecentLists recent = new RecentLists();
  private final Map<String, IpSet> ipsets = new TreeMap<>();
  private final Map<String, long[]> nfacct = new TreeMap<>();
  private final Map<String, String> sysctls = new TreeMap<>();
  private final Map<String, List<InterfaceAddress>> interfaces = new LinkedHashMap<>();
  private final IdentityHashMap<StatisticMatch, long[]> nthCounters = new IdentityHashMap<>();
  private final IdentityHashMap<LimitMatch, long[]> limitBuckets = new IdentityHashMap<>();
  private final RandomSource random;
  private final LongSupplier clock;
  private final CostCounter cost = new CostCounter();

  public Netfilter(RandomSource random, LongSupplier clock) {
    this.random = random;
    this.clock = clock;
    for (IpFamily family : IpFamily.values()) {
      rulesets.put(family, Ruleset.EMPTY);
      counters.put(family, new RuleCounters());
    }
    interfaces.put(
        "lo",
        new ArrayList<>(
            List.of(
                InterfaceAddress.tryParse("127.0.0.1/8").orElseThrow(),
                InterfaceAddress.tryParse("::1/128").orElseThrow())));
  }

  // ---- state ----

  public Ruleset ruleset(IpFamily family) {
    return java.util.Objects.requireNonNull(rulesets.get(family));
  }

  /** Replaces a family's ruleset (what iptables-restore commits). */
  public void setRuleset(IpFamily family, Ruleset ruleset) {
    rulesets.put(family, ruleset);
  }

  public RuleCounters counters(IpFamily family) {
    return java.util.Objects.requireNonNull(counters.get(family));
  }

  public ConntrackTable conntrack() {
    return conntrack;
  }

  public RecentLists recent() {
    return recent;
  }

  public Optional<IpSet> ipset(String name) {
    return Optional.ofNullable(ipsets.get(name));
  }

  /** The ipsets, by name. */
  public Map<String, IpSet> ipsets() {
    return ipsets;
  }

  /**
   * Creates an nfacct object ({@code nfacct add}); counting packets on a missing one is a no-op.
   */
  public void addNfacct(String name) {
    nfacct.putIfAbsent(name, new long[2]);
  }

  public boolean hasNfacct(String name) {
    return nfacct.containsKey(name);
  }

  /** {packets, bytes} of an nfacct object. */
  public long[] nfacct(String name) {
    long[] c = nfacct.get(name);
    return c == null ? new long[2] : c.clone();
  }

  void countNfacct(String name, int bytes) {
    long[] c = nfacct.get(name);
    if (c != null) {
      c[0]++;
      c[1] += bytes;
    }
  }

  public void setSysctl(String name, String value) {
    sysctls.put(name, value);
  }

  public Optional<String> sysctl(String name) {
    return Optional.ofNullable(sysctls.get(name));
  }

  /** Adds an address to an interface (creating the interface). */
  public void addAddress(String iface, InterfaceAddress address) {
    interfaces.computeIfAbsent(iface, i -> new ArrayList<>()).add(address);
  }

  /** The interfaces and their addresses, in the order they were added. */
  public Map<String, List<InterfaceAddress>> interfaces() {
    return interfaces;
  }

  /** The first address of {@code family} on {@code iface}. */
  public Optional<IpAddress> primaryAddress(String iface, IpFamily family) {
    return interfaces.getOrDefault(iface, List.of()).stream()
        .map(InterfaceAddress::address)
        .filter(a -> a.family() == family)
        .findFirst();
  }

  /** Whether {@code address} is one of this host's (on any interface, including 127.0.0.0/8). */
  public boolean isLocal(IpAddress address) {
    return addressType(address, null) == AddrType.LOCAL;
  }

  /** The route type of {@code address}, as the addrtype match sees it. */
  public AddrType addressType(IpAddress address, @org.jspecify.annotations.Nullable String iface) {
    for (Map.Entry<String, List<InterfaceAddress>> e : interfaces.entrySet()) {
      if (iface != null && !iface.isEmpty() && !e.getKey().equals(iface)) {
        continue;
      }
      for (InterfaceAddress a : e.getValue()) {
        boolean loopbackNet = e.getKey().equals("lo") && a.network().contains(address);
        if (a.address().equals(address) || loopbackNet) {
          return AddrType.LOCAL;
        }
        if (a.broadcast().map(address::equals).orElse(false)) {
          return AddrType.BROADCAST;
        }
      }
    }
    if (address.isV4()) {
      if (address.equals(IpAddress.parse("255.255.255.255"))) {
        return AddrType.BROADCAST;
      }
      if (Cidr.parse("224.0.0.0/4").contains(address)) {
        return AddrType.MULTICAST;
      }
      if (address.equals(IpAddress.parse("0.0.0.0"))) {
        return AddrType.UNSPEC;
      }
    } else if (Cidr.parse("ff00::/8").contains(address)) {
      return AddrType.MULTICAST;
    }
    return AddrType.UNICAST;
  }

  RandomSource random() {
    return random;
  }

  public long nowMillis() {
    return clock.getAsLong();
  }

  public CostCounter cost() {
    return cost;
  }

  long nextNth(StatisticMatch match) {
    long[] c = nthCounters.computeIfAbsent(match, m -> new long[1]);
    return c[0]++;
  }

  boolean takeLimitToken(LimitMatch match) {
    long now = nowMillis();
    long[] bucket = limitBuckets.computeIfAbsent(match, m -> new long[] {m.burst(), now});
    long refill = (now - bucket[1]) / match.intervalMillis();
    if (refill > 0) {
      bucket[0] = Math.min(match.burst(), bucket[0] + refill);
      bucket[1] = now;
    }
    if (bucket[0] > 0) {
      bucket[0]--;
      return true;
    }
    return false;
  }

  /** Forgets connections, recent lists and counters: a fresh kernel with the same rules. */
  public void resetState() {
    conntrack.flush();
    recent.clear();
    nthCounters.clear();
    limitBuckets.clear();
  }

  // ---- packets ----

  /**
   * Runs the tables registered at {@code hook} for the packet, in priority order, with conntrack
   * and NAT where the kernel does them.
   */
  public HookTraversal hook(Hook hook, PacketInFlight flight, Recording record) {
    CostCounter.Cost before = cost.snapshot();
    Ruleset ruleset = ruleset(flight.packet().family());
    List<TableTraversal> traversals = new ArrayList<>();
    HookVerdict verdict = HookVerdict.ACCEPT;
    boolean conntrackDone = flight.isTracked();
    for (Table table : Table.at(hook)) {
      if (!conntrackDone && table.priority(hook) > -200) {
        track(flight);
        conntrackDone = true;
      }
      if (table == Table.NAT) {
        TableTraversal nat = nat(hook, flight, ruleset, record);
        if (nat != null) {
          traversals.add(nat);
          if (nat.verdict() != HookVerdict.ACCEPT) {
            verdict = nat.verdict();
            break;
          }
        }
        continue;
      }
      if (!ruleset.has(table)) {
        continue;
      }
      TableTraversal traversal =
          ChainWalker.walk(
              ruleset.table(table), hook, new KernelContext(this, flight, hook, record, null));
      traversals.add(traversal);
      if (traversal.untracked() && !flight.isTracked()) {
        flight.setUntracked();
      }
      if (traversal.verdict() != HookVerdict.ACCEPT) {
        verdict = traversal.verdict();
        break;
      }
    }
    if (!conntrackDone) {
      track(flight);
    }
    if (verdict == HookVerdict.ACCEPT && (hook == Hook.POSTROUTING || hook == Hook.INPUT)) {
      confirm(flight);
    }
    return new HookTraversal(hook, traversals, verdict, cost.snapshot().minus(before));
  }

  /** Conntrack's look at a packet: find its connection or start a new one. */
  private void track(PacketInFlight flight) {
    if (flight.isUntracked() || flight.isTracked()) {
      return;
    }
    Packet packet = flight.packet();
    long now = nowMillis();
    cost.conntrackLookup();
    Optional<ConntrackTable.Found> found = conntrack.lookup(Tuple.of(packet), now);
    if (found.isPresent() && ConntrackTable.reopens(found.get(), packet)) {
      conntrack.remove(found.get().entry());
      found = Optional.empty();
    }
    if (found.isPresent()) {
      ConntrackTable.Direction direction = found.get().direction();
      ConntrackEntry entry = conntrack.update(found.get().entry(), packet, direction, now);
      CtState state =
          direction == ConntrackTable.Direction.ORIGINAL && !entry.has(CtStatus.SEEN_REPLY)
              ? CtState.NEW
              : CtState.ESTABLISHED;
      flight.track(entry, direction, state, false);
      return;
    }
    flight.track(
        conntrack.newEntry(packet, now), ConntrackTable.Direction.ORIGINAL, CtState.NEW, true);
  }

  /**
   * The nat table's work at {@code hook}: for a new connection, traverse the table and bind the NAT
   * it asks for; for a known one, apply its binding (or undo it on a reply).
   */
  private @org.jspecify.annotations.Nullable TableTraversal nat(
      Hook hook, PacketInFlight flight, Ruleset ruleset, Recording record) {
    ConntrackEntry entry = flight.entry();
    if (flight.isUntracked() || entry == null) {
      return null;
    }
    boolean destinationHalf = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
    if (flight.isUnconfirmed()) {
      TableTraversal traversal = null;
      if (ruleset.has(Table.NAT)) {
        traversal =
            ChainWalker.walk(
                ruleset.table(Table.NAT),
                hook,
                new KernelContext(this, flight, hook, record, null));
        NatRequest request = traversal.nat();
        if (request != null && request.source() != destinationHalf) {
          bind(hook, flight, request);
        }
      }
      return traversal;
    }
    applyBinding(hook, flight, entry, destinationHalf);
    return null;
  }

  private void bind(Hook hook, PacketInFlight flight, NatRequest request) {
    Packet packet = flight.packet();
    ConntrackEntry entry = java.util.Objects.requireNonNull(flight.entry());
    IpAddress address;
    if (request.masquerade()) {
      address = primaryAddress(packet.outInterface(), packet.family()).orElse(packet.source());
    } else if (request.redirect()) {
      address =
          packet.inInterface().isEmpty()
              ? (packet.family() == IpFamily.IPV4
                  ? IpAddress.parse("127.0.0.1")
                  : IpAddress.parse("::1"))
              : primaryAddress(packet.inInterface(), packet.family()).orElse(packet.destination());
    } else {
      address = request.source() ? packet.source() : packet.destination();
    }
    ConntrackEntry bound = NatEngine.bind(entry, request, address, conntrack, random, nowMillis());
    flight.setEntry(bound);
    if (request.source()) {
      IpPort before = packet.sourceIpPort();
      IpPort after = new IpPort(bound.reply().destination(), bound.reply().destinationPort());
      flight.setPacket(packet.withSource(after.ip(), after.port()));
      flight.setMasqueraded();
      flight.addTranslation(new Translation(Translation.Kind.SNAT, hook, before, after));
    } else {
      IpPort before = packet.destinationIpPort();
      IpPort after = new IpPort(bound.reply().source(), bound.reply().sourcePort());
      flight.setPacket(packet.withDestination(after.ip(), after.port()));
      flight.addTranslation(new Translation(Translation.Kind.DNAT, hook, before, after));
    }
  }

  /** What conntrack does to later packets of a NATed connection at the nat hooks. */
  private void applyBinding(
      Hook hook, PacketInFlight flight, ConntrackEntry entry, boolean destinationHalf) {
    Packet packet = flight.packet();
    boolean original = flight.direction() == ConntrackTable.Direction.ORIGINAL;
    if (destinationHalf) {
      if (original && entry.isDestinationNatted()) {
        IpPort after = new IpPort(entry.reply().source(), entry.reply().sourcePort());
        flight.setPacket(packet.withDestination(after.ip(), after.port()));
        flight.addTranslation(
            new Translation(
                Translation.Kind.CONNTRACK_DNAT, hook, packet.destinationIpPort(), after));
      } else if (!original && entry.isSourceNatted()) {
        IpPort after = new IpPort(entry.original().source(), entry.original().sourcePort());
        flight.setPacket(packet.withDestination(after.ip(), after.port()));
        flight.addTranslation(
            new Translation(
                Translation.Kind.REVERSE_SNAT, hook, packet.destinationIpPort(), after));
      }
    } else {
      if (original && entry.isSourceNatted()) {
        IpPort after = new IpPort(entry.reply().destination(), entry.reply().destinationPort());
        flight.setPacket(packet.withSource(after.ip(), after.port()));
        flight.setMasqueraded();
        flight.addTranslation(
            new Translation(Translation.Kind.CONNTRACK_SNAT, hook, packet.sourceIpPort(), after));
      } else if (!original && entry.isDestinationNatted()) {
        IpPort after =
            new IpPort(entry.original().destination(), entry.original().destinationPort());
        flight.setPacket(packet.withSource(after.ip(), after.port()));
        flight.addTranslation(
            new Translation(Translation.Kind.REVERSE_DNAT, hook, packet.sourceIpPort(), after));
      }
    }
  }

  /** Inserts the packet's new connection into the table (the kernel's confirm). */
  public void confirm(PacketInFlight flight) {
    ConntrackEntry entry = flight.entry();
    if (flight.isUnconfirmed() && entry != null) {
      flight.setEntry(conntrack.confirm(entry));
      flight.confirmed();
    }
  }

  /**
   * Every destination the nat table at {@code hook} could DNAT this first packet to, whatever the
   * random draws: each branch of every {@code statistic} match is explored, without side effects,
   * up to {@link DnatCandidates#MAX_WALKS} walks of the table.
   */
  public DnatCandidates dnatCandidates(Hook hook, Packet packet) {
    Set<IpPort> result = new TreeSet<>();
    Ruleset ruleset = ruleset(packet.family());
    if (!ruleset.has(Table.NAT)) {
      return new DnatCandidates(result, true);
    }
    java.util.ArrayDeque<List<Boolean>> pending = new java.util.ArrayDeque<>();
    pending.add(List.of());
    int runs = 0;
    while (!pending.isEmpty() && runs++ < DnatCandidates.MAX_WALKS) {
      List<Boolean> script = pending.poll();
      PacketInFlight flight = new PacketInFlight(packet);
      flight.track(
          conntrack.newEntry(packet, nowMillis()),
          ConntrackTable.Direction.ORIGINAL,
          CtState.NEW,
          true);
      KernelContext context = new KernelContext(this, flight, hook, Recording.NONE, script);
      TableTraversal traversal = ChainWalker.walk(ruleset.table(Table.NAT), hook, context);
      NatRequest request = traversal.nat();
      if (request != null && !request.source()) {
        IpAddress ip =
            request.range().minIp() != null
                ? request.range().minIp()
                : request.redirect()
                    ? primaryAddress(packet.inInterface(), packet.family())
                        .orElse(packet.destination())
                    : packet.destination();
        int port =
            request.range().hasPorts() ? request.range().minPort() : packet.destinationPort();
        result.add(new IpPort(ip, port));
      }
      for (int i = script.size(); i < context.decisions(); i++) {
        List<Boolean> next = new ArrayList<>(script);
        while (next.size() < i) {
          next.add(false);
        }
        next.add(true);
        pending.add(next);
      }
    }
    return new DnatCandidates(result, pending.isEmpty());
  }
}
