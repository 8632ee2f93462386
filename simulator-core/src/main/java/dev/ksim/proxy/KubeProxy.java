package dev.ksim.proxy;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.node.NodeNetwork;
import dev.ksim.proxy.iptables.IptablesProxier;
import dev.ksim.proxy.iptables.KubeChains;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * kube-proxy on one node, in iptables mode: it watches Services and EndpointSlices, and after a
 * change waits out {@code minSyncPeriod} (coalescing the changes in between, as upstream's
 * bounded-frequency runner does) and syncs: the proxier writes the restore input and it is loaded
 * into the node's kernel through the iptables-restore parser, with {@code --noflush}, as kube-proxy
 * loads it. Its first sync sets the node up as kube-proxy does: nfacct counters, the canary chains,
 * the jumps from the built-in chains, {@code route_localnet}.
 *
 * <p>The full resync every {@code syncPeriod} runs as a background chore of the event loop: it
 * happens as simulated time passes but does not keep the cluster from being quiet.
 */
public final class KubeProxy {
  private final ApiStore store;
  private final NodeNetwork node;

  /** One proxier per IP family the node has, IPv4 first (upstream's dual-stack meta-proxier). */
  private final Map<IpFamily, IptablesProxier> proxiers = new EnumMap<>(IpFamily.class);

  private final Duration minSyncPeriod;
  private final Duration syncPeriod;
  private long resyncGeneration;
  private boolean pending;
  private final Set<String> changedServices = new HashSet<>();
  private boolean initialized;
  private long syncs;
  private long lastSyncMillis;
  private String lastRestore = "";

  public KubeProxy(ApiStore store, NodeNetwork node, KubeProxyConfiguration config) {
    this.store = store;
    this.node = node;
    this.minSyncPeriod = config.minSyncPeriod();
    this.syncPeriod = config.syncPeriod();
    for (IpFamily family : families(node)) {
      IpAddress nodeIp =
          node.addresses().stream()
              .map(a -> a.address())
              .filter(a -> a.family() == family)
              .findFirst()
              .orElse(IpAddress.parse(family == IpFamily.IPV4 ? "0.0.0.0" : "::"));
      proxiers.put(
          family,
          new IptablesProxier(
              config,
              family,
              LocalTrafficDetector.of(config, family, node.podCidrs()),
              node.allAddresses(),
              nodeIp));
    }
    store.watch(
        ResourceType.SERVICE,
        ResourceEventHandler.onAnyChange(
            s -> changed(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())));
    store.watch(
        ResourceType.ENDPOINT_SLICE,
        ResourceEventHandler.onAnyChange(
            (EndpointSlice s) ->
                changed(
                    s.getMetadata().getNamespace()
                        + "/"
                        + s.getMetadata()
                            .getLabels()
                            .getOrDefault("kubernetes.io/service-name", ""))));
    requestSync();
  }

  /** IPv4, and IPv6 too when the node has an IPv6 address or pod range (a dual-stack node). */
  private static List<IpFamily> families(NodeNetwork node) {
    boolean v6 =
        node.addresses().stream().anyMatch(a -> a.address().family() == IpFamily.IPV6)
            || node.podCidrs().stream().anyMatch(c -> c.family() == IpFamily.IPV6);
    return v6 ? List.of(IpFamily.IPV4, IpFamily.IPV6) : List.of(IpFamily.IPV4);
  }

  /** Notes that a Service ({@code ns/name}) or its endpoints changed, and asks for a sync. */
  private void changed(String service) {
    changedServices.add(service);
    requestSync();
  }

  /**
   * Schedules a sync as upstream's BoundedFrequencyRunner does: at once, unless the last sync was
   * less than minSyncPeriod ago, then when that period has passed.
   */
  private void requestSync() {
    if (!pending) {
      pending = true;
      long now = store.loop().clock().nowMillis();
      long wait = initialized ? Math.max(0, lastSyncMillis + minSyncPeriod.toMillis() - now) : 0;
      store
          .loop()
          .schedule(Duration.ofMillis(wait), "kube-proxy sync on " + node.name(), this::sync);
    }
  }

  /**
   * One sync: the proxiers' restore input, loaded into the kernel. Only the chains of the Services
   * that changed since the last sync are rewritten (upstream's partial sync); the top-level chains
   * are rewritten whole.
   */
  private void sync() {
    pending = false;
    // the first sync is a full one; later ones rewrite only changed Services' chains
    sync(initialized ? Set.copyOf(changedServices) : null);
  }

