package dev.ksim.proxy.ipvs;

import dev.ksim.ipvs.Destination;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.ipvs.VirtualServer;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.EndpointsChangeTracker;
import dev.ksim.proxy.EndpointsMap;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.LocalTrafficDetector;
import dev.ksim.proxy.Proxier;
import dev.ksim.proxy.ProxierContext;
import dev.ksim.proxy.ServiceChangeTracker;
import dev.ksim.proxy.ServicePortInfo;
import dev.ksim.proxy.ServicePortMap;
import dev.ksim.proxy.SyncResult;
import dev.ksim.proxy.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's ipvs proxier for one node and one family, as upstream's {@code syncProxyRules} in
 * ipvs mode: per Service port a virtual service for the ClusterIP, each externalIP, each
 * load-balancer ingress IP and, with a node port, each node address kube-proxy chooses; every
 * Service address but the node's own bound to the dummy device {@code kube-ipvs0} so that it is
 * local and IPVS sees its packets at LOCAL_IN; real servers of weight 1 with masquerading, removed
 * gracefully; the ipsets and the iptables rules that mark traffic for masquerading; and at the end
 * of each sync, every virtual service of its family that the sync did not produce is deleted unless
 * it lies in {@code ipvs.excludeCIDRs} ({@code cleanLegacyService}).
 *
 * <p>Every sync is a full one, as upstream's ipvs proxier has no partial sync.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/ipvs/proxier.go">pkg/proxy/ipvs/proxier.go</a>
 */
public final class IpvsProxier implements Proxier {
  /** The dummy device Service addresses are bound to ({@code defaultDummyDevice}). */
  public static final String DUMMY_DEVICE = "kube-ipvs0";

  /** The scheduler when {@code ipvs.scheduler} is empty ({@code defaultScheduler}). */
  static final String DEFAULT_SCHEDULER = "rr";

  private static final Cidr IPV6_LINK_LOCAL = Cidr.parse("fe80::/10");

  private final KubeProxyConfiguration config;
  private final IpFamily family;
  private final String nodeName;
  private final IpAddress nodeIp;
  private final Ipvs ipvs;
  private final String scheduler;
  private final List<Cidr> excludeCidrs;
  private final IpvsIptablesRules rules;
  private final GracefulTermination graceful;
  private final ServiceChangeTracker serviceChanges;
  private final EndpointsChangeTracker endpointsChanges;
  private final ServicePortMap svcPortMap = new ServicePortMap();
  private final EndpointsMap endpointsMap;
  private boolean initialSync = true;

  public IpvsProxier(ProxierContext context) {
    this.config = context.config();
    this.family = context.family();
    this.nodeName = context.nodeName();
    this.nodeIp = context.nodeIp();
    this.ipvs = context.ipvs();
    String configured = config.ipvs().scheduler();
    this.scheduler = configured.isEmpty() ? DEFAULT_SCHEDULER : configured;
    this.excludeCidrs =
        config.ipvs().excludeCidrs().stream().filter(c -> c.family() == family).toList();
    this.rules =
        new IpvsIptablesRules(
            family,
            config.masqueradeBit(),
            config.masqueradeAll(),
            LocalTrafficDetector.of(config, family, context.podCidrs()));
    this.graceful = new GracefulTermination(ipvs);
    this.serviceChanges = new ServiceChangeTracker(family);
    this.endpointsChanges = new EndpointsChangeTracker(family, nodeName);
    this.endpointsMap = new EndpointsMap(nodeName);
  }

  @Override
  public ServiceChangeTracker serviceChanges() {
    return serviceChanges;
  }

  @Override
  public EndpointsChangeTracker endpointsChanges() {
    return endpointsChanges;
  }

  /**
   * What {@code NewProxier} sets on the node: the net.ipv4.vs sysctls ipvs mode needs, IP
   * forwarding, strictARP's two sysctls when asked, and the IPVS timeouts when any is set. {@code
   * conn_reuse_mode} is left as it is: upstream sets it only on kernels older than 5.9, and ksim
   * models a current LTS kernel.
   */
  @Override
  public void bootstrap(Netfilter kernel) {
    kernel.setSysctl("net.ipv4.vs.conntrack", "1");
    kernel.setSysctl("net.ipv4.vs.expire_nodest_conn", "1");
    kernel.setSysctl("net.ipv4.vs.expire_quiescent_template", "1");
    kernel.setSysctl("net.ipv4.ip_forward", "1");
    if (config.ipvs().strictArp()) {
      kernel.setSysctl("net.ipv4.conf.all.arp_ignore", "1");
      kernel.setSysctl("net.ipv4.conf.all.arp_announce", "2");
    }
    ipvs.timeouts()
        .set(
            seconds(config.ipvs().tcpTimeout()),
            seconds(config.ipvs().tcpFinTimeout()),
            seconds(config.ipvs().udpTimeout()));
  }

