package dev.ksim.proxy.nftables;

import static dev.ksim.proxy.nftables.NftablesProxier.MARK_MASQ;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.ServicePortInfo;
import dev.ksim.proxy.ServicePortName;
import dev.ksim.proxy.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The chains, elements and affinity sets of one Service port, in the steps of upstream's {@code
 * syncProxyRules} loop: the chains it uses and its no-endpoint verdicts are worked out first, then
 * the map elements, the internal, external and firewall chains, the policy chains and the
 * per-endpoint chains are written.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go">proxier.go
 *     syncProxyRules</a>
 */
final class ServicePortWriter {
  /**
   * What every Service port's rules depend on.
   *
   * @param ipx {@code ip} or {@code ip6}
   * @param detector the local-traffic detector's matches
   * @param masqueradeAll {@code nftables.masqueradeAll}
   * @param nodeIp the proxier's node IP (source ranges containing it admit the LB IPs as sources)
   */
  record Settings(String ipx, NftLocalDetector detector, boolean masqueradeAll, IpAddress nodeIp) {
    String addressType() {
      return ipx.equals("ip") ? "ipv4_addr" : "ipv6_addr";
    }
  }

  private final Settings settings;
  private final ServicePortInfo svc;
  private final ServiceObjects out;
  private final ServicePortName name;
  private final String protocol;
  private final String spn;
  private final Topology topology;
  private final boolean hasEndpoints;
  private final String clusterPolicyChain;
  private final String localPolicyChain;
  private final String internalTrafficChain;
  private final boolean hasInternalEndpoints;
  private final String externalPolicyChain;
  private final boolean hasExternalEndpoints;
  private final String externalTrafficChain;
  private final String fwChain;
  private final boolean usesFwChain;
  private final String internalFilterVerdict;
  private final String externalFilterVerdict;

  ServicePortWriter(
      Settings settings, ServicePortInfo svc, List<EndpointInfo> endpoints, ServiceObjects out) {
    this.settings = settings;
    this.svc = svc;
    this.out = out;
    this.name = svc.name();
    this.protocol = name.protocol().token().toLowerCase(Locale.ROOT);
    this.spn = name.toString();
    this.topology = Topology.categorize(svc, endpoints);
    this.hasEndpoints = topology.hasAnyEndpoints();
    String base = NftChainNames.servicePortBase(name);
    this.clusterPolicyChain = NftChainNames.SERVICE + base;
    this.localPolicyChain = NftChainNames.LOCAL + base;
    this.externalTrafficChain = NftChainNames.EXTERNAL + base;
    this.fwChain = NftChainNames.FIREWALL + base;
    this.internalTrafficChain = svc.internalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
    this.hasInternalEndpoints =
        svc.internalPolicyLocal() ? !topology.localEndpoints().isEmpty() : hasEndpoints;
    this.externalPolicyChain = svc.externalPolicyLocal() ? localPolicyChain : clusterPolicyChain;
    this.hasExternalEndpoints =
        svc.externalPolicyLocal() ? !topology.localEndpoints().isEmpty() : hasEndpoints;
    this.usesFwChain =
        !svc.loadBalancerIps().isEmpty() && !svc.loadBalancerSourceRanges().isEmpty();
    String noEndpoints = "goto " + NftablesProxier.REJECT_CHAIN;
    this.internalFilterVerdict = hasEndpoints ? "drop" : noEndpoints;
    this.externalFilterVerdict = hasEndpoints ? "drop" : noEndpoints;
  }

  void write() {
    writeClusterIpElements();
    writeExternalIpElements();
    writeLoadBalancerElements();
    writeNodePortElements();
    writeInternalTrafficChain();
    writeExternalTrafficChain();
    writeFirewallChain();
    writePolicyChains();
    writeEndpointChains();
  }

  private String portKey(IpAddress ip) {
    return ip + " . " + protocol + " . " + svc.port();
  }

  private void writeClusterIpElements() {
    out.element(new ElementLine("cluster-ips", svc.clusterIp().toString(), null, null));
    if (hasInternalEndpoints) {
      out.element(
          new ElementLine(
              "service-ips", portKey(svc.clusterIp()), null, "goto " + internalTrafficChain));
    } else {
      out.element(
          new ElementLine(
              "no-endpoint-services", portKey(svc.clusterIp()), spn, internalFilterVerdict));
    }
  }

  private void writeExternalIpElements() {
    for (IpAddress externalIp : svc.externalIps()) {
      externalElements(externalIp);
    }
  }

  /** An external destination: to the external chain, and filtered without external endpoints. */
  private void externalElements(IpAddress ip) {
    if (hasEndpoints) {
      out.element(
          new ElementLine("service-ips", portKey(ip), null, "goto " + externalTrafficChain));
    }
    if (!hasExternalEndpoints) {
      out.element(new ElementLine("no-endpoint-services", portKey(ip), spn, externalFilterVerdict));
    }
  }

  private void writeLoadBalancerElements() {
    for (IpAddress lbIp : svc.loadBalancerIps()) {
      externalElements(lbIp);
      if (usesFwChain) {
        out.element(new ElementLine("firewall-ips", portKey(lbIp), spn, "goto " + fwChain));
      }
    }
  }

