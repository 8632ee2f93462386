package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespacedNameTest {
  @Test
  void hashesAsTheRecordDidSoHashOrdersStayTheSame() {
    // the record's own hashCode for this key, printed by the record before hashCode was written out
    assertThat(new NamespacedName("default", "svc-00001").hashCode()).isEqualTo(1736274019);
  }

  @Test
  void equalsComparesNamespaceAndName() {
    NamespacedName key = new NamespacedName("default", "svc");
    assertThat(key)
        .isEqualTo(new NamespacedName("default", "svc"))
        .isNotEqualTo(new NamespacedName("other", "svc"))
        .isNotEqualTo(new NamespacedName("default", "other"))
        .isNotEqualTo("default/svc");
  }
}
