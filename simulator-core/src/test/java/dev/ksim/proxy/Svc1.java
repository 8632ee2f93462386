package dev.ksim.proxy;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;

/**
 * The Service the proxier tests share, as upstream's proxier_test.go names it: {@code ns1/svc1},
 * and the start of its EndpointSlices (IPv4, port {@code p80} TCP 80).
 */
public final class Svc1 {
  private Svc1() {}

  /** A Service named ns1/svc1, its spec still to be given. */
  public static ServiceBuilder service() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace("ns1")
        .withName("svc1")
        .endMetadata();
  }

  /** A slice of ns1/svc1 named {@code name} with port p80 (TCP 80), its endpoints still to come. */
  public static EndpointSliceBuilder slice(String name) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("ns1")
        .withName(name)
        .addToLabels("kubernetes.io/service-name", "svc1")
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("p80")
        .withProtocol("TCP")
        .withPort(80)
        .endPort();
  }
}
