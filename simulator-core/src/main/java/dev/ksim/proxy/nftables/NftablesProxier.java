package dev.ksim.proxy.nftables;

import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.nft.text.NftScriptCache;
import dev.ksim.proxy.EndpointsChangeTracker;
import dev.ksim.proxy.EndpointsMap;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.LocalTrafficDetector;
import dev.ksim.proxy.NamespacedName;
import dev.ksim.proxy.Proxier;
import dev.ksim.proxy.ProxierContext;
import dev.ksim.proxy.ServiceChangeTracker;
import dev.ksim.proxy.ServicePortInfo;
import dev.ksim.proxy.ServicePortMap;
import dev.ksim.proxy.ServicePortName;
import dev.ksim.proxy.SyncResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's nftables proxier for one node and one family: {@link #syncProxyRules} writes the
 * {@code kube-proxy} table ({@code ip} or {@code ip6}) as an {@code nft -f} transaction and applies
 * it to the node's kernel, object for object as upstream's {@code syncProxyRules} writes it.
 *
 * <p>The first sync (and every full sync) recreates the base chains, sets and maps and rewrites
 * every Service chain and element. Later syncs are partial: only the chains whose rules changed are
 * flushed and refilled, and only the elements that changed are deleted and added, so a sync with no
 * change applies an empty transaction. A chain no Service needs any more is flushed at once and
 * deleted on the next sync (upstream waits until it has been stale for a second, for kernels that
 * keep it referenced a moment longer); an affinity set no endpoint needs is deleted at once. The
 * iptables and IPVS rules of an earlier kube-proxy are removed before this mode's first sync by
 * KubeProxy's platformCleanup (see {@link dev.ksim.proxy.ProxierRegistry}).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go">pkg/proxy/nftables/proxier.go</a>
 */
public final class NftablesProxier implements Proxier {
  static final String TABLE = "kube-proxy";
  static final String MARK_MASQ = "mark-for-masquerade";
  static final String REJECT_CHAIN = "reject-chain";

  private final IpFamily family;
  private final String nodeName;
  private final String tableRef;
  private final ServiceChangeTracker serviceChanges;
  private final EndpointsChangeTracker endpointsChanges;
  private final ServicePortMap svcPortMap = new ServicePortMap();
  private final EndpointsMap endpointsMap;
  private final ServicePortWriter.Settings settings;
  private final BaseObjects base;
  private final Heads heads;

  /**
   * What each Service port wrote in the last sync: a sync works out again only the ports of the
   * Services whose Service or endpoints changed since (what a port writes depends on nothing else).
   * A partial sync writes only those, as upstream skips the others; a full sync writes every port.
   */
  private Map<ServicePortName, ServiceObjects> lastWritten = Map.of();

  private Map<String, List<String>> lastChains = Map.of();
  private Map<String, ElementLine> lastElements = Map.of();
  private Map<String, Integer> lastAffinitySets = Map.of();
  private List<String> staleChains = List.of();
  private Transaction lastTransaction = new Transaction("", 0);

  private boolean synced;

  public NftablesProxier(ProxierContext context) {
    KubeProxyConfiguration config = context.config();
    this.family = context.family();
    this.nodeName = context.nodeName();
    String ipx = family == IpFamily.IPV4 ? "ip" : "ip6";
    this.tableRef = ipx + " " + TABLE;
    this.heads = new Heads(tableRef);
    Optional<List<IpAddress>> nodePortIps = nodePortIps(config, context);
    NftLocalDetector detector =
        NftLocalDetector.of(LocalTrafficDetector.of(config, family, context.podCidrs()), ipx);
    this.settings =
        new ServicePortWriter.Settings(
            ipx, detector, config.nftables().masqueradeAll(), context.nodeIp());
    this.base =
        new BaseObjects(
            ipx,
            "0x" + Long.toHexString(1L << config.nftables().masqueradeBit()),
            nodePortIps,
            context.serviceCidrs().stream().filter(c -> c.family() == family).toList());
    this.serviceChanges = new ServiceChangeTracker(family);
    this.endpointsChanges = new EndpointsChangeTracker(family, nodeName);
    this.endpointsMap = new EndpointsMap(nodeName);
  }

  /**
   * The node addresses of this family that NodePorts answer on (loopback never), or empty when
   * {@code nodePortAddresses} matches every address. An empty list means kube-proxy's default in
   * this mode, the node's primary address.
   */
  private Optional<List<IpAddress>> nodePortIps(
      KubeProxyConfiguration config, ProxierContext context) {
    List<String> entries =
        config.nodePortAddresses().isEmpty() ? List.of("primary") : config.nodePortAddresses();
    List<Cidr> cidrs = new ArrayList<>();
    for (String entry : entries) {
      if (!entry.equals("primary")) {
        Cidr.tryParse(entry).filter(c -> c.family() == family).ifPresent(cidrs::add);
      }
    }
    if (cidrs.stream().anyMatch(c -> c.prefixLength() == 0)) {
      return Optional.empty();
    }
    List<IpAddress> ips = new ArrayList<>();
    for (InterfaceAddress address : context.nodeAddresses()) {
      IpAddress ip = address.address();
      boolean selected =
          (entries.contains("primary") && ip.equals(context.nodeIp()))
              || cidrs.stream().anyMatch(c -> c.contains(ip));
      if (ip.family() == family && selected && !ip.isLoopback() && !ips.contains(ip)) {
        ips.add(ip);
      }
    }
    return Optional.of(ips);
  }

  @Override
  public ServiceChangeTracker serviceChanges() {
    return serviceChanges;
  }

  @Override
  public EndpointsChangeTracker endpointsChanges() {
    return endpointsChanges;
  }

