package dev.ksim.proxy.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.Ipvs;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.ProxierContext;
import dev.ksim.proxy.ServicePortName;
import dev.ksim.proxy.Svc1;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftablesProxierTest {
  private static final ServicePortName SVC1 =
      new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);

  @Test
  void chainNamesHashAsUpstream() {
    assertThat(NftChainNames.servicePortBase(SVC1)).isEqualTo("ULMVA6XW-ns1/svc1/tcp/p80");
    assertThat(
            NftChainNames.servicePortBase(
                new ServicePortName("testing", "service", "https", Protocol.TCP)))
        .isEqualTo("LZBRENCP-testing/service/tcp/https");
    EndpointInfo endpoint =
        new EndpointInfo(IpPort.tryParse("10.180.0.1:80").orElseThrow(), true, true, false, false);
    assertThat(NftChainNames.endpointBase(SVC1, endpoint))
        .isEqualTo("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
  }

  @Test
  void longNamesAreCutTo240WithDots() {
    String base = NftChainNames.hashAndTruncate("n".repeat(300));
    assertThat(base).hasSize(240).endsWith("...");
  }

  @Test
  void aClusterIpServiceWithoutEndpointsRejectsThroughTheNoEndpointMap() {
    NftablesProxier proxier = proxier();
    proxier.onServiceAdd(
        Svc1.service()
            .withNewSpec()
            .withType("ClusterIP")
            .withClusterIP("172.30.0.41")
            .withClusterIPs("172.30.0.41")
            .withIpFamilies("IPv4")
            .addNewPort()
            .withName("p80")
            .withProtocol("TCP")
            .withPort(80)
            .endPort()
            .endSpec()
            .build());
    Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
    proxier.syncProxyRules(kernel, true);
    assertThat(proxier.lastTransaction())
        .contains(
            "add element ip kube-proxy no-endpoint-services { 172.30.0.41 . tcp . 80 comment"
                + " \"ns1/svc1:p80\" : goto reject-chain }")
        .contains("add element ip kube-proxy cluster-ips { 172.30.0.41 }")
        .contains(
            "add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment"
                + " \"Drop traffic to unallocated ClusterIPs\"");
    assertThat(kernel.nftables().isEmpty()).isFalse();
    proxier.syncProxyRules(kernel, false);
    assertThat(proxier.lastTransaction()).isEmpty();
  }

  private static NftablesProxier proxier() {
    return new NftablesProxier(
        new ProxierContext(
            KubeProxyConfiguration.UPSTREAM_DEFAULTS,
            IpFamily.IPV4,
            "test-node",
            List.of(InterfaceAddress.tryParse("192.168.0.2/24").orElseThrow()),
            IpAddress.parse("192.168.0.2"),
            List.of(Cidr.parse("10.0.0.0/8")),
            List.of(Cidr.parse("172.30.0.0/16")),
            new Ipvs(() -> 4, () -> 0L)));
  }
}
