package dev.ksim.api.qos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases in the manner of upstream's qos_test.go (TestComputePodQOS). */
class PodQosClassTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no resources", spec(List.of(container("", "")), List.of()), "BestEffort"),
        Arguments.of(
            "only other resources",
            spec(List.of(container("", "nvidia.com/gpu=1")), List.of()),
            "BestEffort"),
        Arguments.of(
            "zero requests count as none",
            spec(List.of(container("cpu=0,memory=0", "")), List.of()),
            "BestEffort"),
        Arguments.of(
            "requests equal limits",
            spec(List.of(container("cpu=100m,memory=100Mi", "cpu=100m,memory=100Mi")), List.of()),
            "Guaranteed"),
        Arguments.of(
            "equal amounts written differently",
            spec(List.of(container("cpu=1,memory=1Gi", "cpu=1000m,memory=1024Mi")), List.of()),
            "Guaranteed"),
        Arguments.of(
            "limits without requests",
            spec(List.of(container("", "cpu=100m,memory=100Mi")), List.of()),
            "Burstable"),
        Arguments.of(
            "requests below limits",
            spec(List.of(container("cpu=50m,memory=100Mi", "cpu=100m,memory=100Mi")), List.of()),
            "Burstable"),
        Arguments.of(
            "cpu limited but not memory",
            spec(List.of(container("cpu=100m", "cpu=100m")), List.of()),
            "Burstable"),
        Arguments.of(
            "one guaranteed container beside one with nothing",
            spec(
                List.of(
                    container("cpu=100m,memory=100Mi", "cpu=100m,memory=100Mi"), container("", "")),
                List.of()),
            "Burstable"),
        Arguments.of(
            "two guaranteed containers",
            spec(
                List.of(
                    container("cpu=100m,memory=100Mi", "cpu=100m,memory=100Mi"),
                    container("cpu=1,memory=1Gi", "cpu=1,memory=1Gi")),
                List.of()),
            "Guaranteed"),
        Arguments.of(
            "an init container with only requests",
            spec(List.of(container("", "")), List.of(container("cpu=10m", ""))),
            "Burstable"),
        Arguments.of(
            "an init container without limits spoils guaranteed",
            spec(
                List.of(container("cpu=100m,memory=100Mi", "cpu=100m,memory=100Mi")),
                List.of(container("", ""))),
            "Burstable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void computesTheClassAsUpstream(String name, PodSpec spec, String expected) {
    assertThat(PodQosClass.compute(spec).token()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void podLevelResourcesDecideAlone(String name, PodSpec spec, String ignored) {
    spec.setResources(resources("cpu=1,memory=1Gi", "cpu=1,memory=1Gi"));

    assertThat(PodQosClass.compute(spec)).isEqualTo(PodQosClass.GUARANTEED);
  }

  @Test
  void theStatusClassWinsOverTheSpec() {
    Pod pod =
        new PodBuilder()
            .withSpec(spec(List.of(container("", "")), List.of()))
            .withNewStatus()
            .withQosClass("Guaranteed")
            .endStatus()
            .build();

    assertThat(PodQosClass.of(pod)).isEqualTo("Guaranteed");
  }

  private static PodSpec spec(List<Container> containers, List<Container> initContainers) {
    PodSpec spec = new PodSpec();
    spec.setContainers(containers);
    spec.setInitContainers(initContainers);
    return spec;
  }

  private static Container container(String requests, String limits) {
    return new ContainerBuilder()
        .withName("c")
        .withImage("nginx")
        .withResources(resources(requests, limits))
        .build();
  }

  private static ResourceRequirements resources(String requests, String limits) {
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(quantities(requests));
    resources.setLimits(quantities(limits));
    return resources;
  }

  private static Map<String, Quantity> quantities(String list) {
    Map<String, Quantity> quantities = new LinkedHashMap<>();
    for (String item : list.split(",", -1)) {
      if (!item.isEmpty()) {
        String[] kv = item.split("=", 2);
        quantities.put(kv[0], new Quantity(kv[1]));
      }
    }
    return quantities;
  }
}
