package dev.ksim.proxy.iptables;

import static dev.ksim.proxy.iptables.KubeChains.CT_STATE_INVALID_DROPPED;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_EXTERNAL_SERVICES;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_FIREWALL;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_FORWARD;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_MARK_MASQ;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_NODEPORTS;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_POSTROUTING;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_PROXY_FIREWALL;
import static dev.ksim.proxy.iptables.KubeChains.KUBE_SERVICES;
import static dev.ksim.proxy.iptables.KubeChains.LOCALHOST_NODEPORTS_ACCEPTED;

import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RestoreInput;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.proxy.EndpointInfo;
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
import dev.ksim.proxy.Topology;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * kube-proxy's iptables proxier for one node and one family: {@link #syncProxyRules} writes the
 * iptables-restore input that programs the node, rule for rule and comment for comment as
 * upstream's {@code syncProxyRules} writes it, loads it into the kernel with {@code --noflush}, and
 * deletes the per-Service chains the kernel still has but no Service needs any more.
 *
 * <p>Partial syncs are modelled: between full syncs, only the chains of the Services that changed
 * (as the change trackers report them) are rewritten; KUBE-SERVICES, KUBE-NODEPORTS and the other
 * top-level chains are rewritten whole on every sync, as upstream does. Not modelled (and so never
 * written): topology-aware hints, and the large-cluster mode that drops comments above 1000
 * endpoints.
 *
 * <p>What a sync costs: a Service port's rules are generated once for each content of the port and
 * its endpoints and written again as they are while that content stays (upstream, too, only
 * rewrites the chains that changed), and the input goes to the kernel's restore already split into
 * its lines ({@link RestoreInput}), not as text to be read back; {@link #lastRestore} renders it.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/iptables/proxier.go">pkg/proxy/iptables/proxier.go</a>
 */
public final class IptablesProxier implements Proxier {
  private final KubeProxyConfiguration config;
  private final IpFamily family;
  private final String nodeName;
  private final LocalTrafficDetector detector;
  private final List<InterfaceAddress> nodeAddresses;
  private final IpAddress nodeIp;
  private final boolean localhostNodePorts;
  private final String masqueradeMark;
  private final ServiceChangeTracker serviceChanges;
  private final EndpointsChangeTracker endpointsChanges;
  private final ServicePortMap svcPortMap = new ServicePortMap();
  private final EndpointsMap endpointsMap;

  /** The rules of each Service port as the last sync wrote them, rewritten when they change. */
  private final Map<ServicePortName, ServicePortOutput> written = new HashMap<>();

  /** The values of {@link #written} in the order the last sync wrote them (the ports' order). */
  private List<ServicePortOutput> writtenInOrder = List.of();

  /** The nat table as the last sync committed it, to know whether anyone changed it since. */
  private @Nullable TableState committedNat;

  private RestoreInput lastRestore = new RestoreInput(List.of());

  public IptablesProxier(ProxierContext context) {
    this.config = context.config();
    this.family = context.family();
    this.nodeName = context.nodeName();
    this.detector = LocalTrafficDetector.of(config, family, context.podCidrs());
    this.nodeAddresses = context.nodeAddresses();
    this.nodeIp = context.nodeIp();
    this.masqueradeMark = "0x" + Long.toHexString(1L << config.masqueradeBit());
    this.localhostNodePorts =
        family == IpFamily.IPV4
            && config.localhostNodePorts()
            && nodePortAddressesIncludeLoopback();
    this.serviceChanges = new ServiceChangeTracker(family);
    this.endpointsChanges = new EndpointsChangeTracker(family, nodeName);
    this.endpointsMap = new EndpointsMap(nodeName);
  }

  private boolean nodePortAddressesIncludeLoopback() {
    if (config.nodePortAddresses().isEmpty()) {
      return true;
    }
    IpAddress loopback = IpAddress.parse("127.0.0.1");
    return config.nodePortAddresses().stream()
        .map(Cidr::tryParse)
        .flatMap(Optional::stream)
        .anyMatch(c -> c.contains(loopback));
  }

  @Override
  public ServiceChangeTracker serviceChanges() {
    return serviceChanges;
  }

  @Override
  public EndpointsChangeTracker endpointsChanges() {
    return endpointsChanges;
  }

  /** The nfacct counters, {@code route_localnet} for localhost NodePorts, canaries and jumps. */
  @Override
  public void bootstrap(Netfilter kernel) {
    kernel.addNfacct(LOCALHOST_NODEPORTS_ACCEPTED);
    kernel.addNfacct(CT_STATE_INVALID_DROPPED);
    if (localhostNodePorts) {
      kernel.setSysctl("net.ipv4.conf.all.route_localnet", "1");
    }
    restore(kernel, IptablesBootstrap.restoreInput());
  }

  @Override
  public SyncResult syncProxyRules(Netfilter kernel, boolean full) {
    Set<NamespacedName> changed = new HashSet<>(svcPortMap.update(serviceChanges));
    changed.addAll(endpointsMap.update(endpointsChanges));
    RestoreTable filter = new RestoreTable(Table.FILTER, family);
    RestoreTable nat = new RestoreTable(Table.NAT, family);
    writeRules(filter, nat, changed, full, kernel.ruleset(family));
    RestoreInput input = new RestoreInput(List.of(filter.input(), nat.input()));
    committedNat = null; // a restore that fails leaves chains this sync retired
    restore(kernel, input);
    committedNat = kernel.ruleset(family).table(Table.NAT);
    lastRestore = input;
    return new SyncResult(filter.ruleCount() + nat.ruleCount());
  }

  /** The restore input of the last sync (what kube-proxy handed to iptables-restore). */
  public String lastRestore() {
    return lastRestore.text();
  }

  private void restore(Netfilter kernel, String text) {
    kernel.setRuleset(family, restoreParser(kernel).parse(text, kernel.ruleset(family)));
  }

  private void restore(Netfilter kernel, RestoreInput input) {
    kernel.setRuleset(family, restoreParser(kernel).restore(input, kernel.ruleset(family)));
  }

  private IptablesRestoreParser restoreParser(Netfilter kernel) {
    RuleEnvironment environment =
        new RuleEnvironment(kernel.ipsets()::containsKey, kernel::hasNfacct, family);
    return new IptablesRestoreParser("kube-proxy on " + nodeName, environment, true);
  }

  /**
   * The rules for the current Services and endpoints. A partial sync ({@code changed} not null)
   * rewrites the top-level chains whole but the per-Service chains only of the Services in {@code
   * changed}. A Service port's rules are generated again only when the port or its endpoints
   * changed since the last sync; otherwise the rules written then are written again. A Service that
   * is not in {@code changed} has the port instances and endpoint lists of the last sync, so its
   * ports' rules are taken from the last sync's, in the same order, without looking anything up: a
   * sync of 10,000 unchanged Services walks two lists in step.
   *
   * @param changed the Services whose ports or endpoints changed since the last sync; a partial
   *     sync writes only their per-Service chains
   * @param current the kernel's ruleset, whose stale Service chains are deleted (upstream reads
   *     them with iptables-save)
   */
  private void writeRules(
      RestoreTable filter,
      RestoreTable nat,
      Set<NamespacedName> changed,
      boolean full,
      Ruleset current) {
    writeTopLevelChains(filter, nat);
    List<ServicePortInfo> ports = svcPortMap.ports();
    PortWriter writer = new PortWriter(filter, nat, changed, full, ports.size());
    for (ServicePortInfo service : ports) {
      writer.write(service);
    }
    writtenInOrder = writer.retireGone();
    writeNodePortsJump(nat);
    writeForwardRules(filter);
    staleChains(current, writer.retired).forEach(nat::delete);
  }

  /**
   * One sync's walk through the Service ports, a port at a time. The step for one port is a method
   * of its own, not the body of {@link #writeRules}' loop: a method that runs once per sync has its
   * loop interpreted until 60,000 turns have gone by, while a method called for each of 10,000
   * ports is compiled after a few hundred.
   */
  private final class PortWriter {
    private final RestoreTable filter;
    private final RestoreTable nat;
    private final Set<NamespacedName> changed;
    private final boolean full;
    private final LastSync last;
    private final Set<ServicePortName> lookedUp = new HashSet<>();
    private final List<ServicePortOutput> inOrder;
    private final Map<String, ServicePortName> retired = new HashMap<>();

    PortWriter(
        RestoreTable filter,
        RestoreTable nat,
        Set<NamespacedName> changed,
        boolean full,
        int ports) {
      this.filter = filter;
      this.nat = nat;
      this.changed = changed;
      this.full = full;
      this.last = new LastSync(writtenInOrder, changed);
      this.inOrder = new ArrayList<>(ports);
    }

    /** Writes the rules of {@code service}, taken from the last sync's when they still hold. */
    void write(ServicePortInfo service) {
      boolean serviceChanged = changed.contains(service.name().namespacedName());
      ServicePortOutput output = serviceChanged ? null : last.unchanged(service);
      if (output == null) {
        output = written(service, retired);
        lookedUp.add(service.name());
      }
      inOrder.add(output);
      boolean keep = !full && !serviceChanged;
      filter.add(output.rules().filter(), keep);
      nat.add(output.rules().nat(), keep);
    }

    /**
     * Retires the last sync's ports of the changed Services that this sync did not write, and gives
     * the ports' outputs in the order written.
     */
    List<ServicePortOutput> retireGone() {
      for (ServicePortOutput output : last.ofChanged()) {
        if (!lookedUp.contains(output.service().name())) {
          retire(output, retired);
          written.remove(output.service().name());
        }
      }
      return inOrder;
    }
  }

  /**
   * The rules of {@code service} written last time when still right for it, else new ones. A port
   * that does not use this node's own endpoints takes them as no node sees them: its rules do not
   * depend on which are local, and every node then holds the same list.
   */
  private ServicePortOutput written(ServicePortInfo service, Map<String, ServicePortName> retired) {
    List<EndpointInfo> endpoints =
        service.usesLocalEndpoints()
            ? endpointsMap.endpoints(service.name())
            : endpointsMap.endpointsOffNode(service.name());
    ServicePortOutput output = written.get(service.name());
    if (output != null && output.writtenFor(service, endpoints)) {
      return output;
    }
    if (output != null) {
      retire(output, retired);
    }
    output = write(service, endpoints);
    written.put(service.name(), output);
    return output;
  }

  /**
   * The last sync's ports, walked in step with this sync's: the ports of a Service not in {@code
   * changed} come in the same order and are the same instances, with the same endpoints; the ports
   * of the changed Services are set aside, since only they can have gone.
   */
  private static final class LastSync {
    private final List<ServicePortOutput> outputs;
    private final Set<NamespacedName> changed;
    private final List<ServicePortOutput> ofChanged = new ArrayList<>();
    private int next;

    LastSync(List<ServicePortOutput> outputs, Set<NamespacedName> changed) {
      this.outputs = outputs;
      this.changed = changed;
    }

    /** What the last sync wrote for {@code port} of an unchanged Service, null if not in step. */
    @SuppressWarnings("ReferenceEquality") // the very port instance the last sync wrote
    @Nullable ServicePortOutput unchanged(ServicePortInfo port) {
      while (next < outputs.size() && isOfChanged(outputs.get(next))) {
        ofChanged.add(outputs.get(next++));
      }
      if (next < outputs.size() && outputs.get(next).service() == port) {
        return outputs.get(next++);
      }
      return null;
    }

    /** The last sync's ports of the changed Services. */
    List<ServicePortOutput> ofChanged() {
      for (; next < outputs.size(); next++) {
        if (isOfChanged(outputs.get(next))) {
          ofChanged.add(outputs.get(next));
        }
      }
      return ofChanged;
    }

    private boolean isOfChanged(ServicePortOutput output) {
      return changed.contains(output.service().name().namespacedName());
    }
  }

  /**
   * A Service port's chains written last time, no longer active unless written again, each with the
   * port it is of.
   */
  private static void retire(ServicePortOutput output, Map<String, ServicePortName> retired) {
    output.rules().nat().chains().forEach(chain -> retired.put(chain, output.service().name()));
  }

  /**
   * The Service chains the kernel has but no Service port uses, sorted. When the kernel's nat table
   * is still the one the last sync committed, its Service chains are the ones active then, so only
   * those retired since can be stale, and a retired chain is active only if its port's rules
   * declare it again (a chain's name is a hash of its port's name, so no other port's do);
   * otherwise (the first sync, or someone else changed the table) every chain of the table is
   * looked at.
   */
  @SuppressWarnings("ReferenceEquality") // the very table committed, not an equal one
  private List<String> staleChains(Ruleset current, Map<String, ServicePortName> retired) {
    if (!current.has(Table.NAT)) {
      return List.of();
    }
    TableState nat = current.table(Table.NAT);
    if (nat == committedNat) {
      return retired.entrySet().stream()
          .filter(chain -> !writes(chain.getValue(), chain.getKey()))
          .map(Map.Entry::getKey)
          .sorted()
          .toList();
    }
    List<String> serviceChains =
        nat.chains().keySet().stream().filter(ChainNames::isServiceChain).toList();
    if (serviceChains.isEmpty()) {
      return List.of();
    }
    Set<String> active = new HashSet<>();
    written.values().forEach(output -> active.addAll(output.rules().nat().chains()));
    return serviceChains.stream().filter(chain -> !active.contains(chain)).sorted().toList();
  }

  /** Whether the rules {@code port} writes now declare {@code chain}. */
  private boolean writes(ServicePortName port, String chain) {
    ServicePortOutput output = written.get(port);
    return output != null && output.rules().nat().chains().contains(chain);
  }

  /**
   * The rules of a Service port for its content on this node, taken from those other nodes wrote
   * for the same content ({@link SharedPortRules}) or written here.
   */
  private ServicePortOutput write(ServicePortInfo service, List<EndpointInfo> endpoints) {
    SharedPortRules.NodeVariant variant =
        new SharedPortRules.NodeVariant(
            config.masqueradeAll(),
            detector,
            localhostNodePorts,
            service.loadBalancerSourceRanges().isEmpty() ? Optional.empty() : Optional.of(nodeIp));
    SharedPortRules.PortRules rules =
        SharedPortRules.get(
            SharedPortRules.Key.of(variant, service, endpoints),
            () -> new ServicePortRules(service, endpoints).write());
    return new ServicePortOutput(service, endpoints, rules);
  }

  /**
   * The rules one Service port wrote for its content: the port and its endpoints.
   *
   * @param service the port
   * @param endpoints its endpoints
   * @param rules its rules, shared with the nodes that write the same
   */
  private record ServicePortOutput(
      ServicePortInfo service, List<EndpointInfo> endpoints, SharedPortRules.PortRules rules) {
    boolean writtenFor(ServicePortInfo port, List<EndpointInfo> portEndpoints) {
      return service.equals(port) && endpoints.equals(portEndpoints);
    }
  }

  /**
   * The top-level chains, the masquerade rules of KUBE-POSTROUTING and KUBE-MARK-MASQ, and
   * KUBE-FIREWALL's rule when localhost NodePorts are on.
   */
  private void writeTopLevelChains(RestoreTable filter, RestoreTable nat) {
    for (ChainName chain :
        List.of(
            KUBE_SERVICES,
            KUBE_EXTERNAL_SERVICES,
            KUBE_FORWARD,
            KUBE_NODEPORTS,
            KUBE_PROXY_FIREWALL)) {
      filter.chain(chain);
    }
    for (ChainName chain :
        List.of(KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ)) {
      nat.chain(chain);
    }
    String mark = masqueradeMark + "/" + masqueradeMark;
    nat.append(KUBE_POSTROUTING).match("-m", "mark", "!", "--mark", mark).target("RETURN");
    nat.append(KUBE_POSTROUTING).target("MARK", "--xor-mark", masqueradeMark);
    nat.append(KUBE_POSTROUTING)
        .comment("kubernetes service traffic requiring SNAT")
        .target("MASQUERADE", "--random-fully");
    nat.append(KUBE_MARK_MASQ).target("MARK", "--or-mark", masqueradeMark);
    if (localhostNodePorts) {
      filter.chain(KUBE_FIREWALL);
      filter
          .append(KUBE_FIREWALL)
          .comment("block incoming localnet connections")
          .destination(LOOPBACK)
          .match("!", "-s", "127.0.0.0/8")
          .match("-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT")
          .target("DROP");
    }
  }

  /** KUBE-FORWARD: drop INVALID, accept marked and established traffic. */
  private void writeForwardRules(RestoreTable filter) {
    filter
        .append(KUBE_FORWARD)
        .match("-m", "conntrack", "--ctstate", "INVALID")
        .match("-m", "nfacct", "--nfacct-name", CT_STATE_INVALID_DROPPED)
        .target("DROP");
    filter
        .append(KUBE_FORWARD)
        .comment("kubernetes forwarding rules")
        .match("-m", "mark", "--mark", masqueradeMark + "/" + masqueradeMark)
        .target("ACCEPT");
    filter
        .append(KUBE_FORWARD)
        .comment("kubernetes forwarding conntrack rule")
        .match("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED")
        .target("ACCEPT");
  }

  /** The last rule of KUBE-SERVICES: traffic to the node's NodePort addresses. */
  private void writeNodePortsJump(RestoreTable nat) {
    String comment = "kubernetes service nodeports; NOTE: this must be the last rule in this chain";
    if (config.nodePortAddresses().isEmpty()) {
      List<String> destinations = new ArrayList<>(List.of("-m", "addrtype", "--dst-type", "LOCAL"));
      if (family == IpFamily.IPV6) {
        destinations.addAll(List.of("!", "-d", "::1/128"));
      } else if (!localhostNodePorts) {
        destinations.addAll(List.of("!", "-d", "127.0.0.0/8"));
      }
      nat.append(KUBE_SERVICES).comment(comment).match(destinations).jump(KUBE_NODEPORTS);
      return;
    }
    for (InterfaceAddress address : nodeAddresses) {
      IpAddress ip = address.address();
      if (ip.family() != family || !selectedForNodePorts(ip)) {
        continue;
      }
      boolean loopback =
          ip.isV4() ? Cidr.parse("127.0.0.0/8").contains(ip) : ip.toString().equals("::1");
      if (loopback && (family == IpFamily.IPV6 || !localhostNodePorts)) {
        continue;
      }
      nat.append(KUBE_SERVICES).comment(comment).destination(ip).jump(KUBE_NODEPORTS);
    }
  }

  private boolean selectedForNodePorts(IpAddress ip) {
    for (String entry : config.nodePortAddresses()) {
      if (entry.equals("primary")
          ? ip.equals(nodeIp)
          : Cidr.tryParse(entry).map(c -> c.contains(ip)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An endpoint as a port's rules name it.
   *
   * @param address its {@code ip:port}
   * @param chain its KUBE-SEP chain
   */
  private record EndpointNames(String address, ChainName chain) {}

  /** IPv4's loopback network, which localhost NodePorts open and KUBE-FIREWALL guards. */
  private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");

  private static final int PROBABILITIES_KEPT = 256;

  /**
   * {@link #probability} for 1 to {@value #PROBABILITIES_KEPT} endpoints, worked out once: every
   * Service port's KUBE-SVC chain writes them, and BigDecimal's exact division was a tenth of
   * generating its rules.
   */
  private static final List<String> PROBABILITIES =
      IntStream.rangeClosed(1, PROBABILITIES_KEPT)
          .mapToObj(IptablesProxier::exactProbability)
          .toList();

  /** 1/n with ten decimals, as kube-proxy's computeProbability writes it. */
  static String probability(int n) {
    return n <= PROBABILITIES_KEPT ? PROBABILITIES.get(n - 1) : exactProbability(n);
  }

  /** {@link #probability}, worked out. */
  static String exactProbability(int n) {
    // Go's %0.10f rounds the exact binary value, ties to even (strconv); BigDecimal(double) is
    // that exact value (1/2048 prints 0.0004882812, not ...813)
    return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * The rules of one Service port, in the steps of upstream's {@code syncProxyRules} loop: the
   * chains it uses and the filter verdicts it needs are worked out first, then the entries in the
   * top-level chains, the internal, external and firewall chains, the policy chains and the
   * per-endpoint chains are written.
   */
  private final class ServicePortRules {
    private final ServicePortInfo svc;
    private final RestoreTable filter = new RestoreTable(Table.FILTER, family);
    private final RestoreTable nat = new RestoreTable(Table.NAT, family);
    private final ServicePortName name;
    private final String protocol;
    private final String spn;
    private final Topology topology;
    private final boolean hasEndpoints;
    private final ChainName clusterPolicyChain;
    private final ChainName localPolicyChain;
    private final ChainName internalTrafficChain;
    private final boolean hasInternalEndpoints;
    private final ChainName externalPolicyChain;
    private final boolean hasExternalEndpoints;
    private final ChainName externalTrafficChain;
    private final ChainName fwChain;
    private final boolean usesFwChain;
    private final String internalFilterTarget;
    private final String internalFilterComment;
    private final String externalFilterTarget;
    private final String externalFilterComment;
    private final ChainNames.PortChains chains;

    /**
     * The text and KUBE-SEP chain of each endpoint, by the endpoint instance: the policy chains'
     * lists are taken from one list of the port's, so an endpoint is the same instance in all of
     * them.
     */
    private final IdentityHashMap<EndpointInfo, EndpointNames> endpointNames =
        new IdentityHashMap<>();

    ServicePortRules(ServicePortInfo svc, List<EndpointInfo> endpoints) {
      this.svc = svc;
      this.name = svc.name();
      this.protocol = name.protocol().token().toLowerCase(Locale.ROOT);
      this.spn = name.toString();
      this.topology = Topology.categorize(svc, endpoints);
      this.hasEndpoints = topology.hasAnyEndpoints();
      this.chains = ChainNames.PortChains.of(name);
      this.clusterPolicyChain = chains.cluster();
      this.localPolicyChain = chains.local();
      this.internalTrafficChain = svc.internalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
      this.hasInternalEndpoints =
          svc.internalPolicyLocal() ? !topology.localEndpoints().isEmpty() : hasEndpoints;
      this.externalPolicyChain = svc.externalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
      this.hasExternalEndpoints =
          svc.externalPolicyLocal() ? !topology.localEndpoints().isEmpty() : hasEndpoints;
      this.externalTrafficChain = chains.external();
      this.fwChain = chains.firewall();
      this.usesFwChain =
          hasEndpoints
              && !svc.loadBalancerIps().isEmpty()
              && !svc.loadBalancerSourceRanges().isEmpty();
      if (!hasEndpoints) {
        internalFilterTarget = "REJECT";
        internalFilterComment = spn + " has no endpoints";
        externalFilterTarget = "REJECT";
        externalFilterComment = internalFilterComment;
      } else {
        internalFilterTarget = hasInternalEndpoints ? "" : "DROP";
        internalFilterComment = hasInternalEndpoints ? "" : spn + " has no local endpoints";
        externalFilterTarget = hasExternalEndpoints ? "" : "DROP";
        externalFilterComment = hasExternalEndpoints ? "" : spn + " has no local endpoints";
      }
    }

    /** The port's rules, written once for its content. */
    SharedPortRules.PortRules write() {
      writeClusterIpRules();
      writeExternalIpRules();
      writeLoadBalancerRules();
      writeNodePortRules();
      writeHealthCheckNodePortRule();
      writeInternalTrafficChain();
      writeExternalTrafficChain();
      writeFirewallChain();
      writePolicyChains();
      writeEndpointChains();
      filter.finish();
      nat.finish();
      return new SharedPortRules.PortRules(filter, nat);
    }

    /** A rule for traffic to one address and port of the Service. */
    private RestoreTable.RuleLine portal(
        RestoreTable table, ChainName chain, String comment, IpAddress destination, int port) {
      return table
          .append(chain)
          .comment(comment)
          .protocol(protocol)
          .destination(destination)
          .destinationPort(port);
    }

    /** KUBE-SERVICES: the ClusterIP to the internal traffic chain, or filtered. */
    private void writeClusterIpRules() {
      if (hasInternalEndpoints) {
        portal(nat, KUBE_SERVICES, spn + " cluster IP", svc.clusterIp(), svc.port())
            .jump(internalTrafficChain);
      } else {
        portal(filter, KUBE_SERVICES, internalFilterComment, svc.clusterIp(), svc.port())
            .target(internalFilterTarget);
      }
    }

    /** KUBE-SERVICES and KUBE-EXTERNAL-SERVICES: each external IP. */
    private void writeExternalIpRules() {
      for (IpAddress externalIp : svc.externalIps()) {
        if (hasEndpoints) {
          portal(nat, KUBE_SERVICES, spn + " external IP", externalIp, svc.port())
              .jump(externalTrafficChain);
        }
        if (!hasExternalEndpoints) {
          portal(filter, KUBE_EXTERNAL_SERVICES, externalFilterComment, externalIp, svc.port())
              .target(externalFilterTarget);
        }
      }
    }

    /** KUBE-SERVICES, KUBE-PROXY-FIREWALL and KUBE-EXTERNAL-SERVICES: each load-balancer IP. */
    private void writeLoadBalancerRules() {
      ChainName loadBalancerTrafficChain = usesFwChain ? fwChain : externalTrafficChain;
      for (IpAddress lbIp : svc.loadBalancerIps()) {
        if (hasEndpoints) {
          portal(nat, KUBE_SERVICES, spn + " loadbalancer IP", lbIp, svc.port())
              .jump(loadBalancerTrafficChain);
        }
        if (usesFwChain) {
          portal(
                  filter,
                  KUBE_PROXY_FIREWALL,
                  spn + " traffic not accepted by " + fwChain,
                  lbIp,
                  svc.port())
              .target("DROP");
        }
      }
      if (!hasExternalEndpoints) {
        for (IpAddress lbIp : svc.loadBalancerIps()) {
          portal(filter, KUBE_EXTERNAL_SERVICES, externalFilterComment, lbIp, svc.port())
              .target(externalFilterTarget);
        }
      }
    }

    /** KUBE-NODEPORTS (and localhost NodePorts), or KUBE-EXTERNAL-SERVICES when filtered. */
    private void writeNodePortRules() {
      if (svc.nodePort() == 0) {
        return;
      }
      if (hasEndpoints) {
        if (localhostNodePorts) {
          nat.append(KUBE_NODEPORTS)
              .comment(spn)
              .protocol(protocol)
              .destination(LOOPBACK)
              .destinationPort(svc.nodePort())
              .match("-m", "nfacct", "--nfacct-name", LOCALHOST_NODEPORTS_ACCEPTED)
              .jump(externalTrafficChain);
        }
        nat.append(KUBE_NODEPORTS)
            .comment(spn)
            .protocol(protocol)
            .destinationPort(svc.nodePort())
            .jump(externalTrafficChain);
      }
      if (!hasExternalEndpoints) {
        filter
            .append(KUBE_EXTERNAL_SERVICES)
            .comment(externalFilterComment)
            .match("-m", "addrtype", "--dst-type", "LOCAL")
            .protocol(protocol)
            .destinationPort(svc.nodePort())
            .target(externalFilterTarget);
      }
    }

    /** KUBE-NODEPORTS in filter: accept the health check node port. */
    private void writeHealthCheckNodePortRule() {
      if (svc.healthCheckNodePort() != 0) {
        filter
            .append(KUBE_NODEPORTS)
            .comment(spn + " health check node port")
            .protocol("tcp")
            .destinationPort(svc.healthCheckNodePort())
            .target("ACCEPT");
      }
    }

    /** The internal traffic chain's first rule: masquerade what does not come from a pod. */
    private void writeInternalTrafficChain() {
      if (!hasInternalEndpoints) {
        return;
      }
      if (config.masqueradeAll()) {
        portal(nat, internalTrafficChain, spn + " cluster IP", svc.clusterIp(), svc.port())
            .jump(KUBE_MARK_MASQ);
      } else if (detector.isImplemented()) {
        portal(nat, internalTrafficChain, spn + " cluster IP", svc.clusterIp(), svc.port())
            .match(detector.ifNotLocal())
            .jump(KUBE_MARK_MASQ);
      }
    }

    /** KUBE-EXT: masquerade (or, for Local policy, short-circuit) and on to the policy chain. */
    private void writeExternalTrafficChain() {
      if (!hasEndpoints || !svc.externallyAccessible()) {
        return;
      }
      declare(externalTrafficChain);
      if (!svc.externalPolicyLocal()) {
        nat.append(externalTrafficChain)
            .comment("masquerade traffic for " + spn + " external destinations")
            .jump(KUBE_MARK_MASQ);
      } else {
        if (detector.isImplemented()) {
          nat.append(externalTrafficChain)
              .comment("pod traffic for " + spn + " external destinations")
              .match(detector.ifLocal())
              .jump(clusterPolicyChain);
        }
        nat.append(externalTrafficChain)
            .comment("masquerade LOCAL traffic for " + spn + " external destinations")
            .match("-m", "addrtype", "--src-type", "LOCAL")
            .jump(KUBE_MARK_MASQ);
        nat.append(externalTrafficChain)
            .comment("route LOCAL traffic for " + spn + " external destinations")
            .match("-m", "addrtype", "--src-type", "LOCAL")
            .jump(clusterPolicyChain);
      }
      if (hasExternalEndpoints) {
        nat.append(externalTrafficChain).jump(externalPolicyChain);
      }
    }

    /** KUBE-FW: loadBalancerSourceRanges (and the node itself) to KUBE-EXT, the rest dropped. */
    private void writeFirewallChain() {
      if (!usesFwChain) {
        return;
      }
      declare(fwChain);
      boolean allowFromNode = false;
      for (Cidr range : svc.loadBalancerSourceRanges()) {
        nat.append(fwChain)
            .comment(spn + " loadbalancer IP")
            .source(range)
            .jump(externalTrafficChain);
        allowFromNode |= range.contains(nodeIp);
      }
      if (allowFromNode) {
        for (IpAddress lbIp : svc.loadBalancerIps()) {
          nat.append(fwChain)
              .comment(spn + " loadbalancer IP")
              .source(lbIp)
              .jump(externalTrafficChain);
        }
      }
      nat.append(fwChain)
          .comment("other traffic to " + spn + " will be dropped by KUBE-PROXY-FIREWALL")
          .write();
    }

    /** KUBE-SVC and KUBE-SVL: the endpoints for Cluster and for Local policy. */
    private void writePolicyChains() {
      if (!topology.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints()) {
        declare(clusterPolicyChain);
        writeServiceToEndpointRules(clusterPolicyChain, topology.clusterEndpoints());
      }
      if (!topology.localEndpoints().isEmpty() && svc.usesLocalEndpoints()) {
        declare(localPolicyChain);
        writeServiceToEndpointRules(localPolicyChain, topology.localEndpoints());
      }
    }

    /** Affinity checks, then one rule per endpoint with the probability that makes it fair. */
    private void writeServiceToEndpointRules(ChainName chain, List<EndpointInfo> endpoints) {
      if (svc.hasSessionAffinity()) {
        for (EndpointInfo endpoint : endpoints) {
          EndpointNames names = endpointNames(endpoint);
          ChainName sep = names.chain();
          nat.append(chain)
              .comment(spn + " -> " + names.address())
              .match("-m", "recent", "--name", sep.value(), "--rcheck")
              .match("--seconds", Integer.toString(svc.stickyMaxAgeSeconds()), "--reap")
              .jump(sep);
        }
      }
      int n = endpoints.size();
      for (int i = 0; i < n; i++) {
        EndpointNames names = endpointNames(endpoints.get(i));
        RestoreTable.RuleLine rule = nat.append(chain).comment(spn + " -> " + names.address());
        if (i < n - 1) {
          rule.randomProbability(probability(n - i));
        }
        rule.jump(names.chain());
      }
    }

    /** KUBE-SEP: mark hairpin traffic for masquerade, then DNAT to the endpoint. */
    private void writeEndpointChains() {
      for (EndpointInfo endpoint : topology.allReachable()) {
        EndpointNames names = endpointNames(endpoint);
        ChainName chain = names.chain();
        declare(chain);
        nat.append(chain).comment(spn).source(endpoint.address().ip()).jump(KUBE_MARK_MASQ);
        RestoreTable.RuleLine dnat = nat.append(chain).comment(spn);
        if (svc.hasSessionAffinity()) {
          dnat.match("-m", "recent", "--name", chain.value(), "--set");
        }
        dnat.protocol(protocol).dnat(endpoint.address(), names.address());
      }
    }

    /**
     * The {@code ip:port} and KUBE-SEP chain of {@code endpoint}, worked out once for the port's
     * rules, which write the text three times and the chain two or three (upstream's endpointInfo
     * keeps its ChainName from newEndpointInfo on).
     */
    private EndpointNames endpointNames(EndpointInfo endpoint) {
      EndpointNames names = endpointNames.get(endpoint);
      if (names == null) {
        String address = endpoint.toString();
        names = new EndpointNames(address, chains.endpoint(address));
        endpointNames.put(endpoint, names);
      }
      return names;
    }

    /** A per-Service chain this port uses: declared, and so kept from deletion. */
    private void declare(ChainName chain) {
      nat.chain(chain);
    }
  }
}