  private void writeNodePortElements() {
    if (svc.nodePort() == 0) {
      return;
    }
    String key = protocol + " . " + svc.nodePort();
    if (hasEndpoints) {
      out.element(new ElementLine("service-nodeports", key, null, "goto " + externalTrafficChain));
    }
    if (!hasExternalEndpoints) {
      out.element(new ElementLine("no-endpoint-nodeports", key, spn, externalFilterVerdict));
    }
  }

  /** The internal traffic chain's first rule: masquerade what does not come from a pod. */
  private void writeInternalTrafficChain() {
    if (!hasInternalEndpoints) {
      return;
    }
    String destination = settings.ipx() + " daddr " + svc.clusterIp() + " ";
    if (settings.masqueradeAll()) {
      out.rule(internalTrafficChain, destination + "jump " + MARK_MASQ);
    } else if (settings.detector().isImplemented()) {
      out.rule(
          internalTrafficChain,
          destination + settings.detector().ifNotLocal() + " jump " + MARK_MASQ);
    }
  }

  /** external-…: masquerade (or, for Local policy, short-circuit) and on to the policy chain. */
  private void writeExternalTrafficChain() {
    if (!hasEndpoints || !svc.externallyAccessible()) {
      return;
    }
    out.chain(externalTrafficChain);
    if (!svc.externalPolicyLocal()) {
      out.rule(externalTrafficChain, "jump " + MARK_MASQ);
    } else {
      if (settings.detector().isImplemented()) {
        out.rule(
            externalTrafficChain,
            settings.detector().ifLocal()
                + " goto "
                + clusterPolicyChain
                + " comment \"short-circuit pod traffic\"");
      }
      out.rule(
          externalTrafficChain,
          "fib saddr type local jump " + MARK_MASQ + " comment \"masquerade local traffic\"");
      out.rule(
          externalTrafficChain,
          "fib saddr type local goto "
              + clusterPolicyChain
              + " comment \"short-circuit local traffic\"");
    }
    if (hasExternalEndpoints) {
      out.rule(externalTrafficChain, "goto " + externalPolicyChain);
    }
  }

  /** firewall-…: drop what comes from outside the source ranges (and the LB IPs themselves). */
  private void writeFirewallChain() {
    if (!usesFwChain) {
      return;
    }
    List<String> sources = new ArrayList<>();
    boolean allowFromNode = false;
    for (Cidr range : svc.loadBalancerSourceRanges()) {
      sources.add(range.toString());
      allowFromNode |= range.contains(settings.nodeIp());
    }
    if (allowFromNode) {
      svc.loadBalancerIps().forEach(ip -> sources.add(ip.toString()));
    }
    out.rule(fwChain, settings.ipx() + " saddr != { " + String.join(", ", sources) + " } drop");
  }

  /** service-… and local-…: the endpoints for Cluster and for Local policy. */
  private void writePolicyChains() {
    if (!topology.clusterEndpoints().isEmpty() && svc.usesClusterEndpoints()) {
      writeServiceToEndpointRules(clusterPolicyChain, topology.clusterEndpoints());
    }
    if (!topology.localEndpoints().isEmpty() && svc.usesLocalEndpoints()) {
      writeServiceToEndpointRules(localPolicyChain, topology.localEndpoints());
    }
  }

  /** Affinity lookups, then one numgen verdict map over the chain's endpoints. */
  private void writeServiceToEndpointRules(String chain, List<EndpointInfo> endpoints) {
    out.chain(chain);
    if (svc.hasSessionAffinity()) {
      for (EndpointInfo endpoint : endpoints) {
        out.rule(
            chain,
            settings.ipx()
                + " saddr @"
                + affinitySet(endpoint)
                + " goto "
                + endpointChain(endpoint));
      }
    }
    String branches =
        IntStream.range(0, endpoints.size())
            .mapToObj(i -> i + " : goto " + endpointChain(endpoints.get(i)))
            .collect(Collectors.joining(" , "));
    out.rule(chain, "numgen random mod " + endpoints.size() + " vmap { " + branches + " }");
  }

  /** endpoint-…: mark hairpin traffic for masquerade, remember affinity, DNAT. */
  private void writeEndpointChains() {
    for (EndpointInfo endpoint : topology.allReachable()) {
      String chain = endpointChain(endpoint);
      out.rule(chain, settings.ipx() + " saddr " + endpoint.address().ip() + " jump " + MARK_MASQ);
      if (svc.hasSessionAffinity()) {
        String set = affinitySet(endpoint);
        out.affinitySet(set, svc.stickyMaxAgeSeconds());
        out.rule(chain, "update @" + set + " { " + settings.ipx() + " saddr }");
      }
      out.rule(chain, "meta l4proto " + protocol + " dnat to " + endpoint);
    }
  }

  private String endpointChain(EndpointInfo endpoint) {
    return NftChainNames.ENDPOINT + NftChainNames.endpointBase(name, endpoint);
  }

  private String affinitySet(EndpointInfo endpoint) {
    return NftChainNames.AFFINITY + NftChainNames.endpointBase(name, endpoint);
  }
}
