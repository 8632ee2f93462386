package dev.ksim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeyTest {
  @Test
  void equalsByTypeNamespaceAndName() {
    ObjectKey key = new ObjectKey(ResourceType.POD, "default", "web");

    assertThat(key)
        .isEqualTo(new ObjectKey(ResourceType.POD, "default", String.join("", "w", "eb")))
        .isNotEqualTo(new ObjectKey(ResourceType.SERVICE, "default", "web"))
        .isNotEqualTo(new ObjectKey(ResourceType.POD, "kube-system", "web"))
        .isNotEqualTo(new ObjectKey(ResourceType.POD, "default", "api"));
  }

  /**
   * The hash the record generated before it was written out (taken from that build): the order of
   * hash tables keyed by objects, and so of anything printed from them, stays what it was.
   */
  @Test
  void hashesAsTheRecordDid() {
    assertThat(new ObjectKey(ResourceType.POD, "default", "web").hashCode()).isEqualTo(721682968);
    assertThat(new ObjectKey(ResourceType.NODE, "", "k8s-node01").hashCode()).isEqualTo(-844136468);
  }
}
