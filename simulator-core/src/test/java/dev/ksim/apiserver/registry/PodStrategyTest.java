package dev.ksim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ModelCopy;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.apiserver.UndoLog;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pod defaulting on create and on writes of the status alone. */
class PodStrategyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    return store.create(ResourceType.POD, parse(name, image));
  }

  /**
   * One Pod object created twice, its image changed between the two creates, gives the second pod
   * the new image: what admission keeps of a create is its own copy, never the creator's object.
   */
  @Test
  void aCreatorChangingItsPodBetweenTwoCreatesGetsTheNewSpec() {
    Pod given = parse("web-1", "nginx");
    store.create(ResourceType.POD, given);
    given.getMetadata().setName("web-2");
    given.getSpec().getContainers().get(0).setImage("busybox");
    store.create(ResourceType.POD, given);

    assertThat(imageOf("web-1")).isEqualTo("nginx");
    assertThat(imageOf("web-2")).isEqualTo("busybox");
  }

  private String imageOf(String name) {
    return store
        .get(ResourceType.POD, "default", name)
        .orElseThrow()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  /**
   * Pods whose status writes set equal conditions hold the same condition objects, the whole list
   * where all are equal; a pod with one condition of its own keeps that one, and every pod reads
   * back the conditions written for it.
   */
  @Test
  void podsWrittenWithEqualConditionsShareThemAndReadBackWhatWasWritten() {
    for (String name : List.of("web-1", "web-2", "web-3")) {
      create(name, "nginx");
      store.modifyStatus(
          ResourceType.POD,
          "default",
          name,
          p ->
              p.getStatus()
                  .setConditions(
                      new ArrayList<>(
                          List.of(
                              condition("Initialized", "True"),
                              condition("Ready", name.equals("web-3") ? "False" : "True")))));
    }
    List<PodCondition> first = conditionsOf("web-1");
    List<PodCondition> second = conditionsOf("web-2");
    List<PodCondition> third = conditionsOf("web-3");

    assertThat(second).isSameAs(first);
    assertThat(third.get(0)).isSameAs(first.get(0));
    assertThat(third)
        .extracting(PodCondition::getType, PodCondition::getStatus)
        .containsExactly(tuple("Initialized", "True"), tuple("Ready", "False"));
    assertThat(first)
        .extracting(PodCondition::getType, PodCondition::getStatus)
        .containsExactly(tuple("Initialized", "True"), tuple("Ready", "True"));
  }

  private static PodCondition condition(String type, String status) {
    PodCondition condition = new PodCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setLastTransitionTime("2026-01-01T00:00:00Z");
    return condition;
  }

  private List<PodCondition> conditionsOf(String name) {
    return store.get(ResourceType.POD, "default", name).orElseThrow().getStatus().getConditions();
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

  /**
   * Pods of one spec bound to one node hold one bound spec, equal to what a copy of their spec with
   * the node set would be, as a bound pod read back as JSON shows; a pod of that spec bound to
   * another node, or of another spec bound to that node, gets one of its own, and the pod as
   * created keeps its spec without a node and its status without the binding's condition.
   */
  @Test
  void podsOfOneSpecBoundToOneNodeShareTheBoundSpec() {
    Pod created = create("web-1", "nginx");
    create("web-2", "nginx");
    create("web-3", "nginx");
    create("other", "nginx:1.28");
    Pod expected = ModelCopy.of(created);
    expected.getSpec().setNodeName("node-a");

    Pod first =
        store.bind(
            "default",
            "web-1",
            "node-a",
            p ->
                p.getStatus()
                    .setConditions(new ArrayList<>(List.of(condition("PodScheduled", "True")))));
    Pod second = store.bind("default", "web-2", "node-a", p -> {});
    Pod elsewhere = store.bind("default", "web-3", "node-b", p -> {});
    Pod other = store.bind("default", "other", "node-a", p -> {});

    assertThat(second.getSpec()).isSameAs(first.getSpec());
    JsonNode expectedSpec = JSON.valueToTree(expected.getSpec());
    assertThat(JSON.<JsonNode>valueToTree(first.getSpec())).isEqualTo(expectedSpec);
    assertThat(elsewhere.getSpec()).isNotSameAs(first.getSpec());
    assertThat(elsewhere.getSpec().getNodeName()).isEqualTo("node-b");
    assertThat(other.getSpec()).isNotSameAs(first.getSpec());
    assertThat(other.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(other.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");
    assertThat(created.getSpec().getNodeName()).isNull();
    assertThat(first.getStatus()).isNotSameAs(created.getStatus());
    assertThat(first.getStatus().getConditions())
        .extracting(PodCondition::getType)
        .containsExactly("PodScheduled");
    assertThat(created.getStatus().getConditions()).isEmpty();
  }

  /**
   * A binding keeps the admitted spec's values and sets the node, and a pod bound already cannot be
   * bound to another node: the binding's admission checks the node alone.
   */
  @Test
  void aBindingSetsTheNodeOnceAndKeepsTheAdmittedSpec() {
    Pod created = create();

    Pod bound = store.bind("default", "web", "node-a", p -> {});

    PodSpec expected = ModelCopy.of(created.getSpec());
    expected.setNodeName("node-a");
    assertThat(bound.getSpec()).isNotSameAs(created.getSpec()).isEqualTo(expected);
    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(created.getSpec().getNodeName()).isNull();
    assertThatThrownBy(() -> store.bind("default", "web", "node-b", p -> {}))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("spec.nodeName");
    assertThat(store.get(ResourceType.POD, "default", "web").orElseThrow()).isSameAs(bound);
  }

  /**
   * A binding keeps the pod's generation, as upstream's binding subresource writes the storage
   * without the strategy that bumps it (a scheduled pod on v1.34 shows generation 1), and so does
   * the status write after it; an update of the whole pod that sets the node bumps it.
   */
  @Test
  void aBindingKeepsTheGenerationAnUpdateSettingTheNodeBumps() {
    create("bound", "nginx");
    create("updated", "nginx");

    Pod bound = store.bind("default", "bound", "node-a", p -> {});
    Pod started =
        store.replaceStatus(
            ResourceType.POD, "default", "bound", p -> p.getStatus().setPhase("Running"));
    Pod updated =
        store.modify(
            ResourceType.POD, "default", "updated", p -> p.getSpec().setNodeName("node-a"));

    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(bound.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(started.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
  }

  /**
   * What a binding or status write is admitted by: the node kept, not the spec's checks, which
   * refuse a pod without containers.
   */
  @Test
  void aStatusWriteIsCheckedForItsNodeAloneNotAsASpecChange() {
    create();
    Pod stored = store.bind("default", "web", "node-a", p -> {});
    Pod written = ModelCopy.of(stored);
    written.getSpec().setContainers(new ArrayList<>());
    PodStrategy strategy = new PodStrategy();

    assertThatThrownBy(() -> strategy.admit(stored, ModelCopy.of(written), new UndoLog()))
        .isInstanceOf(ApiException.class);
    strategy.admitStatus(stored, written, new UndoLog());
    written.getSpec().setNodeName("node-b");
    assertThatThrownBy(() -> strategy.admitStatus(stored, written, new UndoLog()))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("spec.nodeName");
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

  /**
   * A pod created with a spec equal to the last one given takes the spec admitted then; it is what
   * admitting the spec anew gives (the same text, QoS class and tolerations), and the creator's
   * spec is never defaulted in place, so a change of it before the next create is seen.
   */
  @Test
  void aSpecEqualToTheLastGivenIsAdmittedAsAnewAndTheCreatorsIsLeftAlone() throws Exception {
    Pod template = parse("web-1", "nginx");
    PodSpec given = template.getSpec();
    Pod first = store.create(ResourceType.POD, template);
    Pod second = store.create(ResourceType.POD, parse("web-2", "nginx"));
    Pod alone = newStore().create(ResourceType.POD, parse("web-2", "nginx"));

    assertThat(second.getSpec()).isSameAs(first.getSpec());
    assertThat(JSON.writeValueAsString(second.getSpec()))
        .isEqualTo(JSON.writeValueAsString(alone.getSpec()));
    assertThat(second.getStatus()).isEqualTo(alone.getStatus());
    assertThat(second.getStatus().getQosClass()).isEqualTo("Burstable");
    assertThat(given.getRestartPolicy()).isNull();
    assertThat(given.getTolerations()).isEmpty();

    given.getContainers().get(0).setImage("nginx:1.28");
    template.getMetadata().setName("web-3");
    Pod third = store.create(ResourceType.POD, template);

    assertThat(third.getSpec()).isNotSameAs(first.getSpec());
    assertThat(third.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");
    assertThat(first.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
  }

  /**
   * Pods handed over holding one spec (a ReplicaSet's, from its template) take the spec admitted
   * for the first and share one Pending status; their spec and status read back as JSON what a pod
   * admitted alone does, and a status write of one leaves the others' status as created.
   */
  @Test
  void podsHandedOverWithOneSpecShareItsAdmissionAndOnePendingStatus() throws Exception {
    PodSpec template = parse("template", "nginx").getSpec();
    List<Pod> created = new ArrayList<>();
    for (String name : List.of("web-1", "web-2", "web-3")) {
      Pod pod = parse(name, "nginx");
      pod.setSpec(template);
      created.add(store.createOwned(ResourceType.POD, pod));
    }
    Pod alone = newStore().create(ResourceType.POD, parse("web-2", "nginx"));

    assertThat(created.get(1).getSpec()).isSameAs(created.get(0).getSpec());
    assertThat(created.get(2).getStatus()).isSameAs(created.get(0).getStatus());
    assertThat(JSON.writeValueAsString(created.get(1).getSpec()))
        .isEqualTo(JSON.writeValueAsString(alone.getSpec()));
    assertThat(JSON.writeValueAsString(created.get(1).getStatus()))
        .isEqualTo(JSON.writeValueAsString(alone.getStatus()));
    assertThat(template.getRestartPolicy()).isNull();

    store.modifyStatus(
        ResourceType.POD, "default", "web-1", p -> p.getStatus().setPhase("Running"));

    assertThat(store.get(ResourceType.POD, "default", "web-2").orElseThrow().getStatus())
        .isSameAs(created.get(1).getStatus())
        .satisfies(status -> assertThat(status.getPhase()).isEqualTo("Pending"));
  }

  /** An invalid spec is refused each time it is given, and a valid one still checks the name. */
  @Test
  void aReusedSpecStillHasThePodsNameCheckedAndAnInvalidOneIsRefusedEachTime() {
    store.create(ResourceType.POD, parse("web-1", "nginx"));

    assertThatThrownBy(() -> store.create(ResourceType.POD, parse("Web_2", "nginx")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("metadata.name");
    for (String name : List.of("bad-1", "bad-2")) {
      assertThatThrownBy(() -> store.create(ResourceType.POD, parse(name, " ")))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("spec.containers[0].image");
    }
  }

  private static Pod parse(String name, String image) {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          containers: [{name: web, image: '%s', resources: {limits: {cpu: 500m}}}]
        """
            .formatted(name, image);
    return (Pod) ManifestLoader.parse("p.yaml", yaml).objects().get(0).object();
  }
}
