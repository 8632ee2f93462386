package dev.ksim.proxy.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.ipvs.VirtualServer;
import dev.ksim.manifest.YamlReader;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.table.Table;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.ProxierContext;
import dev.ksim.proxy.Svc1;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ipvs proxier against upstream's facts (pkg/proxy/ipvs/proxier_test.go and
 * graceful_termination.go), one sync at a time on a bare kernel.
 */
class IpvsProxierTest {
  private static final IpAddress NODE_IP = IpAddress.parse("100.101.102.103");

  private final long[] now = {0};
  private final Ipvs ipvs = new Ipvs(() -> 4, () -> now[0]);
  private final Netfilter kernel = new Netfilter(() -> 0, () -> now[0]);

  private IpvsProxier proxier(KubeProxyConfiguration config) {
    kernel.addAddress("eth0", new InterfaceAddress(NODE_IP, 24));
    return new IpvsProxier(
        new ProxierContext(
            config,
            IpFamily.IPV4,
            "test-node",
            List.of(new InterfaceAddress(NODE_IP, 24)),
            NODE_IP,
            List.of(Cidr.parse("10.244.0.0/24")),
            List.of(Cidr.parse("10.20.30.0/24")),
            ipvs));
  }

  private static Service service(String type, String policy, boolean affinity) {
    return Svc1.service()
        .withNewSpec()
        .withType(type)
        .withClusterIP("10.20.30.41")
        .withClusterIPs("10.20.30.41")
        .withIpFamilies("IPv4")
        .withExternalIPs("50.60.70.81")
        .withExternalTrafficPolicy(type.equals("ClusterIP") ? null : policy)
        .withSessionAffinity(affinity ? "ClientIP" : "None")
        .addNewPort()
        .withName("p80")
        .withProtocol("TCP")
        .withPort(80)
        .withNodePort(type.equals("ClusterIP") ? null : 3001)
        .endPort()
        .endSpec()
        .build();
  }

  /** Endpoints 10.180.0.1 (on test-node) and 10.180.1.1 (elsewhere). */
  private static EndpointSlice slice(String... addresses) {
    EndpointSliceBuilder builder = Svc1.slice("svc1-1");
    for (String address : addresses) {
      builder
          .addNewEndpoint()
          .withAddresses(address)
          .withNodeName(address.equals("10.180.0.1") ? "test-node" : "other-node")
          .endEndpoint();
    }
    return builder.build();
  }

  private VirtualServer virtualServer(String address, int port) {
    return ipvs.service(ServiceKey.of(Protocol.TCP, new IpPort(IpAddress.parse(address), port)))
        .orElseThrow(() -> new AssertionError("no virtual server " + address + ":" + port));
  }

  private static List<String> realServers(VirtualServer vs) {
    return vs.destinations().stream().map(r -> r.address() + " w" + r.weight()).sorted().toList();
  }

