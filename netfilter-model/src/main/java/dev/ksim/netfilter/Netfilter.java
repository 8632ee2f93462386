package dev.ksim.netfilter;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Maps;
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
import dev.ksim.netfilter.eval.HookPassage;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.eval.TableTraversal;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookResult;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.hook.RandomSource;
import dev.ksim.netfilter.hook.Translation;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.match.AddrType;
import dev.ksim.netfilter.match.LimitMatch;
import dev.ksim.netfilter.match.RecentLists;
import dev.ksim.netfilter.match.StatisticMatch;
import dev.ksim.netfilter.nat.NatEngine;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.eval.NftChainTraversal;
import dev.ksim.netfilter.nft.eval.NftChainWalker;
import dev.ksim.netfilter.nft.eval.NftSetState;
import dev.ksim.netfilter.nft.eval.NftWalk;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.target.NatRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

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
  private static final String LOOPBACK = "lo";
  private static final IpAddress LIMITED_BROADCAST = IpAddress.parse("255.255.255.255");
  private static final IpAddress V4_UNSPECIFIED = IpAddress.parse("0.0.0.0");
  private static final Cidr V4_MULTICAST = Cidr.parse("224.0.0.0/4");
  private static final Cidr V6_MULTICAST = Cidr.parse("ff00::/8");

  private final Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
  private final Map<IpFamily, RuleCounters> counters = new EnumMap<>(IpFamily.class);
  private final ConntrackTable conntrack = new ConntrackTable();
  private final RecentLists recent = new RecentLists();
  private final Map<String, IpSet> ipsets = new TreeMap<>();
  private final Map<String, long[]> nfacct = new TreeMap<>();
  private final Map<String, String> sysctls = new TreeMap<>();
  private long sysctlChanges;
  private final Map<String, List<InterfaceAddress>> interfaces = new LinkedHashMap<>();
  private final AddressIndex addressIndex = new AddressIndex();
  private final Set<String> downInterfaces = new TreeSet<>();
  private final IdentityHashMap<StatisticMatch, long[]> nthCounters = new IdentityHashMap<>();
  private final IdentityHashMap<LimitMatch, long[]> limitBuckets = new IdentityHashMap<>();
  private final RandomSource random;
  private final LongSupplier clock;
  private final CostCounter cost = new CostCounter();
  private NftRuleset nftables = NftRuleset.EMPTY;

  /**
   * The base chains at each hook for each family, found once per ruleset: a kube-proxy table has a
   * few base chains among tens of thousands of regular ones.
   */
  private Map<IpFamily, Map<Hook, List<NftRuleset.HookedChain>>> nftBaseChains =
      baseChainsOf(NftRuleset.EMPTY);

  private final NftSetState nftSets = new NftSetState();
  private final Map<Hook, List<HookFunction>> functions = new EnumMap<>(Hook.class);

  public Netfilter(RandomSource random, LongSupplier clock) {
    this.random = random;
    this.clock = clock;
    for (IpFamily family : IpFamily.values()) {
      rulesets.put(family, Ruleset.EMPTY);
      counters.put(family, new RuleCounters());
    }
    addAddress(LOOPBACK, InterfaceAddress.tryParse("127.0.0.1/8").orElseThrow());
    addAddress(LOOPBACK, InterfaceAddress.tryParse("::1/128").orElseThrow());
  }

  // ---- state ----

  public Ruleset ruleset(IpFamily family) {
    return Objects.requireNonNull(rulesets.get(family));
  }

  /**
   * Replaces a family's ruleset (what iptables-restore commits); the counters of each table it
   * replaces follow (see {@link RuleCounters#replaced}).
   */
  @SuppressWarnings("ReferenceEquality") // a table left alone is the same instance
  public void setRuleset(IpFamily family, Ruleset ruleset) {
    Ruleset before = Objects.requireNonNull(rulesets.put(family, ruleset));
    RuleCounters familyCounters = counters(family);
    for (Table table : Table.values()) {
      TableState next = ruleset.table(table);
      if (next != before.table(table)) {
        familyCounters.replaced(table, next);
      }
    }
  }

  /** The nftables ruleset ({@code nft list ruleset}). */
  public NftRuleset nftables() {
    return nftables;
  }

  /** Replaces the nftables ruleset (what a successful {@code nft -f} transaction leaves). */
  public void setNftables(NftRuleset ruleset) {
    nftables = ruleset;
    nftBaseChains = baseChainsOf(ruleset);
  }

  private static Map<IpFamily, Map<Hook, List<NftRuleset.HookedChain>>> baseChainsOf(
      NftRuleset ruleset) {
    Map<IpFamily, Map<Hook, List<NftRuleset.HookedChain>>> byFamily = new EnumMap<>(IpFamily.class);
    for (IpFamily family : IpFamily.values()) {
      Map<Hook, List<NftRuleset.HookedChain>> byHook = new EnumMap<>(Hook.class);
      for (Hook hook : Hook.values()) {
        byHook.put(hook, List.copyOf(ruleset.baseChains(family, hook)));
      }
      byFamily.put(family, byHook);
    }
    return byFamily;
  }

  private List<NftRuleset.HookedChain> hookedChains(IpFamily family, Hook hook) {
    return nftBaseChains.getOrDefault(family, Map.of()).getOrDefault(hook, List.of());
  }

  /** What nftables rules added to dynamic sets at run time. */
  public NftSetState nftSets() {
    return nftSets;
  }

  public RuleCounters counters(IpFamily family) {
    return Objects.requireNonNull(counters.get(family));
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
    sysctlChanges++;
  }

  /**
   * How many times a sysctl was set: a reader that keeps values derived from the sysctls (IPVS's
   * snapshot) reads them again only when this count moved.
   */
  public long sysctlChanges() {
    return sysctlChanges;
  }

  public Optional<String> sysctl(String name) {
    return Optional.ofNullable(sysctls.get(name));
  }

  /** Adds an address to an interface (creating the interface). */
  public void addAddress(String iface, InterfaceAddress address) {
    interfaces.computeIfAbsent(iface, i -> new ArrayList<>()).add(address);
    addressIndex.add(iface, address);
  }

  /**
   * Creates an interface without addresses unless it exists ({@code ip link add}); a link made so
   * starts administratively down, as kube-proxy's {@code kube-ipvs0} stays.
   */
  public void addInterface(String iface) {
    if (!interfaces.containsKey(iface)) {
      interfaces.put(iface, new ArrayList<>());
      downInterfaces.add(iface);
    }
  }

  /** Deletes an interface with its addresses ({@code ip link del}). */
  public void removeInterface(String iface) {
    List<InterfaceAddress> removed = interfaces.remove(iface);
    if (removed != null) {
      removed.forEach(a -> addressIndex.remove(iface, a));
    }
    downInterfaces.remove(iface);
  }

  /** Sets {@code iface} up or down ({@code ip link set IFACE up|down}). */
  public void setUp(String iface, boolean up) {
    if (up) {
      downInterfaces.remove(iface);
    } else {
      downInterfaces.add(iface);
    }
  }

  /** Whether {@code iface} is administratively up. */
  public boolean isUp(String iface) {
    return !downInterfaces.contains(iface);
  }

  /**
   * Removes an address from an interface ({@code ip address del}); the interface stays.
   *
   * @return whether the interface had it
   */
  public boolean removeAddress(String iface, IpAddress address) {
    List<InterfaceAddress> list = interfaces.get(iface);
    if (list == null) {
      return false;
    }
    return list.removeIf(
        a -> {
          boolean match = a.address().equals(address);
          if (match) {
            addressIndex.remove(iface, a);
          }
          return match;
        });
  }

  /**
   * The interfaces and their addresses, in the order they were added; read only (change them
   * through {@link #addAddress}, {@link #removeAddress} and {@link #removeInterface}, which keep
   * the address lookup in step). A view: it shows later changes, and refuses changes itself.
   */
  public Map<String, List<InterfaceAddress>> interfaces() {
    return Collections.unmodifiableMap(
        Maps.transformValues(interfaces, Collections::unmodifiableList));
  }

  /** The first address of {@code family} on {@code iface}. */
  public Optional<IpAddress> primaryAddress(String iface, IpFamily family) {
    // a loop, not a stream: MASQUERADE asks for every new connection it binds
    for (InterfaceAddress a : interfaces.getOrDefault(iface, List.of())) {
      if (a.address().family() == family) {
        return Optional.of(a.address());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code address} is one of this host's (on any interface, including 127.0.0.0/8): the
   * interfaces' part of {@link #addressType} only, as a local address is never one of the route
   * types the rest works out (a host asks for every packet it routes).
   */
  public boolean isLocal(IpAddress address) {
    return interfaceAddressType(address, null) == AddrType.LOCAL;
  }

  /**
   * The route type of {@code address}, as the addrtype match sees it: one lookup of the address
   * index (and of loopback's subnets), the interfaces walked in order only when an address is both
   * one interface's and another subnet's broadcast.
   */
  public AddrType addressType(IpAddress address, @Nullable String iface) {
    AddrType onInterface = interfaceAddressType(address, iface);
    return onInterface != null ? onInterface : routeType(address);
  }

  /**
   * {@code address}'s type as an interface address or subnet broadcast (LOCAL or BROADCAST), or
   * null when it is neither.
   */
  private @Nullable AddrType interfaceAddressType(IpAddress address, @Nullable String iface) {
    AddressIndex.Kind kind = addressIndex.kind(address, iface);
    boolean loopbackNet =
        (iface == null || iface.isEmpty() || iface.equals(LOOPBACK)) && onLoopbackNetwork(address);
    if (kind == AddressIndex.Kind.MIXED || (loopbackNet && kind == AddressIndex.Kind.BROADCAST)) {
      return interfaceType(address, iface);
    }
    if (loopbackNet || kind == AddressIndex.Kind.LOCAL) {
      return AddrType.LOCAL;
    }
    return kind == AddressIndex.Kind.BROADCAST ? AddrType.BROADCAST : null;
  }

  /** Whether {@code address} is in the network of one of loopback's addresses (127.0.0.0/8). */
  private boolean onLoopbackNetwork(IpAddress address) {
    for (InterfaceAddress a : interfaces.getOrDefault(LOOPBACK, List.of())) {
      if (a.networkContains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The type of the first interface address or subnet broadcast {@code address} is, in order. */
  private AddrType interfaceType(IpAddress address, @Nullable String iface) {
    for (Map.Entry<String, List<InterfaceAddress>> e : interfaces.entrySet()) {
      if (iface != null && !iface.isEmpty() && !e.getKey().equals(iface)) {
        continue;
      }
      for (InterfaceAddress a : e.getValue()) {
        boolean loopbackNet = e.getKey().equals(LOOPBACK) && a.networkContains(address);
        if (a.address().equals(address) || loopbackNet) {
          return AddrType.LOCAL;
        }
        if (a.broadcast().map(address::equals).orElse(false)) {
          return AddrType.BROADCAST;
        }
      }
    }
    throw new IllegalStateException("address index out of step for " + address);
  }

  /** The type of an address on no interface. */
  private static AddrType routeType(IpAddress address) {
    if (address.isV4()) {
      if (address.equals(LIMITED_BROADCAST)) {
        return AddrType.BROADCAST;
      }
      if (V4_MULTICAST.contains(address)) {
        return AddrType.MULTICAST;
      }
      if (address.equals(V4_UNSPECIFIED)) {
        return AddrType.UNSPEC;
      }
    } else if (V6_MULTICAST.contains(address)) {
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
    nftSets.clear();
    nthCounters.clear();
    limitBuckets.clear();
  }

  // ---- packets ----

  /**
   * Registers a function at its hook ({@code nf_register_net_hook}): it runs among the tables by
   * priority, after the tables and functions of the same priority already there.
   */
  public void register(HookFunction function) {
    List<HookFunction> at = functions.computeIfAbsent(function.hook(), h -> new ArrayList<>());
    int index = 0;
    while (index < at.size() && at.get(index).priority() <= function.priority()) {
      index++;
    }
    at.add(index, function);
  }

  /** Removes a registered function ({@code nf_unregister_net_hook}). */
  public void unregister(HookFunction function) {
    List<HookFunction> at = functions.get(function.hook());
    if (at != null) {
      at.remove(function);
    }
  }

  /** The functions registered at {@code hook}, in priority order. */
  public List<HookFunction> functions(Hook hook) {
    return List.copyOf(functions.getOrDefault(hook, List.of()));
  }

  /**
   * Runs what is registered at {@code hook} for the packet, in priority order: the iptables tables
   * and the nftables base chains (iptables first where priorities tie, as registered first), with
   * conntrack and NAT where the kernel does them.
   */
  public HookTraversal hook(Hook hook, PacketInFlight flight, Recording record) {
    CostCounter.Cost before = cost.snapshot();
    List<TableTraversal> traversals = new ArrayList<>();
    List<NftChainTraversal> nftTraversals =
        hookedChains(flight.packet().family(), hook).isEmpty()
            ? ImmutableList.of()
            : new ArrayList<>();
    List<FunctionRun> runs = functionRuns(hook);
    HookVerdict verdict = run(hook, flight, record, traversals, nftTraversals, runs);
    return new HookTraversal(hook, traversals, nftTraversals, verdict, cost.since(before), runs);
  }

  /**
   * Runs {@code hook} as {@link #hook} does, with the same effects on the packet, conntrack and
   * counters, but keeps nothing of the tables' and chains' passages: for a packet whose trace
   * nobody reads.
   */
  public HookPassage pass(Hook hook, PacketInFlight flight, Recording record) {
    List<FunctionRun> runs = functionRuns(hook);
    HookVerdict verdict = run(hook, flight, record, null, null, runs);
    return new HookPassage(verdict, runs.isEmpty() ? ImmutableList.of() : runs);
  }

  /** A list for the runs of the functions registered at {@code hook}, if any are. */
  private List<FunctionRun> functionRuns(Hook hook) {
    return functions.getOrDefault(hook, List.of()).isEmpty()
        ? ImmutableList.of()
        : new ArrayList<>(0);
  }

  /**
   * The work of {@link #hook}: adds each table's and chain's passage to {@code traversals} and
   * {@code nftTraversals} when given, and the hook functions' runs to {@code runs}: every run when
   * the tables' passages are kept (a trace reads them all), else only the runs something reads, one
   * with a record or one that took the packet; returns the verdict.
   */
  private HookVerdict run(
      Hook hook,
      PacketInFlight flight,
      Recording record,
      @Nullable List<TableTraversal> traversals,
      @Nullable List<NftChainTraversal> nftTraversals,
      List<FunctionRun> runs) {
    Ruleset ruleset = ruleset(flight.packet().family());
    List<Table> tables = Table.at(hook);
    List<NftRuleset.HookedChain> chains = hookedChains(flight.packet().family(), hook);
    List<HookFunction> registered = functions.getOrDefault(hook, List.of());
    HookVerdict verdict = HookVerdict.ACCEPT;
    boolean stolen = false;
    boolean conntrackDone = flight.isTracked();
    NatHook natHook = new NatHook(hook, record);
    int nextTable = 0;
    int nextChain = 0;
    int nextFunction = 0;
    while (verdict == HookVerdict.ACCEPT
        && !stolen
        && (nextTable < tables.size()
            || nextChain < chains.size()
            || nextFunction < registered.size())) {
      // ties: the iptables tables first, then nftables chains, then functions (registration order)
      int tablePriority =
          nextTable < tables.size() ? tables.get(nextTable).priority(hook) : Integer.MAX_VALUE;
      int chainPriority =
          nextChain < chains.size() ? chains.get(nextChain).base().priority() : Integer.MAX_VALUE;
      int functionPriority =
          nextFunction < registered.size()
              ? registered.get(nextFunction).priority()
              : Integer.MAX_VALUE;
      int priority = Math.min(tablePriority, Math.min(chainPriority, functionPriority));
      if (!conntrackDone && priority > -200) {
        track(flight);
        conntrackDone = true;
      }
      if (tablePriority == priority && nextTable < tables.size()) {
        TableTraversal traversal = table(tables.get(nextTable++), natHook, flight, ruleset);
        if (traversal != null) {
          if (traversals != null) {
            traversals.add(traversal);
          }
          verdict = traversal.verdict();
        }
      } else if (chainPriority == priority && nextChain < chains.size()) {
        NftChainTraversal traversal = nftChain(chains.get(nextChain++), natHook, flight, record);
        if (traversal != null) {
          if (nftTraversals != null) {
            nftTraversals.add(traversal);
          }
          verdict = traversal.walk().verdict();
        }
      } else {
        HookResult result =
            runFunction(registered.get(nextFunction++), flight, record, runs, traversals != null);
        if (result != null && (result.verdict() != HookVerdict.ACCEPT || result.sent())) {
          // a drop, a reject, or a packet the function took: the hook stops there
          verdict = result.verdict();
          stolen = verdict == HookVerdict.ACCEPT;
        }
      }
    }
    if (!conntrackDone) {
      track(flight);
    }
    if (verdict == HookVerdict.ACCEPT
        && !stolen
        && (hook == Hook.POSTROUTING || hook == Hook.INPUT)) {
      confirm(flight);
    }
    return verdict;
  }

  /**
   * The nat hook's state for one packet at one hook: a known connection gets its binding applied
   * once, whichever nat table or chain comes first; a new one asks nat tables and chains in turn
   * until one binds this half. It also holds the context the hook's tables are walked with, made
   * when the first is walked: most hooks a packet passes (a pod's) have no table.
   */
  private final class NatHook {
    final Hook hook;
    final boolean destinationHalf;
    final Recording record;
    boolean applied;
    private @Nullable KernelContext context;

    NatHook(Hook hook, Recording record) {
      this.hook = hook;
      this.destinationHalf = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
      this.record = record;
    }

    /** One context serves every table at the hook: the packet is read through the flight. */
    KernelContext context(PacketInFlight flight) {
      KernelContext made = context;
      if (made == null) {
        made = new KernelContext(Netfilter.this, flight, hook, record, null);
        context = made;
      }
      return made;
    }

    boolean bound(ConntrackEntry entry) {
      return destinationHalf ? entry.isDestinationNatted() : entry.isSourceNatted();
    }
  }

  private @Nullable TableTraversal table(
      Table table, NatHook natHook, PacketInFlight flight, Ruleset ruleset) {
    if (table == Table.NAT) {
      return nat(natHook, flight, ruleset);
    }
    TableState state = ruleset.tables().get(table);
    if (state == null) {
      return null;
    }
    TableTraversal traversal = ChainWalker.walk(state, natHook.hook, natHook.context(flight));
    if (traversal.untracked() && !flight.isTracked()) {
      flight.setUntracked();
    }
    return traversal;
  }

  private @Nullable NftChainTraversal nftChain(
      NftRuleset.HookedChain hooked, NatHook natHook, PacketInFlight flight, Recording record) {
    boolean isNat = hooked.base().type() == BaseChain.Type.NAT;
    if (isNat && !natWanted(natHook, flight)) {
      return null;
    }
    NftWalk walk =
        NftChainWalker.walk(
            hooked.table(),
            hooked.chain(),
            new NftKernelContext(this, flight, record, null, nftSets));
    if (walk.untracked() && !flight.isTracked()) {
      flight.setUntracked();
    }
    NatRequest request = walk.nat();
    if (isNat && request != null && request.source() != natHook.destinationHalf) {
      bind(natHook.hook, flight, request);
    }
    return new NftChainTraversal(
        hooked.table().qualifiedName(), hooked.chain().name(), hooked.base().priority(), walk);
  }

  /**
   * Whether a nat table or chain is consulted: only for the first packet of a connection whose half
   * is not bound yet; for later packets the binding is applied instead (once per hook).
   */
  private boolean natWanted(NatHook natHook, PacketInFlight flight) {
    ConntrackEntry entry = flight.entry();
    if (flight.isUntracked() || entry == null) {
      return false;
    }
    if (natHook.destinationHalf && flight.sentBy() != null) {
      // a re-sent packet's destination manip was set up on its first pass (nf_nat_initialized)
      return false;
    }
    if (flight.isUnconfirmed()) {
      return !natHook.bound(entry);
    }
    if (!natHook.applied) {
      natHook.applied = true;
      applyBinding(natHook.hook, flight, entry, natHook.destinationHalf);
    }
    return false;
  }

  /**
   * Runs one registered function when it is for the packet's family, applies what it decided and
   * adds its run to {@code runs}: every run when {@code everyRun}, else only one that recorded what
   * it did or took the packet (all an untraced passage reads); what it decided, or null when it did
   * not run.
   */
  private @Nullable HookResult runFunction(
      HookFunction function,
      PacketInFlight flight,
      Recording record,
      List<FunctionRun> runs,
      boolean everyRun) {
    if (function.family() != flight.packet().family()) {
      return null;
    }
    HookResult result = function.run(this, flight, record);
    if (result.translation() != null || result.conntrack() != HookResult.ConntrackAction.KEEP) {
      apply(result, flight);
    }
    if (everyRun || result.record() != null || result.sent()) {
      runs.add(new FunctionRun(function.hook(), function.name(), function.priority(), result));
    }
    return result;
  }

  /** A function's translation and conntrack action on the packet. */
  private static void apply(HookResult result, PacketInFlight flight) {
    Translation translation = result.translation();
    if (translation != null) {
      Packet packet = flight.packet();
      IpPort after = translation.after();
      flight.setPacket(
          translation.isSource()
              ? packet.withSource(after.ip(), after.port())
              : packet.withDestination(after.ip(), after.port()));
      flight.addTranslation(translation);
    }
    ConntrackEntry entry = flight.entry();
    switch (result.conntrack()) {
      case KEEP -> {}
      case UNTRACK -> flight.untrack();
      case FOLLOW -> {
        if (translation != null && entry != null && flight.isUnconfirmed()) {
          IpPort after = translation.after();
          Tuple reply =
              translation.isSource()
                  ? entry.reply().withDestination(after.ip(), after.port())
                  : entry.reply().withSource(after.ip(), after.port());
          flight.setEntry(
              new ConntrackEntry(
                  entry.id(),
                  entry.original(),
                  reply,
                  entry.tcpState(),
                  entry.status(),
                  entry.expiresAtMillis(),
                  entry.mark()));
        }
      }
    }
  }

  /** Conntrack's look at a packet: find its connection or start a new one. */
  private void track(PacketInFlight flight) {
    if (flight.isUntracked() || flight.isTracked()) {
      return;
    }
    Packet packet = flight.packet();
    long now = nowMillis();
    cost.conntrackLookup();
    ConntrackTable.Found found = conntrack.track(packet, now);
    if (found != null) {
      ConntrackTable.Direction direction = found.direction();
      ConntrackEntry entry = found.entry();
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

  /** The iptables nat table's work at the hook for a new connection (see {@link #natWanted}). */
  private @Nullable TableTraversal nat(NatHook natHook, PacketInFlight flight, Ruleset ruleset) {
    if (!natWanted(natHook, flight)) {
      return null;
    }
    TableState state = ruleset.tables().get(Table.NAT);
    if (state == null) {
      return null;
    }
    TableTraversal traversal = ChainWalker.walk(state, natHook.hook, natHook.context(flight));
    NatRequest request = traversal.nat();
    if (request != null && request.source() != natHook.destinationHalf) {
      bind(natHook.hook, flight, request);
    }
    return traversal;
  }

  private void bind(Hook hook, PacketInFlight flight, NatRequest request) {
    Packet packet = flight.packet();
    ConntrackEntry entry = Objects.requireNonNull(flight.entry());
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
   * Every destination the nat rules at {@code hook} (nftables' nat chains, then iptables' nat
   * table) could DNAT this first packet to, whatever the random draws: each branch of every {@code
   * statistic} match and each value of every {@code numgen} is explored, without side effects, up
   * to {@link DnatCandidates#MAX_WALKS} walks for each.
   */
  public DnatCandidates dnatCandidates(Hook hook, Packet packet) {
    Set<IpPort> result = new TreeSet<>();
    boolean cut = nftDnatCandidates(hook, packet, result);
    Ruleset ruleset = ruleset(packet.family());
    if (!ruleset.has(Table.NAT)) {
      return new DnatCandidates(result, cut);
    }
    ArrayDeque<List<Boolean>> pending = new ArrayDeque<>();
    pending.add(List.of());
    int walks = 0;
    while (!pending.isEmpty() && walks++ < DnatCandidates.MAX_WALKS) {
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
    return new DnatCandidates(result, cut || !pending.isEmpty());
  }

  /**
   * Adds the DNAT targets the nftables nat chains at {@code hook} could choose for this first
   * packet: every value of every {@code numgen} is tried, without side effects, up to {@link
   * DnatCandidates#MAX_WALKS} walks; returns whether values were left untried.
   */
  private boolean nftDnatCandidates(Hook hook, Packet packet, Set<IpPort> result) {
    // the base chains up to the last nat chain: a filter chain before it may drop the packet
    // (kube-proxy's firewall check at -110), and then nothing is translated
    List<NftRuleset.HookedChain> all = hookedChains(packet.family(), hook);
    int lastNat = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).base().type() == BaseChain.Type.NAT) {
        lastNat = i;
      }
    }
    if (lastNat < 0) {
      return false;
    }
    List<NftRuleset.HookedChain> chains = all.subList(0, lastNat + 1);
    ArrayDeque<List<Integer>> pending = new ArrayDeque<>();
    pending.add(List.of());
    int walks = 0;
    boolean cut = false;
    while (!pending.isEmpty() && walks++ < DnatCandidates.MAX_WALKS) {
      List<Integer> script = pending.poll();
      PacketInFlight flight = new PacketInFlight(packet);
      NftKernelContext context =
          new NftKernelContext(this, flight, Recording.NONE, script, new NftSetState());
      for (NftRuleset.HookedChain chain : chains) {
        NftWalk walk = NftChainWalker.walk(chain.table(), chain.chain(), context);
        NatRequest request = walk.nat();
        if (request != null && !request.source() && request.range().minIp() != null) {
          int port =
              request.range().hasPorts() ? request.range().minPort() : packet.destinationPort();
          result.add(new IpPort(request.range().minIp(), port));
          break;
        }
        if (walk.verdict() != HookVerdict.ACCEPT) {
          break;
        }
      }
      if (context.moduli().size() > script.size()) {
        for (int value = 1; value < context.moduli().get(script.size()); value++) {
          if (walks + pending.size() >= DnatCandidates.MAX_WALKS) {
            cut = true;
            break;
          }
          List<Integer> next = new ArrayList<>(script);
          next.add(value);
          pending.add(next);
        }
      }
    }
    return cut || !pending.isEmpty();
  }
}