  private static int seconds(Duration duration) {
    return (int) duration.toSeconds();
  }

  @Override
  public SyncResult syncProxyRules(Netfilter kernel, boolean full) {
    svcPortMap.update(serviceChanges);
    endpointsMap.update(endpointsChanges);
    kernel.addInterface(DUMMY_DEVICE);
    Sync sync = new Sync(kernel);
    for (ServicePortInfo svc : svcPortMap.ports()) {
      sync.servicePort(svc);
    }
    sync.activeBindAddrs.forEach(a -> sync.add(KubeIpSet.IPVS_IPS, a.toString()));
    syncIpSets(kernel, sync.entries);
    restore(kernel, rules.restoreInput(kernel.ruleset(family), s -> !sync.entries(s).isEmpty()));
    for (IpAddress address : sync.alreadyBound) {
      if (!sync.activeBindAddrs.contains(address)) {
        kernel.removeAddress(DUMMY_DEVICE, address);
      }
    }
    cleanLegacyServices(sync.activeServices);
    graceful.retryIfDue();
    initialSync = false;
    return new SyncResult(rules.ruleCount());
  }

  private void restore(Netfilter kernel, String text) {
    RuleEnvironment environment =
        new RuleEnvironment(kernel.ipsets()::containsKey, kernel::hasNfacct, family);
    kernel.setRuleset(
        family,
        new IptablesRestoreParser("kube-proxy on " + nodeName, environment, true)
            .parse(text, kernel.ruleset(family)));
  }

  /**
   * Creates the sets that are missing and makes each set's members the sync's entries: members no
   * longer wanted go, and the entries not yet members are added in their text's order (the order
   * {@code ipset save} then shows). Entries already members are left as they are, so a sync that
   * changes nothing in a set costs one lookup per entry.
   */
  private void syncIpSets(Netfilter kernel, Map<KubeIpSet, Set<String>> entries) {
    for (Map.Entry<KubeIpSet, Set<String>> e : entries.entrySet()) {
      KubeIpSet kind = e.getKey();
      String name = kind.name(family);
      IpSet set =
          kernel
              .ipsets()
              .computeIfAbsent(name, n -> new IpSet(n, kind.type(), family, kind.comment()));
      Set<String> wanted = e.getValue();
      Set<String> members = new HashSet<>();
      for (String member : set.members()) {
        if (wanted.contains(member)) {
          members.add(member);
        } else {
          set.remove(member);
        }
      }
      wanted.stream().filter(entry -> !members.contains(entry)).sorted().forEach(set::add);
    }
  }

  /** Deletes the virtual services of this family the sync did not produce. */
  private void cleanLegacyServices(Set<ServiceKey> active) {
    for (VirtualServer service : List.copyOf(ipvs.services())) {
      ServiceKey key = service.key();
      if (key.family() != family
          || active.contains(key)
          || excludeCidrs.stream().anyMatch(c -> c.contains(key.address()))) {
        continue;
      }
      ipvs.deleteService(key);
    }
  }

  /** The state one sync builds up: set entries, virtual services, addresses to bind. */
  private final class Sync {
    private final Netfilter kernel;

    /** Each set's entries; {@link #syncIpSets} adds the new ones in sorted order. */
    private final Map<KubeIpSet, Set<String>> entries = new EnumMap<>(KubeIpSet.class);

    private final Set<ServiceKey> activeServices = new LinkedHashSet<>();
    private final Set<IpAddress> activeBindAddrs = new TreeSet<>();
    private final Set<IpAddress> alreadyBound = new TreeSet<>();
    private final Set<IpAddress> nodeAddressSet = new TreeSet<>();
    private final List<IpAddress> nodeIps;