  @Test
  void everyServiceAddressGetsAVirtualServerAndKubeIpvs0HoldsAllButTheNodes() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("NodePort", "Cluster", false));
    proxier.onEndpointSliceAdd(slice("10.180.0.1", "10.180.1.1"));
    proxier.syncProxyRules(kernel, true);

    for (String vs : List.of("10.20.30.41:80", "50.60.70.81:80", "100.101.102.103:3001")) {
      IpPort address = IpPort.tryParse(vs).orElseThrow();
      VirtualServer server = virtualServer(address.ip().toString(), address.port());
      assertThat(server.scheduler().name()).isEqualTo("rr");
      assertThat(realServers(server)).containsExactly("10.180.0.1:80 w1", "10.180.1.1:80 w1");
    }
    assertThat(kernel.interfaces().get(IpvsProxier.DUMMY_DEVICE))
        .extracting(InterfaceAddress::toString)
        .containsExactly("10.20.30.41/32", "50.60.70.81/32");
    assertThat(kernel.isLocal(IpAddress.parse("10.20.30.41"))).isTrue();
    assertThat(kernel.isUp(IpvsProxier.DUMMY_DEVICE)).isFalse();
    assertThat(kernel.ipset("KUBE-CLUSTER-IP").orElseThrow().members())
        .containsExactly("10.20.30.41,tcp:80");
    assertThat(kernel.ipset("KUBE-NODE-PORT-TCP").orElseThrow().members()).containsExactly("3001");
    assertThat(kernel.ipset("KUBE-LOOP-BACK").orElseThrow().members())
        .containsExactly("10.180.0.1,tcp:80,10.180.0.1");
    assertThat(kernel.ipset("KUBE-IPVS-IPS").orElseThrow().members())
        .containsExactly("10.20.30.41", "50.60.70.81");
    assertThat(kernel.sysctl("net.ipv4.vs.conntrack")).isEmpty();
    proxier.bootstrap(kernel);
    assertThat(kernel.sysctl("net.ipv4.vs.conntrack")).contains("1");
    assertThat(kernel.sysctl("net.ipv4.vs.expire_nodest_conn")).contains("1");
    assertThat(kernel.sysctl("net.ipv4.vs.expire_quiescent_template")).contains("1");
  }

  @Test
  void theNatRulesMarkWithTheMasqueradeBitInUpstreamOrder() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("NodePort", "Cluster", false));
    proxier.onEndpointSliceAdd(slice("10.180.0.1"));
    proxier.syncProxyRules(kernel, true);
    proxier.syncProxyRules(kernel, true);

    List<String> services =
        kernel
            .ruleset(IpFamily.IPV4)
            .table(Table.NAT)
            .chain("KUBE-SERVICES")
            .orElseThrow()
            .rules()
            .stream()
            .map(r -> r.text())
            .toList();
    assertThat(services.get(0)).isEqualTo("-s 127.0.0.0/8 -j RETURN");
    assertThat(services.get(1))
        .contains("--match-set KUBE-CLUSTER-IP")
        .endsWith("-j KUBE-MARK-MASQ");
    assertThat(services).anyMatch(r -> r.equals("-m addrtype --dst-type LOCAL -j KUBE-NODE-PORT"));
    assertThat(services.get(services.size() - 1))
        .isEqualTo("-m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT");
    List<String> output =
        kernel
            .ruleset(IpFamily.IPV4)
            .table(Table.NAT)
            .chain("OUTPUT")
            .orElseThrow()
            .rules()
            .stream()
            .map(r -> r.text())
            .toList();
    assertThat(output)
        .as("the jump is ensured once, not once per sync")
        .containsExactly("-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    assertThat(
            kernel
                .ruleset(IpFamily.IPV4)
                .table(Table.NAT)
                .chain("KUBE-MARK-MASQ")
                .orElseThrow()
                .rules()
                .get(0)
                .text())
        .isEqualTo("-j MARK --set-xmark 0x4000/0x4000");
  }

  @Test
  void sessionAffinityIsPersistenceWithItsTimeout() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("ClusterIP", "Cluster", true));
    proxier.syncProxyRules(kernel, true);

    ServiceFlags flags = virtualServer("10.20.30.41", 80).flags();
    assertThat(flags.persistent()).isTrue();
    assertThat(flags.timeoutSeconds()).isEqualTo(10800);
  }

  /**
   * ipvs mode's documented difference (upstream PR 97081): with externalTrafficPolicy Local and no
   * endpoint on the node, the external virtual servers get every endpoint instead of none.
   */
  @Test
  void externalPolicyLocalWithoutALocalEndpointFallsBackToAllEndpoints() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("NodePort", "Local", false));
    proxier.onEndpointSliceAdd(slice("10.180.1.1"));
    proxier.syncProxyRules(kernel, true);

    assertThat(realServers(virtualServer("100.101.102.103", 3001)))
        .containsExactly("10.180.1.1:80 w1");
    assertThat(kernel.ipset("KUBE-NODE-PORT-LOCAL-TCP").orElseThrow().members())
        .containsExactly("3001");

    proxier.onEndpointSliceUpdate(slice("10.180.1.1"), slice("10.180.0.1", "10.180.1.1"));
    proxier.syncProxyRules(kernel, true);
    assertThat(realServers(virtualServer("100.101.102.103", 3001)))
        .containsExactly("10.180.0.1:80 w1");
  }

  @Test
  void aRemovedEndpointWithConnectionsIsQuiescedThenDeleted() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("ClusterIP", "Cluster", false));
    proxier.onEndpointSliceAdd(slice("10.180.0.1", "10.180.1.1"));
    proxier.syncProxyRules(kernel, true);
    RealServer leaving =
        virtualServer("10.20.30.41", 80)
            .destination(IpPort.tryParse("10.180.1.1:80").orElseThrow())
            .orElseThrow();
    leaving.bind(false, true);

    proxier.onEndpointSliceUpdate(slice("10.180.0.1", "10.180.1.1"), slice("10.180.0.1"));
    proxier.syncProxyRules(kernel, true);
    assertThat(realServers(virtualServer("10.20.30.41", 80)))
        .containsExactly("10.180.0.1:80 w1", "10.180.1.1:80 w0");

    leaving.unbind(false, true);
    now[0] = GracefulTermination.CHECK_INTERVAL_MILLIS;
    proxier.syncProxyRules(kernel, true);
    assertThat(realServers(virtualServer("10.20.30.41", 80))).containsExactly("10.180.0.1:80 w1");
  }

  @Test
  void aQuiescedEndpointThatComesBackIsTakenOffTheListAndKept() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("ClusterIP", "Cluster", false));
    proxier.onEndpointSliceAdd(slice("10.180.0.1", "10.180.1.1"));
    proxier.syncProxyRules(kernel, true);
    virtualServer("10.20.30.41", 80)
        .destination(IpPort.tryParse("10.180.1.1:80").orElseThrow())
        .orElseThrow()
        .bind(false, true);
    proxier.onEndpointSliceUpdate(slice("10.180.0.1", "10.180.1.1"), slice("10.180.0.1"));
    proxier.syncProxyRules(kernel, true);

    proxier.onEndpointSliceUpdate(slice("10.180.0.1"), slice("10.180.0.1", "10.180.1.1"));
    proxier.syncProxyRules(kernel, true);
    assertThat(realServers(virtualServer("10.20.30.41", 80)))
        .containsExactly("10.180.0.1:80 w1", "10.180.1.1:80 w1");

    now[0] = GracefulTermination.CHECK_INTERVAL_MILLIS;
    proxier.syncProxyRules(kernel, true);
    assertThat(realServers(virtualServer("10.20.30.41", 80)))
        .containsExactly("10.180.0.1:80 w1", "10.180.1.1:80 w1");
  }

  @Test
  void setMembersKeepTheirPlaceAndNewEntriesComeAfterInTextOrder() {
    IpvsProxier proxier = proxier(KubeProxyConfiguration.UPSTREAM_DEFAULTS);
    proxier.onServiceAdd(service("ClusterIP", "Cluster", false));
    proxier.syncProxyRules(kernel, true);

    proxier.onServiceAdd(renamed(service("ClusterIP", "Cluster", false), "svc3", "10.20.30.42"));
    proxier.onServiceAdd(renamed(service("ClusterIP", "Cluster", false), "svc2", "10.20.30.40"));
    proxier.syncProxyRules(kernel, true);
    assertThat(kernel.ipset("KUBE-CLUSTER-IP").orElseThrow().members())
        .containsExactly("10.20.30.41,tcp:80", "10.20.30.40,tcp:80", "10.20.30.42,tcp:80");

    proxier.onServiceDelete(service("ClusterIP", "Cluster", false));
    proxier.syncProxyRules(kernel, true);
    assertThat(kernel.ipset("KUBE-CLUSTER-IP").orElseThrow().members())
        .containsExactly("10.20.30.40,tcp:80", "10.20.30.42,tcp:80");
  }

  private static Service renamed(Service service, String name, String clusterIp) {
    return new ServiceBuilder(service)
        .editMetadata()
        .withName(name)
        .endMetadata()
        .editSpec()
        .withClusterIP(clusterIp)
        .withClusterIPs(clusterIp)
        .withExternalIPs()
        .endSpec()
        .build();
  }

  @Test
  void virtualServersNotMadeByTheSyncAreDeletedUnlessExcluded() {
    KubeProxyConfiguration config =
        KubeProxyConfiguration.parse(
            YamlReader.read(
                    "kp.yaml",
                    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
                        + "mode: ipvs\nipvs: {excludeCIDRs: [192.0.2.0/24]}\n")
                .get(0));
    IpvsProxier proxier = proxier(config);
    ServiceFlags none = ServiceFlags.none(IpFamily.IPV4);
    ServiceKey stranger =
        ServiceKey.of(Protocol.TCP, IpPort.tryParse("198.51.100.7:80").orElseThrow());
    ServiceKey excluded =
        ServiceKey.of(Protocol.TCP, IpPort.tryParse("192.0.2.7:80").orElseThrow());
    ipvs.addService(stranger, "rr", none);
    ipvs.addService(excluded, "rr", none);
    proxier.syncProxyRules(kernel, true);

    assertThat(ipvs.service(stranger)).isEmpty();
    assertThat(ipvs.service(excluded)).isPresent();
  }
}
