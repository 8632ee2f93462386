package dev.ksim.controller.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.LabelSelectors;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ServiceSelectorIndexTest {
  private static final List<String> NAMESPACES = List.of("default", "team");
  private static final List<String> KEYS = List.of("app", "tier", "version");
  private static final List<String> VALUES = List.of("a", "b", "c");

  @Test
  void findsTheServicesOfEveryPodInNameOrder() {
    ServiceSelectorIndex index = new ServiceSelectorIndex();
    index.put(service("default", "web", Map.of("app", "a")));
    index.put(service("default", "api", Map.of("app", "a", "tier", "b")));
    index.put(service("default", "other", Map.of("tier", "b")));
    index.put(service("team", "web", Map.of("app", "a")));

    List<String> selecting =
        index.servicesSelecting(pod("default", Map.of("tier", "b", "app", "a", "version", "c")));

    assertThat(selecting).containsExactly("api", "other", "web");
  }

  @Test
  void forgetsARemovedServiceAndAReplacedSelector() {
    ServiceSelectorIndex index = new ServiceSelectorIndex();
    index.put(service("default", "web", Map.of("app", "a")));
    index.put(service("default", "api", Map.of("app", "a")));
    index.put(service("default", "api", Map.of("app", "b")));
    index.remove(service("default", "web", Map.of()));

    assertThat(index.servicesSelecting(pod("default", Map.of("app", "a")))).isEmpty();
    assertThat(index.servicesSelecting(pod("default", Map.of("app", "b")))).containsExactly("api");
  }

  /**
   * Random Services put, replaced and removed: each answer is the one found by going through every
   * Service of the pod's namespace, as upstream's GetPodServiceMemberships does.
   */
  @Test
  void answersAsAWalkOverEveryServiceWould() {
    SimRandom random = new SimRandom(16);
    ServiceSelectorIndex index = new ServiceSelectorIndex();
    Map<String, Service> services = new HashMap<>();
    for (int step = 0; step < 3_000; step++) {
      Service service =
          service(
              NAMESPACES.get(random.nextInt(NAMESPACES.size())),
              "svc-" + random.nextInt(40),
              labels(random));
      String id = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      if (random.nextInt(4) == 0) {
        index.remove(service);
        services.remove(id);
      } else {
        index.put(service);
        services.put(id, service);
      }
      Pod pod = pod(NAMESPACES.get(random.nextInt(NAMESPACES.size())), labels(random));

      List<String> expected =
          services.values().stream()
              .filter(s -> s.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()))
              .filter(
                  s ->
                      LabelSelectors.matchesServiceSelector(
                          s.getSpec().getSelector(), pod.getMetadata().getLabels()))
              .map(s -> s.getMetadata().getName())
              .sorted()
              .toList();
      assertThat(index.servicesSelecting(pod)).isEqualTo(expected);
    }
  }

  /** Up to three pairs (none is a Service without a selector, which selects nothing). */
  private static Map<String, String> labels(SimRandom random) {
    Map<String, String> labels = new TreeMap<>();
    for (String key : KEYS) {
      if (random.nextInt(3) > 0) {
        labels.put(key, VALUES.get(random.nextInt(VALUES.size())));
      }
    }
    return labels;
  }

  private static Service service(String namespace, String name, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .endSpec()
        .build();
  }

  private static Pod pod(String namespace, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName("pod")
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
