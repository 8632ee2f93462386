package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Protocol;
import org.junit.jupiter.api.Test;

class ServicePortNameTest {
  @Test
  void hashesAsTheRecordDidSoHashOrdersStayTheSame() {
    // a record's own hashCode: 31 * h + the hash of each component in turn, from 0
    ServicePortName port = new ServicePortName("default", "svc-00001", "http", Protocol.TCP);
    assertThat(port.hashCode())
        .isEqualTo(
            ((31 * "default".hashCode() + "svc-00001".hashCode()) * 31 + "http".hashCode()) * 31
                + Protocol.TCP.hashCode());
  }

  @Test
  void equalsComparesEveryPart() {
    ServicePortName port = new ServicePortName("default", "svc", "http", Protocol.TCP);
    assertThat(port)
        .isEqualTo(new ServicePortName("default", "svc", "http", Protocol.TCP))
        .isNotEqualTo(new ServicePortName("other", "svc", "http", Protocol.TCP))
        .isNotEqualTo(new ServicePortName("default", "other", "http", Protocol.TCP))
        .isNotEqualTo(new ServicePortName("default", "svc", "dns", Protocol.TCP))
        .isNotEqualTo(new ServicePortName("default", "svc", "http", Protocol.UDP));
  }
}
