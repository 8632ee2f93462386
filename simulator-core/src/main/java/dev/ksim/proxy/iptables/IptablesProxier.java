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
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.LocalTrafficDetector;
import dev.ksim.proxy.ServicePortInfo;
import dev.ksim.proxy.ServicePortName;
import dev.ksim.proxy.Topology;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * kube-proxy's iptables proxier for one node and one family: {@link #syncProxyRules} writes the
 * iptables-restore input that programs the node, rule for rule and comment for comment as
 * upstream's {@code syncProxyRules} writes it, and remembers which per-Service chains it owns so
 * that the next sync deletes the ones no longer needed.
 *
 * <p>Not modelled (and so never written): topology-aware hints, the large-cluster mode that drops
 * comments above 1000 endpoints, partial syncs (every sync rewrites every chain; the ruleset is the
 * same).
 */
public final class IptablesProxier {
  private final KubeProxyConfiguration config;
  private final IpFamily family;
  private final LocalTrafficDetector detector;
  private final List<InterfaceAddress> nodeAddresses;
  private final IpAddress nodeIp;
  private final boolean localhostNodePorts;
  private final String masqueradeMark;
  private Set<String> ownedChains = new TreeSet<>();

  public IptablesProxier(
      KubeProxyConfiguration config,
      IpFamily family,
      LocalTrafficDetector detector,
      List<InterfaceAddress> nodeAddresses,
      IpAddress nodeIp) {
    this.config = config;
    this.family = family;
    this.detector = detector;
    this.nodeAddresses = List.copyOf(nodeAddresses);
    this.nodeIp = nodeIp;
    this.masqueradeMark = "0x" + Long.toHexString(1L << config.masqueradeBit());
    this.localhostNodePorts =
        family == IpFamily.IPV4
            && config.localhostNodePorts()
            && nodePortAddressesIncludeLoopback();
  }

  /** Whether the node must set route_localnet (localhost NodePorts are on). */
  public boolean usesLocalhostNodePorts() {
    return localhostNodePorts;
  }

  private boolean nodePortAddressesIncludeLoopback() {
    if (config.nodePortAddresses().isEmpty()) {
      return true;
    }
    IpAddress loopback = IpAddress.parse("127.0.0.1");
    return config.nodePortAddresses().stream()
        .map(Cidr::tryParse)
        .flatMap(java.util.Optional::stream)
        .anyMatch(c -> c.contains(loopback));
  }

  /** The rules of one table as iptables-restore input: chain lines, then rules. */
  private static final class TableText {
    final Set<String> chains = new LinkedHashSet<>();
    final List<String> rules = new ArrayList<>();
    final List<String> deletions = new ArrayList<>();

    /** While set, a partial sync leaves this Service's own chains as they are in the kernel. */
    boolean skipServiceChains;

    void chain(String name) {
      if (!skips(name)) {
        chains.add(name);
      }
    }

    private boolean skips(String chain) {
      return skipServiceChains && ChainNames.isServiceChain(chain);
    }

    void rule(String chain, Object... parts) {
      if (skips(chain)) {
        return;
      }
      StringBuilder sb = new StringBuilder("-A ").append(chain);
      for (Object part : parts) {
        if (part instanceof List<?> list) {
          list.forEach(p -> sb.append(' ').append(p));
        } else {
          sb.append(' ').append(part);
        }
      }
      rules.add(sb.toString());
    }

    /**
     * A rule for traffic to one address and port of a Service, in kube-proxy's option order:
     * comment, protocol, destination, port, target.
     */
    void portal(
        String chain,
        String comment,
        String protocol,
        Object destination,
        Object port,
        String target) {
      rule(
          chain,
          "-m",
          "comment",
          "--comment",
          comment,
          "-m",
          protocol,
          "-p",
          protocol,
          "-d",
          destination,
          "--dport",
          port,
          "-j",
          target);
    }

    String text(String table) {
      StringBuilder sb = new StringBuilder("*").append(table).append('\n');
      chains.forEach(c -> sb.append(':').append(c).append(" - [0:0]\n"));
      rules.forEach(r -> sb.append(r).append('\n'));
      deletions.forEach(c -> sb.append("-X ").append(c).append('\n'));
      return sb.append("COMMIT\n").toString();
    }
  }

