package dev.ksim.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.Ipvs;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.ProxierContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rules a sync builds as it writes its restore lines ({@code RestoreTable}) are the rules the
 * lines read to: a node restored from a sync's input (built rules) and a node restored from the
 * same input's text (read back) hold the same rules, as iptables-save prints them and as values,
 * over generated Services of every shape kube-proxy writes (types, external and load-balancer IPs,
 * source ranges, affinity, both traffic policies, protocols, endpoints on and off the node, ready,
 * serving, terminating), in both families, through a full sync and a partial one.
 */
class BuiltRulesTest {
  private static final String NODE = "test-node";

  private static IpAddress nodeIp(IpFamily family) {
    return IpAddress.parse(family == IpFamily.IPV4 ? "192.168.80.10" : "fd00::10");
  }

  private static IptablesProxier proxier(IpFamily family) {
    boolean v4 = family == IpFamily.IPV4;
    return new IptablesProxier(
        new ProxierContext(
            KubeProxyConfiguration.UPSTREAM_DEFAULTS,
            family,
            NODE,
            List.of(new InterfaceAddress(nodeIp(family), v4 ? 24 : 64)),
            nodeIp(family),
            List.of(Cidr.parse(v4 ? "10.244.1.0/24" : "fd00:10:244:1::/64")),
            List.of(Cidr.parse(v4 ? "10.96.0.0/12" : "fd00:10:96::/112")),
            new Ipvs(() -> 0, () -> 0L)));
  }

  private static Netfilter kernel(IptablesProxier proxier) {
    Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
    proxier.bootstrap(kernel);
    return kernel;
  }

  private static String address(IpFamily family, String v4Prefix, String v6Prefix, int n) {
    return family == IpFamily.IPV4
        ? v4Prefix + (n / 250) + "." + (n % 250 + 1)
        : v6Prefix + Integer.toHexString(n + 1);
  }

  /** Service {@code i} of a random shape, in a namespace no other test writes. */
  private static Service service(int i, IpFamily family, SplittableRandom random) {
    String type = List.of("ClusterIP", "NodePort", "LoadBalancer").get(random.nextInt(3));
    String ip = address(family, "10.96.", "fd00:10:96::", i);
    ServiceSpecBuilder spec =
        new ServiceSpecBuilder()
            .withType(type)
            .withClusterIP(ip)
            .withClusterIPs(ip)
            .withIpFamilies(family == IpFamily.IPV4 ? "IPv4" : "IPv6")
            .withInternalTrafficPolicy(random.nextInt(4) == 0 ? "Local" : "Cluster");
    if (random.nextInt(3) == 0) {
      spec.withExternalIPs(address(family, "50.60.", "fd00:50::", i));
    }
    if (random.nextInt(3) == 0) {
      spec.withSessionAffinity("ClientIP")
          .withNewSessionAffinityConfig()
          .withNewClientIP()
          .withTimeoutSeconds(60 + random.nextInt(1000))
          .endClientIP()
          .endSessionAffinityConfig();
    }
    if (!type.equals("ClusterIP")) {
      boolean local = random.nextBoolean();
      spec.withExternalTrafficPolicy(local ? "Local" : "Cluster");
      if (local && type.equals("LoadBalancer")) {
        spec.withHealthCheckNodePort(31000 + i);
      }
    }
    if (type.equals("LoadBalancer") && random.nextBoolean()) {
      spec.withLoadBalancerSourceRanges(
          family == IpFamily.IPV4
              ? List.of("203.0.113.0/24", random.nextBoolean() ? "192.168.80.0/24" : "10.0.0.0/8")
              : List.of("2001:db8::/64"));
    }
    for (int p = 0; p < 1 + random.nextInt(2); p++) {
      spec.addNewPort()
          .withName("p" + p)
          .withProtocol(List.of("TCP", "UDP", "SCTP").get(random.nextInt(3)))
          .withPort(80 + p)
          .withNodePort(type.equals("ClusterIP") ? null : 30000 + 2 * i + p)
          .endPort();
    }
    ServiceBuilder service =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace("built")
            .withName("s" + i)
            .endMetadata()
            .withSpec(spec.build());
    if (type.equals("LoadBalancer")) {
      service
          .withNewStatus()
          .withNewLoadBalancer()
          .addNewIngress()
          .withIp(address(family, "198.51.", "fd00:198::", i))
          .endIngress()
          .endLoadBalancer()
          .endStatus();
    }
    return service.build();
  }

