package dev.ksim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stored pod is never changed by the writes after it: the binding and the kubelet's start write
 * statuses that share lists and nested objects with the stored ones ({@code ApiStore.bind}, {@code
 * ApiStore.replaceStatus}), which is safe only while nobody changes them in place.
 */
@Timeout(60)
class StoredPodsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A pod a watcher was handed and its JSON at that moment. */
  private record Seen(Pod pod, String json) {}

  private static String json(Pod pod) {
    try {
      return JSON.writeValueAsString(pod);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyPodAWatcherWasHandedKeepsItsJsonThroughSchedulingBindingStartAndScaling() {
    Cluster cluster = TestClusters.start(TestClusters.service("web"));
    List<Seen> seen = new ArrayList<>();
    cluster
        .store()
        .watch(
            ResourceType.POD,
            new ResourceEventHandler<Pod>() {
              @Override
              public void onAdd(Pod pod) {
                seen.add(new Seen(pod, json(pod)));
              }

              @Override
              public void onUpdate(Pod old, Pod pod) {
                seen.add(new Seen(old, json(old)));
                seen.add(new Seen(pod, json(pod)));
              }
            });

    cluster.apply(ManifestLoader.parse("web.yaml", TestClusters.deployment("web", 4)));
    cluster.apply(ManifestLoader.parse("web.yaml", TestClusters.deployment("web", 6)));
    cluster.apply(ManifestLoader.parse("web.yaml", TestClusters.deployment("web", 2)));

    assertThat(seen).as("adds, bindings, starts and deletions were watched").hasSizeGreaterThan(30);
    assertThat(seen).filteredOn(s -> "Running".equals(s.pod().getStatus().getPhase())).isNotEmpty();
    for (Seen s : seen) {
      assertThat(json(s.pod())).as(s.pod().getMetadata().getName()).isEqualTo(s.json());
    }
  }
}