    Sync(Netfilter kernel) {
      this.kernel = kernel;
      for (KubeIpSet set : KubeIpSet.values()) {
        entries.put(set, new HashSet<>());
      }
      for (Map.Entry<String, List<InterfaceAddress>> e : kernel.interfaces().entrySet()) {
        for (InterfaceAddress address : e.getValue()) {
          IpAddress ip = address.address();
          if (ip.family() != family) {
            continue;
          }
          if (e.getKey().equals(DUMMY_DEVICE)) {
            alreadyBound.add(ip);
          } else if (!ip.isLoopback() && !IPV6_LINK_LOCAL.contains(ip)) {
            nodeAddressSet.add(ip);
          }
        }
      }
      this.nodeIps = nodePortAddresses();
    }

    /**
     * The node addresses NodePort virtual services are made for: every node address when {@code
     * nodePortAddresses} has no range of this family (or a zero one), else the addresses of every
     * interface in those ranges, loopback left out.
     */
    private List<IpAddress> nodePortAddresses() {
      List<Cidr> cidrs = new ArrayList<>();
      for (String entry : config.nodePortAddresses()) {
        if (entry.equals("primary")) {
          if (nodeIp.family() == family) {
            cidrs.add(Cidr.containing(nodeIp, family.bits()));
          }
        } else {
          Cidr.tryParse(entry).filter(c -> c.family() == family).ifPresent(cidrs::add);
        }
      }
      if (cidrs.isEmpty() || cidrs.stream().anyMatch(c -> c.prefixLength() == 0)) {
        return List.copyOf(nodeAddressSet);
      }
      Set<IpAddress> chosen = new TreeSet<>();
      for (List<InterfaceAddress> addresses : kernel.interfaces().values()) {
        for (InterfaceAddress address : addresses) {
          IpAddress ip = address.address();
          if (ip.family() == family
              && !ip.isLoopback()
              && cidrs.stream().anyMatch(c -> c.contains(ip))) {
            chosen.add(ip);
          }
        }
      }
      return List.copyOf(chosen);
    }

    Set<String> entries(KubeIpSet set) {
      return Objects.requireNonNull(entries.get(set));
    }

    void add(KubeIpSet set, String entry) {
      entries(set).add(entry);
    }

    void servicePort(ServicePortInfo svc) {
      String protocol = svc.name().protocol().token();
      String port = protocol + ":" + svc.port();
      List<EndpointInfo> endpoints = endpointsMap.endpoints(svc.name());
      for (EndpointInfo endpoint : endpoints) {
        if (endpoint.local()) {
          IpAddress ip = endpoint.address().ip();
          add(
              KubeIpSet.LOOP_BACK,
              ip + "," + protocol + ":" + endpoint.address().port() + "," + ip);
        }
      }
      Topology topology = Topology.categorize(svc, endpoints);
      add(KubeIpSet.CLUSTER_IP, svc.clusterIp() + "," + port);
      virtualService(svc, svc.clusterIp(), svc.port(), true, svc.internalPolicyLocal(), topology);
      for (IpAddress externalIp : svc.externalIps()) {
        add(
            svc.externalPolicyLocal() ? KubeIpSet.EXTERNAL_IP_LOCAL : KubeIpSet.EXTERNAL_IP,
            externalIp + "," + port);
        virtualService(
            svc,
            externalIp,
            svc.port(),
            !nodeAddressSet.contains(externalIp),
            svc.externalPolicyLocal(),
            topology);
      }
      for (IpAddress ingress : svc.loadBalancerIps()) {
        loadBalancerEntries(svc, ingress, port);
        virtualService(
            svc,
            ingress,
            svc.port(),
            !nodeAddressSet.contains(ingress),
            svc.externalPolicyLocal(),
            topology);
      }
      if (svc.nodePort() != 0) {
        if (nodeIps.isEmpty()) {
          // upstream skips the rest of the port here, its health check node port included
          return;
        }
        nodePortEntries(svc, protocol);
        for (IpAddress nodeAddress : nodeIps) {
          virtualService(
              svc, nodeAddress, svc.nodePort(), false, svc.externalPolicyLocal(), topology);
        }
      }
      if (svc.healthCheckNodePort() != 0) {
        add(KubeIpSet.HEALTH_CHECK_NODE_PORT, Integer.toString(svc.healthCheckNodePort()));
      }
    }

