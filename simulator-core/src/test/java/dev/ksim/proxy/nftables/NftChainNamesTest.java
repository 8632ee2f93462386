package dev.ksim.proxy.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.ServicePortName;
import org.junit.jupiter.api.Test;

/**
 * Chain names against upstream's Test_servicePortChainNameBase and
 * Test_servicePortEndpointChainNameBase (pkg/proxy/nftables/proxier_test.go), the IPv6 endpoint
 * written as Go's net.IP.String prints it (RFC 5952: {@code ::} for the longest run of two or more
 * zero groups, never for one).
 */
class NftChainNamesTest {
  private static final ServicePortName HTTP =
      new ServicePortName("testing", "service", "http", Protocol.TCP);

  private static EndpointInfo endpoint(String ip, int port) {
    return new EndpointInfo(new IpPort(IpAddress.parse(ip), port), true, true, false, false);
  }

  @Test
  void servicePortChainIsHashThenNamespaceNameProtocolPort() {
    assertThat(NftChainNames.servicePortBase(HTTP)).isEqualTo("P4ZYZVCF-testing/service/tcp/http");
  }

  @Test
  void ipv4EndpointChainAppendsAddressAndPort() {
    assertThat(NftChainNames.endpointBase(HTTP, endpoint("10.180.0.1", 80)))
        .isEqualTo("JO2XBXZR-testing/service/tcp/http__10.180.0.1/80");
  }

  @Test
  void ipv6EndpointChainHasTheAddressInRfc5952FormWithDotsForColons() {
    // upstream's own case hashes the text it is given
    assertThat(
            NftChainNames.hashAndTruncate(
                "testing/service/tcp/http__fd80.abcd.12..a1b2.c3d4.e5f6.9999/80"))
        .startsWith("U7E2ET36-");
    assertThat(NftChainNames.endpointBase(HTTP, endpoint("fd80:abcd:12:0:0:a1b2:c3d4:9999", 80)))
        .endsWith("__fd80.abcd.12..a1b2.c3d4.9999/80");
    assertThat(NftChainNames.endpointBase(HTTP, endpoint("fd80:abcd:12:0:a1b2:c3d4:e5f6:9999", 80)))
        .as("one zero group is not shortened")
        .endsWith("__fd80.abcd.12.0.a1b2.c3d4.e5f6.9999/80");
    assertThat(NftChainNames.endpointBase(HTTP, endpoint("FD00:0:0:0:0:0:0:1", 80)))
        .endsWith("__fd00..1/80");
    assertThat(NftChainNames.endpointBase(HTTP, endpoint("fd00:0:1:0:0:0:0:1", 80)))
        .endsWith("__fd00.0.1..1/80");
  }
}
