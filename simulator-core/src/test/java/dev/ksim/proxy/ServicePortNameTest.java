package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Protocol;
import org.junit.jupiter.api.Test;

class ServicePortNameTest {
  @Test
  void hashesTheSameInEveryRun() {
    // the record's formula over the strings and the protocol's number, none of them an identity
    // hash, so a literal: the enum's own hash would differ from run to run
    assertThat(new ServicePortName("default", "svc-00001", "http", Protocol.TCP).hashCode())
        .isEqualTo(-2083328991);
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