    private void loadBalancerEntries(ServicePortInfo svc, IpAddress ingress, String port) {
      String entry = ingress + "," + port;
      add(KubeIpSet.LOAD_BALANCER, entry);
      if (svc.externalPolicyLocal()) {
        add(KubeIpSet.LOAD_BALANCER_LOCAL, entry);
      }
      if (svc.loadBalancerSourceRanges().isEmpty()) {
        return;
      }
      add(KubeIpSet.LOAD_BALANCER_FW, entry);
      boolean allowFromNode = false;
      for (Cidr range : svc.loadBalancerSourceRanges()) {
        add(KubeIpSet.LOAD_BALANCER_SOURCE_CIDR, entry + "," + range);
        allowFromNode |= range.contains(nodeIp);
      }
      if (allowFromNode) {
        add(KubeIpSet.LOAD_BALANCER_SOURCE_IP, entry + "," + ingress);
      }
    }

    private void nodePortEntries(ServicePortInfo svc, String protocol) {
      boolean local = svc.externalPolicyLocal();
      switch (svc.name().protocol()) {
        case TCP -> {
          add(KubeIpSet.NODE_PORT_TCP, Integer.toString(svc.nodePort()));
          if (local) {
            add(KubeIpSet.NODE_PORT_LOCAL_TCP, Integer.toString(svc.nodePort()));
          }
        }
        case UDP -> {
          add(KubeIpSet.NODE_PORT_UDP, Integer.toString(svc.nodePort()));
          if (local) {
            add(KubeIpSet.NODE_PORT_LOCAL_UDP, Integer.toString(svc.nodePort()));
          }
        }
        default -> {
          for (IpAddress nodeAddress : nodeIps) {
            String entry = nodeAddress + "," + protocol + ":" + svc.nodePort();
            add(KubeIpSet.NODE_PORT_SCTP, entry);
            if (local) {
              add(KubeIpSet.NODE_PORT_LOCAL_SCTP, entry);
            }
          }
        }
      }
    }

    /**
     * One virtual service ({@code syncService} then {@code syncEndpoint}): created or brought to
     * the scheduler and flags wanted, its address bound to kube-ipvs0 when asked, its real servers
     * made the endpoints the policy chooses.
     */
    private void virtualService(
        ServicePortInfo svc,
        IpAddress address,
        int port,
        boolean bind,
        boolean onlyNodeLocal,
        Topology topology) {
      ServiceKey key = ServiceKey.of(svc.name().protocol(), new IpPort(address, port));
      ServiceFlags flags =
          new ServiceFlags(
              svc.hasSessionAffinity(),
              svc.stickyMaxAgeSeconds(),
              family.bits(),
              false,
              scheduler.equals("mh") ? ServiceFlags.SCHED_FLAG_2 : 0);
      VirtualServer applied = ipvs.service(key).orElse(null);
      if (applied == null) {
        applied = ipvs.addService(key, scheduler, flags);
      } else if (!applied.scheduler().name().equals(scheduler) || !applied.flags().equals(flags)) {
        ipvs.editService(key, scheduler, flags);
      }
      activeServices.add(key);
      if (bind && activeBindAddrs.add(address) && !alreadyBound.contains(address)) {
        kernel.addAddress(DUMMY_DEVICE, new InterfaceAddress(address, family.bits()));
      }
      List<EndpointInfo> chosen =
          onlyNodeLocal && !topology.localEndpoints().isEmpty()
              ? topology.localEndpoints()
              : topology.clusterEndpoints();
      realServers(applied, chosen);
    }

    /** {@code syncEndpoint}: adds the wanted real servers, removes the others gracefully. */
    private void realServers(VirtualServer service, List<EndpointInfo> endpoints) {
      ServiceKey key = service.key();
      Set<IpPort> wanted = new LinkedHashSet<>(2 * endpoints.size());
      endpoints.forEach(e -> wanted.add(e.address()));
      for (IpPort endpoint : wanted) {
        RealServer current = service.destination(endpoint).orElse(null);
        if (current != null) {
          if (initialSync && current.weight() != 1) {
            ipvs.editDestination(key, Destination.masq(endpoint));
          }
          if (!graceful.contains(key, endpoint)) {
            continue;
          }
          graceful.cancel(key, endpoint);
        }
        ipvs.addDestination(key, Destination.masq(endpoint));
      }
      for (RealServer current : List.copyOf(service.destinations())) {
        IpPort address = current.address();
        if (!wanted.contains(address) && !graceful.contains(key, address)) {
          graceful.delete(key, address);
        }
      }
    }
  }
}
