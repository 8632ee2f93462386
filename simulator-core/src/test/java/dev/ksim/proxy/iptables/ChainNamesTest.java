package dev.ksim.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Chain names as upstream hashes them (pkg/proxy/iptables/proxier.go, servicePortChainName and
 * servicePortEndpointChainName); the expected names are those of upstream's proxier_test.go.
 */
class ChainNamesTest {
  private static final ServicePortName SVC1 =
      new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);

  @Test
  void serviceChainsHashNamespaceNamePortAndProtocol() {
    assertThat(ChainNames.cluster(SVC1)).hasToString("KUBE-SVC-XPGD46QRK7WJZT7O");
    assertThat(ChainNames.external(SVC1)).hasToString("KUBE-EXT-XPGD46QRK7WJZT7O");
    assertThat(ChainNames.local(SVC1)).hasToString("KUBE-SVL-XPGD46QRK7WJZT7O");
    assertThat(ChainNames.firewall(SVC1)).hasToString("KUBE-FW-XPGD46QRK7WJZT7O");
  }

  @Test
  void endpointChainsAlsoHashTheEndpoint() {
    EndpointInfo endpoint =
        new EndpointInfo(IpPort.tryParse("10.180.0.1:80").orElseThrow(), true, true, false, false);

    assertThat(ChainNames.endpoint(SVC1, endpoint)).hasToString("KUBE-SEP-SXIVWICOYRO3J4NJ");
  }

  @Test
  void theProtocolChangesTheName() {
    ServicePortName udp = new ServicePortName("ns1", "svc1", "p80", Protocol.UDP);

    assertThat(ChainNames.cluster(udp)).isNotEqualTo(ChainNames.cluster(SVC1));
    assertThat(ChainNames.cluster(udp).value()).hasSize(25);
  }

  /** The hash is the first 16 characters of the base32 SHA-256, as Guava's encoders write it. */
  @Test
  void hashesAreTheBase32OfTheSha256() {
    for (int i = 0; i < 500; i++) {
      ServicePortName name =
          new ServicePortName("ns" + i, "svc-\u00e9" + i, i % 3 == 0 ? "" : "p" + i, Protocol.UDP);
      String expected =
          BaseEncoding.base32()
              .encode(Hashing.sha256().hashString(name + "udp", StandardCharsets.UTF_8).asBytes())
              .substring(0, 16);

      assertThat(ChainNames.portProtoHash(name)).isEqualTo(expected);
    }
  }
}
