package dev.ksim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pod defaulting on create and on writes of the status alone. */
class PodStrategyTest {
  private final ApiStore store = newStore();

  private static ApiStore newStore() {
    ApiStore store =
        new ApiStore(new EventLoop(new SimClock()), new SimRandom(1), Duration.ZERO, Duration.ZERO);
    store.setAdmission(ResourceType.POD, new PodStrategy());
    store.create(
        ResourceType.NAMESPACE,
        new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    return store;
  }

  private Pod create() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: web, image: nginx, resources: {limits: {cpu: 500m}}}]
        """;
    return store.create(
        ResourceType.POD, (Pod) ManifestLoader.parse("p.yaml", yaml).objects().get(0).object());
  }

  @Test
  void aPodRequestsWhatItLimitsWithoutRequesting() {
    Pod pod = create();

    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("500m")));
    assertThat(pod.getStatus().getQosClass()).isEqualTo("Burstable");
  }

  /**
   * A status write keeps the stored spec, as upstream's status strategy does: defaulting it again
   * would replace the requests of the container the stored pod holds, in place.
   */
  @Test
  void aStatusWriteLeavesTheStoredSpecAsItIs() {
    Pod pod = create();
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, Quantity> requests = container.getResources().getRequests();

    Pod running =
        store.modifyStatus(
            ResourceType.POD, "default", "web", p -> p.getStatus().setPhase("Running"));

    assertThat(running.getSpec()).isSameAs(pod.getSpec());
    assertThat(container.getResources().getRequests()).isSameAs(requests);
    assertThat(running.getStatus().getPhase()).isEqualTo("Running");
    assertThat(running.getStatus().getQosClass()).isEqualTo("Burstable");
  }
}
