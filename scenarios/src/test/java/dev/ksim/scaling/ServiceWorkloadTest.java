package dev.ksim.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.manifest.ObjectManifest;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceWorkloadTest {
  /**
   * The manifests built from copies are the objects, in the order and at the lines, of the YAML.
   */
  @Test
  void manifestsAreTheObjectsOfItsYaml() {
    for (ServiceWorkload workload :
        List.of(
            new ServiceWorkload(3, 10, "iptables"),
            new ServiceWorkload(2, 1, "nftables"),
            new ServiceWorkload(4, 3, "ipvs"))) {
      Manifests built = workload.manifests();
      Manifests read =
          ManifestLoader.parse(
              "bench-" + workload.mode() + "-" + workload.services() + ".yaml", workload.yaml());

      assertThat(built.objects()).hasSize(2 * workload.services());
      assertThat(built.objects()).hasSameSizeAs(read.objects());
      for (int i = 0; i < read.objects().size(); i++) {
        ObjectManifest expected = read.objects().get(i);
        ObjectManifest actual = built.objects().get(i);
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.object()).isEqualTo(expected.object());
        assertThat(actual.document().file()).isEqualTo(expected.document().file());
        assertThat(actual.document().line()).isEqualTo(expected.document().line());
        assertThat(actual.document().fieldLines()).isEqualTo(expected.document().fieldLines());
      }
      assertThat(built.kubeProxyConfigurations()).isEqualTo(read.kubeProxyConfigurations());
      assertThat(built.clusterConfigurations()).isEqualTo(read.clusterConfigurations());
      assertThat(built.warnings()).isEqualTo(read.warnings());
    }
  }

  /** Each copy is its own object: changing one Service's slice leaves the others alone. */
  @Test
  void copiesShareNothing() {
    Manifests built = new ServiceWorkload(2, 2, "iptables").manifests();
    EndpointSlice first = (EndpointSlice) built.objects().get(1).object();
    EndpointSlice second = (EndpointSlice) built.objects().get(3).object();

    first.getEndpoints().get(0).getAddresses().set(0, "10.9.9.9");
    first.getMetadata().getLabels().put("x", "y");

    assertThat(second.getEndpoints().get(0).getAddresses()).containsExactly("10.244.1.4");
    assertThat(second.getMetadata().getLabels()).doesNotContainKey("x");
  }

  /** Names pad the index to five digits, as {@code svc-%05d} does, and grow beyond. */
  @Test
  void namesPadTheIndexToFiveDigits() {
    assertThat(ServiceWorkload.name(0)).isEqualTo("svc-00000");
    assertThat(ServiceWorkload.name(42)).isEqualTo("svc-00042");
    assertThat(ServiceWorkload.name(49_999)).isEqualTo("svc-49999");
    assertThat(ServiceWorkload.name(123_456)).isEqualTo("svc-123456");
  }
}