  private static String quoted(String comment) {
    return "\"" + comment + "\"";
  }

  /**
   * The restore input for the current Services and endpoints (to be loaded with {@code --noflush}),
   * deleting the chains of the previous sync that are no longer needed. A partial sync ({@code
   * changed} not null) rewrites the top-level chains whole but the per-Service chains only of the
   * Services in {@code changed} ({@code ns/name}), as upstream does between full syncs.
   */
  public String syncProxyRules(
      List<ServicePortInfo> services,
      Map<ServicePortName, List<EndpointInfo>> endpoints,
      @Nullable Set<String> changed) {
    TableText filter = new TableText();
    TableText nat = new TableText();
    for (String chain :
        List.of(
            KUBE_SERVICES,
            KUBE_EXTERNAL_SERVICES,
            KUBE_FORWARD,
            KUBE_NODEPORTS,
            KUBE_PROXY_FIREWALL)) {
      filter.chain(chain);
    }
    for (String chain : List.of(KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ)) {
      nat.chain(chain);
    }
    nat.rule(
        KUBE_POSTROUTING,
        "-m",
        "mark",
        "!",
        "--mark",
        masqueradeMark + "/" + masqueradeMark,
        "-j",
        "RETURN");
    nat.rule(KUBE_POSTROUTING, "-j", "MARK", "--xor-mark", masqueradeMark);
    nat.rule(
        KUBE_POSTROUTING,
        "-m",
        "comment",
        "--comment",
        quoted("kubernetes service traffic requiring SNAT"),
        "-j",
        "MASQUERADE",
        "--random-fully");
    nat.rule(KUBE_MARK_MASQ, "-j", "MARK", "--or-mark", masqueradeMark);
    if (localhostNodePorts) {
      filter.chain(KUBE_FIREWALL);
      filter.rule(
          KUBE_FIREWALL,
          "-m",
          "comment",
          "--comment",
          quoted("block incoming localnet connections"),
          "-d",
          "127.0.0.0/8",
          "!",
          "-s",
          "127.0.0.0/8",
          "-m",
          "conntrack",
          "!",
          "--ctstate",
          "RELATED,ESTABLISHED,DNAT",
          "-j",
          "DROP");
    }
    Set<String> active = new TreeSet<>();
    for (ServicePortInfo service : services) {
      nat.skipServiceChains =
          changed != null
              && !changed.contains(service.name().namespace() + "/" + service.name().name());
      writeService(service, endpoints.getOrDefault(service.name(), List.of()), filter, nat, active);
      nat.skipServiceChains = false;
    }
    writeNodePortsJump(nat);
    filter.rule(
        KUBE_FORWARD,
        "-m",
        "conntrack",
        "--ctstate",
        "INVALID",
        "-m",
        "nfacct",
        "--nfacct-name",
        CT_STATE_INVALID_DROPPED,
        "-j",
        "DROP");
    filter.rule(
        KUBE_FORWARD,
        "-m",
        "comment",
        "--comment",
        quoted("kubernetes forwarding rules"),
        "-m",
        "mark",
        "--mark",
        masqueradeMark + "/" + masqueradeMark,
        "-j",
        "ACCEPT");
    filter.rule(
        KUBE_FORWARD,
        "-m",
        "comment",
        "--comment",
        quoted("kubernetes forwarding conntrack rule"),
        "-m",
        "conntrack",
        "--ctstate",
        "RELATED,ESTABLISHED",
        "-j",
        "ACCEPT");
    for (String stale : ownedChains) {
      if (!active.contains(stale)) {
        nat.chain(stale);
        nat.deletions.add(stale);
      }
    }
    ownedChains = active;
    return filter.text("filter") + nat.text("nat");
  }