  /** The slice of service {@code i}: up to five endpoints, each of random conditions. */
  private static EndpointSlice slice(
      Service service, int i, IpFamily family, SplittableRandom random) {
    EndpointSliceBuilder slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withNamespace("built")
            .withName("s" + i + "-" + random.nextInt(1000))
            .addToLabels("kubernetes.io/service-name", "s" + i)
            .endMetadata()
            .withAddressType(family == IpFamily.IPV4 ? "IPv4" : "IPv6");
    service
        .getSpec()
        .getPorts()
        .forEach(
            port ->
                slice
                    .addNewPort()
                    .withName(port.getName())
                    .withProtocol(port.getProtocol())
                    .withPort(8080 + port.getPort())
                    .endPort());
    for (int e = random.nextInt(6); e > 0; e--) {
      slice
          .addNewEndpoint()
          .withAddresses(address(family, "10.244.", "fd00:10:244::", random.nextInt(2000)))
          .withNodeName(random.nextInt(3) == 0 ? NODE : "other-node")
          .withNewConditions()
          .withReady(random.nextInt(5) > 0)
          .withServing(random.nextInt(5) > 0)
          .withTerminating(random.nextInt(5) == 0)
          .endConditions()
          .endEndpoint();
    }
    return slice.build();
  }

  /** Both nodes' tables: the same text, and the same rules chain by chain. */
  private static void assertSameRules(Netfilter built, Netfilter read, IpFamily family) {
    assertThat(IptablesSaveWriter.save(built.ruleset(family), null, null, false))
        .isEqualTo(IptablesSaveWriter.save(read.ruleset(family), null, null, false));
    for (Table table : List.of(Table.FILTER, Table.NAT)) {
      TableState builtTable = built.ruleset(family).table(table);
      TableState readTable = read.ruleset(family).table(table);
      assertThat(builtTable.chains().keySet()).isEqualTo(readTable.chains().keySet());
      for (String chain : builtTable.chains().keySet()) {
        assertThat(builtTable.chains().get(chain).rules())
            .as(chain)
            .isEqualTo(readTable.chains().get(chain).rules());
      }
    }
  }

  private static void restoreText(Netfilter kernel, IpFamily family, String text) {
    RuleEnvironment environment =
        new RuleEnvironment(kernel.ipsets()::containsKey, kernel::hasNfacct, family);
    kernel.setRuleset(
        family,
        new IptablesRestoreParser("text", environment, true).parse(text, kernel.ruleset(family)));
  }

  private static void syncsBuildTheRulesTheirTextReadsTo(IpFamily family) {
    SplittableRandom random = new SplittableRandom(family == IpFamily.IPV4 ? 16 : 17);
    IptablesProxier proxier = proxier(family);
    Netfilter built = kernel(proxier);
    Netfilter read = kernel(proxier(family));
    List<Service> services = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Service service = service(i, family, random);
      services.add(service);
      proxier.onServiceAdd(service);
      proxier.onEndpointSliceAdd(slice(service, i, family, random));
    }
    proxier.syncProxyRules(built, true);
    restoreText(read, family, proxier.lastRestore());
    assertSameRules(built, read, family);

    // a partial sync: new endpoints for some Services, some Services new
    for (int i = 0; i < 400; i += 7) {
      proxier.onEndpointSliceAdd(slice(services.get(i), i, family, random));
    }
    for (int i = 400; i < 450; i++) {
      Service service = service(i, family, random);
      proxier.onServiceAdd(service);
      proxier.onEndpointSliceAdd(slice(service, i, family, random));
    }
    proxier.syncProxyRules(built, false);
    restoreText(read, family, proxier.lastRestore());
    assertSameRules(built, read, family);
  }

  @Test
  void syncsBuildTheRulesTheirTextReadsToInIpv4() {
    syncsBuildTheRulesTheirTextReadsTo(IpFamily.IPV4);
  }

  @Test
  void syncsBuildTheRulesTheirTextReadsToInIpv6() {
    syncsBuildTheRulesTheirTextReadsTo(IpFamily.IPV6);
  }
}