  /** Nothing to set up before the first sync: that sync creates the table. */
  @Override
  public void bootstrap(Netfilter kernel) {}

  @Override
  public SyncResult syncProxyRules(Netfilter kernel, boolean full) {
    Set<NamespacedName> updated = new HashSet<>(svcPortMap.update(serviceChanges));
    updated.addAll(endpointsMap.update(endpointsChanges));
    boolean rebuild = full || !synced;
    Map<ServicePortName, ServiceObjects> written = new HashMap<>();
    ServiceObjects wanted = new ServiceObjects(lastChains.size(), lastElements.size());
    for (ServicePortInfo service : svcPortMap.ports()) {
      ServiceObjects objects = lastWritten.get(service.name());
      if (objects == null || updated.contains(service.name().namespacedName())) {
        objects = new ServiceObjects();
        new ServicePortWriter(settings, service, endpointsMap.endpoints(service.name()), objects)
            .write();
      }
      written.put(service.name(), objects);
      wanted.addAll(objects);
    }
    Transaction tx =
        new Transaction(
            tableRef, rebuild ? 4 * wanted.chains().size() + wanted.elements().size() + 100 : 16);
    if (rebuild) {
      base.write(tx);
    }
    writeAffinitySets(tx, wanted, rebuild);
    int rules = writeChains(tx, wanted, rebuild);
    writeElements(tx, wanted, rebuild);
    retireChains(tx, wanted);
    lastAffinitySets.keySet().stream()
        .filter(set -> !wanted.affinitySets().containsKey(set))
        .forEach(set -> tx.line(heads.deleteSet, set, ""));
    // a transaction the kernel refuses leaves nothing to reuse: the next sync works out every port
    lastWritten = Map.of();
    kernel.setNftables(
        NftScriptCache.apply(kernel.nftables(), "kube-proxy on " + nodeName, tx.lines()));
    lastWritten = written;
    lastChains = wanted.chains();
    lastElements = wanted.elements();
    lastAffinitySets = wanted.affinitySets();
    lastTransaction = tx;
    synced = true;
    return new SyncResult(rules + (rebuild ? base.ruleCount() : 0));
  }

  /** The {@code nft -f} input of the last sync (empty when nothing changed). */
  public String lastTransaction() {
    return lastTransaction.text();
  }

  private void writeAffinitySets(Transaction tx, ServiceObjects wanted, boolean rebuild) {
    wanted
        .affinitySets()
        .forEach(
            (set, timeout) -> {
              if (rebuild || !lastAffinitySets.containsKey(set)) {
                tx.line(
                    heads.addSet,
                    set,
                    "{ type "
                        + settings.addressType()
                        + " ; flags dynamic,timeout ; timeout "
                        + timeout
                        + "s ; }");
              }
            });
  }

  /** New chains first (rules may jump to chains declared later), then the changed ones refilled. */
  private int writeChains(Transaction tx, ServiceObjects wanted, boolean rebuild) {
    Map<String, List<String>> changed = new LinkedHashMap<>();
    wanted
        .chains()
        .forEach(
            (chain, rules) -> {
              if (rebuild || !rules.equals(lastChains.get(chain))) {
                changed.put(chain, rules);
              }
            });
    changed.keySet().forEach(chain -> tx.line(heads.addChain, chain, ""));
    int count = 0;
    for (Map.Entry<String, List<String>> entry : changed.entrySet()) {
      String chain = entry.getKey();
      if (rebuild || lastChains.containsKey(chain) || staleChains.contains(chain)) {
        tx.line(heads.flushChain, chain, "");
      }
      for (String rule : entry.getValue()) {
        tx.line(heads.addRule, chain, rule);
        count++;
      }
    }
    return count;
  }

  /** Elements gone or changed are deleted, new or changed ones added (all of them on a rebuild). */
  private void writeElements(Transaction tx, ServiceObjects wanted, boolean rebuild) {
    if (!rebuild) {
      lastElements.forEach(
          (identity, element) -> {
            if (!element.equals(wanted.elements().get(identity))) {
              tx.line(heads.deleteElement, element.set(), "{ " + element.text() + " }");
            }
          });
    }
    wanted
        .elements()
        .forEach(
            (identity, element) -> {
              if (rebuild || !element.equals(lastElements.get(identity))) {
                tx.line(heads.addElement, element.set(), "{ " + element.text() + " }");
              }
            });
  }

  /**
   * Chains no longer wanted are flushed now and deleted on the next sync, unless wanted again by
   * then.
   */
  private void retireChains(Transaction tx, ServiceObjects wanted) {
    TreeSet<String> stale = new TreeSet<>();
    for (String chain : staleChains) {
      if (!wanted.chains().containsKey(chain)) {
        tx.line(heads.deleteChain, chain, "");
      }
    }
    for (String chain : lastChains.keySet()) {
      if (!wanted.chains().containsKey(chain)) {
        tx.line(heads.flushChain, chain, "");
        stale.add(chain);
      }
    }
    staleChains = List.copyOf(stale);
  }

  /**
   * The commands this proxier sends, each with the table: kept, so that a line sent again is the
   * same words as before (see {@link NftScriptCache.Line}).
   */
  private record Heads(
      String addChain,
      String flushChain,
      String deleteChain,
      String addRule,
      String addElement,
      String deleteElement,
      String addSet,
      String deleteSet) {
    Heads(String tableRef) {
      this(
          "add chain " + tableRef,
          "flush chain " + tableRef,
          "delete chain " + tableRef,
          "add rule " + tableRef,
          "add element " + tableRef,
          "delete element " + tableRef,
          "add set " + tableRef,
          "delete set " + tableRef);
    }
  }
}