  /**
   * A sync; {@code changed} null makes it a full one. Each sync schedules the next full one for
   * {@code syncPeriod} later, as upstream's runner does, as a background chore: it rewrites the
   * same rules and must not keep the cluster from being quiet.
   */
  private void sync(@Nullable Set<String> changed) {
    lastSyncMillis = store.loop().clock().nowMillis();
    changedServices.clear();
    long generation = ++resyncGeneration;
    store
        .loop()
        .scheduleBackground(
            syncPeriod,
            "kube-proxy periodic sync on " + node.name(),
            () -> {
              if (generation == resyncGeneration && !pending) {
                sync(null);
              }
            });
    Netfilter kernel = node.kernel();
    if (!initialized) {
      proxiers.keySet().forEach(family -> setUpNode(kernel, family));
      initialized = true;
    }
    StringBuilder restored = new StringBuilder();
    proxiers.forEach(
        (family, proxier) -> {
          String text = sync(family, proxier, changed);
          restore(kernel, family, text);
          restored.append(text);
        });
    lastRestore = restored.toString();
    syncs++;
  }

  /** The restore input of one family's proxier for the Services and slices in the store. */
  private String sync(IpFamily family, IptablesProxier proxier, @Nullable Set<String> changed) {
    List<ServicePortInfo> ports = new ArrayList<>();
    Map<ServicePortName, List<EndpointInfo>> endpoints = new LinkedHashMap<>();
    for (Service service : store.list(ResourceType.SERVICE)) {
      List<ServicePortInfo> servicePorts = ServicePorts.of(service, family);
      if (servicePorts.isEmpty()) {
        continue;
      }
      ports.addAll(servicePorts);
      List<EndpointSlice> slices =
          store.listByLabel(
              ResourceType.ENDPOINT_SLICE,
              service.getMetadata().getNamespace(),
              "kubernetes.io/service-name",
              service.getMetadata().getName());
      endpoints.putAll(
          EndpointSliceCache.endpoints(
              service.getMetadata().getNamespace(),
              service.getMetadata().getName(),
              slices,
              family,
              node.name()));
    }
    return proxier.syncProxyRules(ports, endpoints, changed);
  }

  private void restore(Netfilter kernel, IpFamily family, String text) {
    RuleEnvironment environment =
        new RuleEnvironment(kernel.ipsets()::containsKey, kernel::hasNfacct, family);
    Ruleset next =
        new IptablesRestoreParser("kube-proxy on " + node.name(), environment, true)
            .parse(text, kernel.ruleset(family));
    kernel.setRuleset(family, next);
  }

  /** What kube-proxy does once at start: counters, canaries, jumps from the built-in chains. */
  private void setUpNode(Netfilter kernel, IpFamily family) {
    kernel.addNfacct(KubeChains.LOCALHOST_NODEPORTS_ACCEPTED);
    kernel.addNfacct(KubeChains.CT_STATE_INVALID_DROPPED);
    IptablesProxier proxier = proxiers.get(family);
    if (proxier != null && proxier.usesLocalhostNodePorts()) {
      kernel.setSysctl("net.ipv4.conf.all.route_localnet", "1");
    }
    String canary = ":" + KubeChains.KUBE_PROXY_CANARY + " - [0:0]\n";
    // kubelet's KUBE-FIREWALL and its jumps are ensured whatever the settings (upstream
    // iptablesKubeletJumpChains in pkg/proxy/iptables/proxier.go); only its rule depends on
    // localhost NodePorts.
    String filterJumps =
        """
        :KUBE-EXTERNAL-SERVICES - [0:0]
        :KUBE-NODEPORTS - [0:0]
        :KUBE-SERVICES - [0:0]
        :KUBE-FORWARD - [0:0]
        :KUBE-PROXY-FIREWALL - [0:0]
        -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
        -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
        -I INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
        -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -I FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
        -I INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
        -I OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
        -I FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
        :KUBE-FIREWALL - [0:0]
        -I INPUT -j KUBE-FIREWALL
        -I OUTPUT -j KUBE-FIREWALL
        """;
    String natJumps =
        """
        :KUBE-SERVICES - [0:0]
        :KUBE-POSTROUTING - [0:0]
        -I OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -I PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
        -I POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
        """;
    restore(
        kernel,
        family,
        "*mangle\n"
            + canary
            + "COMMIT\n*filter\n"
            + canary
            + filterJumps
            + "COMMIT\n*nat\n"
            + canary
            + natJumps
            + "COMMIT\n");
  }

  /**
   * A restarted kube-proxy: it keeps the rules in the kernel and its first sync is a full one, as a
   * new process's is (a restart does not flush iptables).
   */
  public void restart() {
    sync(null);
  }

  /** How many syncs have run. */
  public long syncs() {
    return syncs;
  }

  /** The number of rules the last sync wrote. */
  public int lastRuleCount() {
    return (int) lastRestore.lines().filter(l -> l.startsWith("-A ")).count();
  }

  /** The last restore input (what kube-proxy handed to iptables-restore). */
  public String lastRestore() {
    return lastRestore;
  }
}
