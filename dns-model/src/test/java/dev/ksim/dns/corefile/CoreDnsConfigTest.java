package dev.ksim.dns.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.dns.DnsName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoreDnsConfigTest {
  @Test
  void readsKubeadmsCorefile() {
    ServerConfig server = CoreDnsConfig.parse(KubeadmCorefile.TEXT).servers().get(0);
    KubernetesOptions k8s = server.kubernetes().orElseThrow();

    assertThat(server.zones()).containsExactly(DnsName.ROOT);
    assertThat(k8s.zones())
        .extracting(DnsName::toString)
        .containsExactly("cluster.local.", "in-addr.arpa.", "ip6.arpa.");
    assertThat(k8s.ttl()).isEqualTo(30);
    assertThat(k8s.pods()).isEqualTo(PodsMode.INSECURE);
    assertThat(k8s.primaryZone()).hasToString("cluster.local.");
    assertThat(k8s.fallsThrough(DnsName.parse("4.3.2.1.in-addr.arpa."))).isTrue();
    assertThat(k8s.fallsThrough(DnsName.parse("nosuch.default.svc.cluster.local."))).isFalse();
    assertThat(server.forwardFrom()).contains(DnsName.ROOT);
    assertThat(server.loadBalance()).isTrue();
    CacheOptions cache = server.cache().orElseThrow();
    assertThat(cache.successMaxTtl()).isEqualTo(30);
    assertThat(cache.denialMaxTtl()).isEqualTo(30);
    assertThat(cache.disableSuccess())
        .extracting(DnsName::toString)
        .containsExactly("cluster.local.");
  }

  @Test
  void pluginDefaultsAreUpstreams() {
    KubernetesOptions k8s =
        CoreDnsConfig.parse("cluster.local:53 {\n kubernetes\n}\n")
            .servers()
            .get(0)
            .kubernetes()
            .orElseThrow();

    assertThat(k8s.ttl()).isEqualTo(KubernetesOptions.DEFAULT_TTL);
    assertThat(k8s.pods()).isEqualTo(PodsMode.DISABLED);
    assertThat(k8s.zones()).extracting(DnsName::toString).containsExactly("cluster.local.");
    assertThat(k8s.fallthrough()).isEqualTo(Optional.empty());
  }

  @Test
  void cidrZonesBecomeTheReverseZonesThatCoverThem() {
    assertThat(Zones.normalize("10.0.0.0/16", 1))
        .extracting(DnsName::toString)
        .containsExactly("0.10.in-addr.arpa.");
    assertThat(Zones.normalize("10.0.0.0/22", 1))
        .extracting(DnsName::toString)
        .containsExactly(
            "0.0.10.in-addr.arpa.",
            "1.0.10.in-addr.arpa.",
            "2.0.10.in-addr.arpa.",
            "3.0.10.in-addr.arpa.");
    assertThat(Zones.normalize("fd00:77:30::/108", 1))
        .extracting(DnsName::toString)
        .containsExactly("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.");
  }

  @Test
  void refusesWhatCoreDnsWouldNotStartWithNamingTheLine() {
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n  errors\n  rewrite name a b\n}\n"))
        .isInstanceOfSatisfying(CorefileException.class, e -> assertThat(e.line()).isEqualTo(3))
        .hasMessageContaining("rewrite");
    assertThatThrownBy(
            () -> CoreDnsConfig.parse(".:53 {\n kubernetes cluster.local {\n  ttl 9999\n }\n}\n"))
        .isInstanceOfSatisfying(CorefileException.class, e -> assertThat(e.line()).isEqualTo(3));
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n  errors\n"))
        .isInstanceOfSatisfying(CorefileException.class, e -> assertThat(e.line()).isEqualTo(1))
        .hasMessageContaining("never closed");
  }

  @Test
  void aQueryGoesToTheServerBlockWithTheLongestZone() {
    CoreDnsConfig config =
        CoreDnsConfig.parse(".:53 {\n forward . 8.8.8.8\n}\nexample.org:53 {\n errors\n}\n");

    assertThat(config.serverFor(DnsName.parse("www.example.org.")).zones())
        .isEqualTo(List.of(DnsName.parse("example.org.")));
    assertThat(config.serverFor(DnsName.parse("www.example.com.")).zones())
        .isEqualTo(List.of(DnsName.ROOT));
  }
}
