package dev.ksim.dns.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesIndexTest {
  private static DnsEndpointSlice slice(String name, String service) {
    return new DnsEndpointSlice(
        "default",
        name,
        service,
        List.of(),
        List.of(new DnsEndpoint(List.of("10.244.1.5"), "", true, "")));
  }

  @Test
  void aSliceIsFoundUnderTheServiceItIsLabelledForNow() {
    KubernetesIndex index = new KubernetesIndex();
    index.putSlice(slice("s1", "web"));
    index.putSlice(slice("s2", "web"));
    index.putSlice(slice("s1", "api"));

    assertThat(index.slicesOf("default", "web"))
        .extracting(DnsEndpointSlice::name)
        .containsExactly("s2");
    assertThat(index.slicesOf("default", "api"))
        .extracting(DnsEndpointSlice::name)
        .containsExactly("s1");

    index.removeSlice("default", "s2");
    assertThat(index.slicesOf("default", "web")).isEmpty();
    assertThat(index.slices()).hasSize(1);
  }
}
