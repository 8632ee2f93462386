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
    return create("web", "nginx");
  }

  private Pod create(String name, String image) {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          containers: [{name: web, image: %s, resources: {limits: {cpu: 500m}}}]
        """
            .formatted(name, image);
    return store.create(
        ResourceType.POD, (Pod) ManifestLoader.parse("p.yaml", yaml).objects().get(0).object());
  }

  /**
   * Pods created one after another with equal specs (a ReplicaSet's) hold one spec; binding one
   * gives it a spec of its own with the node set and leaves the others' as they were.
   */
  @Test
  void podsCreatedWithEqualSpecsShareOneThatBindingLeavesAlone() {
    Pod first = create("web-1", "nginx");
    Pod second = create("web-2", "nginx");
    Pod other = create("web-3", "nginx:1.28");

    assertThat(second.getSpec()).isSameAs(first.getSpec());
    assertThat(other.getSpec()).isNotSameAs(first.getSpec());
    assertThat(other.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");

    Pod bound = store.bind("default", "web-1", "node-a", p -> {});

    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(store.get(ResourceType.POD, "default", "web-2").orElseThrow().getSpec())
        .isSameAs(first.getSpec())
        .satisfies(spec -> assertThat(spec.getNodeName()).isNull());
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