  private void writeNodePortsJump(TableText nat) {
    String comment =
        quoted("kubernetes service nodeports; NOTE: this must be the last rule in this chain");
    if (config.nodePortAddresses().isEmpty()) {
      List<String> destinations = new ArrayList<>(List.of("-m", "addrtype", "--dst-type", "LOCAL"));
      if (family == IpFamily.IPV6) {
        destinations.addAll(List.of("!", "-d", "::1/128"));
      } else if (!localhostNodePorts) {
        destinations.addAll(List.of("!", "-d", "127.0.0.0/8"));
      }
      nat.rule(
          KUBE_SERVICES, "-m", "comment", "--comment", comment, destinations, "-j", KUBE_NODEPORTS);
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
      nat.rule(
          KUBE_SERVICES,
          "-m",
          "comment",
          "--comment",
          comment,
          "-d",
          ip.toString(),
          "-j",
          KUBE_NODEPORTS);
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

  private void writeService(
      ServicePortInfo svc,
      List<EndpointInfo> allEndpoints,
      TableText filter,
      TableText nat,
      Set<String> active) {
    ServicePortName name = svc.name();
    String protocol = name.protocol().token().toLowerCase(Locale.ROOT);
    String spn = name.toString();
    Topology topology = Topology.categorize(svc, allEndpoints);
    boolean hasEndpoints = topology.hasAnyEndpoints();
    String clusterPolicyChain = ChainNames.cluster(name);
    boolean usesClusterPolicyChain =
        !topology.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints();
    String localPolicyChain = ChainNames.local(name);
    boolean usesLocalPolicyChain = !topology.localEndpoints().isEmpty() && svc.usesLocalEndpoints();

    String internalTrafficChain = clusterPolicyChain;
    boolean hasInternalEndpoints = hasEndpoints;
    if (svc.internalPolicyLocal()) {
      internalTrafficChain = localPolicyChain;
      hasInternalEndpoints = !topology.localEndpoints().isEmpty();
    }
    String externalPolicyChain = clusterPolicyChain;
    boolean hasExternalEndpoints = hasEndpoints;
    if (svc.externalPolicyLocal()) {
      externalPolicyChain = localPolicyChain;
      hasExternalEndpoints = !topology.localEndpoints().isEmpty();
    }
    String externalTrafficChain = ChainNames.external(name);
    boolean usesExternalTrafficChain = hasEndpoints && svc.externallyAccessible();
    String fwChain = ChainNames.firewall(name);
    boolean usesFwChain =
        hasEndpoints
            && !svc.loadBalancerIps().isEmpty()
            && !svc.loadBalancerSourceRanges().isEmpty();
    String loadBalancerTrafficChain = usesFwChain ? fwChain : externalTrafficChain;

    String internalFilterTarget = "";
    String internalFilterComment = "";
    String externalFilterTarget = "";
    String externalFilterComment = "";
    if (!hasEndpoints) {
      internalFilterTarget = "REJECT";
      internalFilterComment = quoted(spn + " has no endpoints");
      externalFilterTarget = "REJECT";
      externalFilterComment = internalFilterComment;
    } else {
      if (!hasInternalEndpoints) {
        internalFilterTarget = "DROP";
        internalFilterComment = quoted(spn + " has no local endpoints");
      }
      if (!hasExternalEndpoints) {
        externalFilterTarget = "DROP";
        externalFilterComment = quoted(spn + " has no local endpoints");
      }
    }
    String clusterIp = svc.clusterIp().toString();
    String port = Integer.toString(svc.port());

    if (hasInternalEndpoints) {
      nat.portal(
          KUBE_SERVICES,
          quoted(spn + " cluster IP"),
          protocol,
          clusterIp,
          port,
          internalTrafficChain);
    } else {
      filter.portal(
          KUBE_SERVICES, internalFilterComment, protocol, clusterIp, port, internalFilterTarget);
    }
    for (IpAddress externalIp : svc.externalIps()) {
      if (hasEndpoints) {
        nat.portal(
            KUBE_SERVICES,
            quoted(spn + " external IP"),
            protocol,
            externalIp.toString(),
            port,
            externalTrafficChain);
      }
      if (!hasExternalEndpoints) {
        filter.portal(
            KUBE_EXTERNAL_SERVICES,
            externalFilterComment,
            protocol,
            externalIp.toString(),
            port,
            externalFilterTarget);
      }
    }
    for (IpAddress lbIp : svc.loadBalancerIps()) {
      if (hasEndpoints) {
        nat.portal(
            KUBE_SERVICES,
            quoted(spn + " loadbalancer IP"),
            protocol,
            lbIp.toString(),
            port,
            loadBalancerTrafficChain);
      }
      if (usesFwChain) {
        filter.portal(
            KUBE_PROXY_FIREWALL,
            quoted(spn + " traffic not accepted by " + fwChain),
            protocol,
            lbIp.toString(),
            port,
            "DROP");
      }
    }
    if (!hasExternalEndpoints) {
      for (IpAddress lbIp : svc.loadBalancerIps()) {
        filter.portal(
            KUBE_EXTERNAL_SERVICES,
            externalFilterComment,
            protocol,
            lbIp.toString(),
            port,
            externalFilterTarget);
      }
    }
    if (svc.nodePort() != 0) {
      String nodePort = Integer.toString(svc.nodePort());
      if (hasEndpoints) {
        if (localhostNodePorts) {
          nat.rule(
              KUBE_NODEPORTS,
              "-m",
              "comment",
              "--comment",
              spn,
              "-m",
              protocol,
              "-p",
              protocol,
              "-d",
              "127.0.0.0/8",
              "--dport",
              nodePort,
              "-m",
              "nfacct",
              "--nfacct-name",
              LOCALHOST_NODEPORTS_ACCEPTED,
              "-j",
              externalTrafficChain);
        }
        nat.rule(
            KUBE_NODEPORTS,
            "-m",
            "comment",
            "--comment",
            spn,
            "-m",
            protocol,
            "-p",
            protocol,
            "--dport",
            nodePort,
            "-j",
            externalTrafficChain);
      }
      if (!hasExternalEndpoints) {
        filter.rule(
            KUBE_EXTERNAL_SERVICES,
            "-m",
            "comment",
            "--comment",
            externalFilterComment,
            "-m",
            "addrtype",
            "--dst-type",
            "LOCAL",
            "-m",
            protocol,
            "-p",
            protocol,
            "--dport",
            nodePort,
            "-j",
            externalFilterTarget);
      }
    }
    if (svc.healthCheckNodePort() != 0) {
      filter.rule(
          KUBE_NODEPORTS,
          "-m",
          "comment",
          "--comment",
          quoted(spn + " health check node port"),
          "-m",
          "tcp",
          "-p",
          "tcp",
          "--dport",
          Integer.toString(svc.healthCheckNodePort()),
          "-j",
          "ACCEPT");
    }

    if (hasInternalEndpoints) {
      List<Object> args =
          List.of(
              "-m",
              "comment",
              "--comment",
              quoted(spn + " cluster IP"),
              "-m",
              protocol,
              "-p",
              protocol,
              "-d",
              clusterIp,
              "--dport",
              port);
      if (config.masqueradeAll()) {
        nat.rule(internalTrafficChain, args, "-j", KUBE_MARK_MASQ);
      } else if (detector.isImplemented()) {
        nat.rule(internalTrafficChain, args, detector.ifNotLocal(), "-j", KUBE_MARK_MASQ);
      }
    }
    if (usesExternalTrafficChain) {
      nat.chain(externalTrafficChain);
      active.add(externalTrafficChain);
      if (!svc.externalPolicyLocal()) {
        nat.rule(
            externalTrafficChain,
            "-m",
            "comment",
            "--comment",
            quoted("masquerade traffic for " + spn + " external destinations"),
            "-j",
            KUBE_MARK_MASQ);
      } else {
        if (detector.isImplemented()) {
          nat.rule(
              externalTrafficChain,
              "-m",
              "comment",
              "--comment",
              quoted("pod traffic for " + spn + " external destinations"),
              detector.ifLocal(),
              "-j",
              clusterPolicyChain);
        }
        nat.rule(
            externalTrafficChain,
            "-m",
            "comment",
            "--comment",
            quoted("masquerade LOCAL traffic for " + spn + " external destinations"),
            "-m",
            "addrtype",
            "--src-type",
            "LOCAL",
            "-j",
            KUBE_MARK_MASQ);
        nat.rule(
            externalTrafficChain,
            "-m",
            "comment",
            "--comment",
            quoted("route LOCAL traffic for " + spn + " external destinations"),
            "-m",
            "addrtype",
            "--src-type",
            "LOCAL",
            "-j",
            clusterPolicyChain);
      }
      if (hasExternalEndpoints) {
        nat.rule(externalTrafficChain, "-j", externalPolicyChain);
      }
    }
    if (usesFwChain) {
      nat.chain(fwChain);
      active.add(fwChain);
      boolean allowFromNode = false;
      for (Cidr range : svc.loadBalancerSourceRanges()) {
        nat.rule(
            fwChain,
            "-m",
            "comment",
            "--comment",
            quoted(spn + " loadbalancer IP"),
            "-s",
            range.toString(),
            "-j",
            externalTrafficChain);
        allowFromNode |= range.contains(nodeIp);
      }
      if (allowFromNode) {
        for (IpAddress lbIp : svc.loadBalancerIps()) {
          nat.rule(
              fwChain,
              "-m",
              "comment",
              "--comment",
              quoted(spn + " loadbalancer IP"),
              "-s",
              lbIp.toString(),
              "-j",
              externalTrafficChain);
        }
      }
      nat.rule(
          fwChain,
          "-m",
          "comment",
          "--comment",
          quoted("other traffic to " + spn + " will be dropped by KUBE-PROXY-FIREWALL"));
    }
    if (usesClusterPolicyChain) {
      nat.chain(clusterPolicyChain);
      active.add(clusterPolicyChain);
      writeServiceToEndpointRules(nat, spn, svc, clusterPolicyChain, topology.clusterEndpoints());
    }
    if (usesLocalPolicyChain) {
      nat.chain(localPolicyChain);
      active.add(localPolicyChain);
      writeServiceToEndpointRules(nat, spn, svc, localPolicyChain, topology.localEndpoints());
    }
    for (EndpointInfo endpoint : topology.allReachable()) {
      String chain = ChainNames.endpoint(name, endpoint);
      nat.chain(chain);
      active.add(chain);
      nat.rule(
          chain,
          "-m",
          "comment",
          "--comment",
          spn,
          "-s",
          endpoint.address().ip().toString(),
          "-j",
          KUBE_MARK_MASQ);
      List<Object> args = new ArrayList<>(List.of("-m", "comment", "--comment", spn));
      if (svc.hasSessionAffinity()) {
        args.addAll(List.of("-m", "recent", "--name", chain, "--set"));
      }
      args.addAll(
          List.of(
              "-m",
              protocol,
              "-p",
              protocol,
              "-j",
              "DNAT",
              "--to-destination",
              endpoint.toString()));
      nat.rule(chain, args);
    }
  }

  private void writeServiceToEndpointRules(
      TableText nat, String spn, ServicePortInfo svc, String chain, List<EndpointInfo> endpoints) {
    if (svc.hasSessionAffinity()) {
      for (EndpointInfo endpoint : endpoints) {
        String sep = ChainNames.endpoint(svc.name(), endpoint);
        nat.rule(
            chain,
            "-m",
            "comment",
            "--comment",
            quoted(spn + " -> " + endpoint),
            "-m",
            "recent",
            "--name",
            sep,
            "--rcheck",
            "--seconds",
            Integer.toString(svc.stickyMaxAgeSeconds()),
            "--reap",
            "-j",
            sep);
      }
    }
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      EndpointInfo endpoint = endpoints.get(i);
      String sep = ChainNames.endpoint(svc.name(), endpoint);
      if (i < n - 1) {
        nat.rule(
            chain,
            "-m",
            "comment",
            "--comment",
            quoted(spn + " -> " + endpoint),
            "-m",
            "statistic",
            "--mode",
            "random",
            "--probability",
            probability(n - i),
            "-j",
            sep);
      } else {
        nat.rule(chain, "-m", "comment", "--comment", quoted(spn + " -> " + endpoint), "-j", sep);
      }
    }
  }

  /** 1/n with ten decimals, as kube-proxy's computeProbability writes it. */
  static String probability(int n) {
    // Go's %0.10f rounds the exact binary value, ties to even (strconv); BigDecimal(double) is
    // that exact value (1/2048 prints 0.0004882812, not ...813)
    return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
  }
}
