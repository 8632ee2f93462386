package dev.ksim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCopyTest {
  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-0")
        .withNamespace("default")
        .addToLabels("app", "web")
        .addToAnnotations("note", "kept")
        .addNewOwnerReference()
        .withKind("ReplicaSet")
        .withName("web-abc")
        .withUid("u-1")
        .withController(true)
        .endOwnerReference()
        .withResourceVersion("1001")
        .withGeneration(3L)
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .withTerminationGracePeriodSeconds(30L)
        .addNewContainer()
        .withName("web")
        .withImage("nginx")
        .withArgs("-g", "daemon off;")
        .addNewPort()
        .withContainerPort(80)
        .withName("http")
        .endPort()
        .addNewEnv()
        .withName("MODE")
        .withValue("fast")
        .endEnv()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPort(new IntOrString("http"))
        .withPath("/")
        .endHttpGet()
        .withInitialDelaySeconds(2)
        .endReadinessProbe()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP("10.244.1.5")
        .addNewPodIP("10.244.1.5")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .addToAnnotations("deployment.kubernetes.io/revision", "2")
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .addNewMatchExpression()
        .withKey("tier")
        .withOperator("In")
        .withValues("front", "back")
        .endMatchExpression()
        .addNewMatchExpression()
        .withKey("canary")
        .withOperator("DoesNotExist")
        .endMatchExpression()
        .endSelector()
        .withNewStrategy()
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withMetadata(pod().getMetadata())
        .withSpec(pod().getSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void copyEqualsTheOriginalAndTheBuildersCopy() {
    Pod pod = pod();
    pod.getMetadata().setAdditionalProperty("extra", new ArrayList<>(List.of(Map.of("k", 1))));

    Pod copy = ModelCopy.of(pod);

    assertThat(copy).isNotSameAs(pod).isEqualTo(pod).isEqualTo(new PodBuilder(pod).build());
  }

  /**
   * Copies of other kinds the store writes by the thousand, through every kind of field: beans in
   * lists (endpoints, match expressions), in maps (quantities) and in fields (a template, a target
   * reference), values in lists and maps, an int-or-string.
   */
  @Test
  void copiesOfDeploymentsAndEndpointSlicesEqualTheBuildersAndShareNothingThatCanChange() {
    Deployment deployment = deployment();
    EndpointSlice slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withGenerateName("web-")
            .addToLabels("kubernetes.io/service-name", "web")
            .endMetadata()
            .withAddressType("IPv4")
            .addNewEndpoint()
            .withAddresses("10.244.1.5")
            .withNewConditions(true, true, false)
            .withNewTargetRef()
            .withKind("Pod")
            .withName("web-0")
            .endTargetRef()
            .withNodeName("node-1")
            .addToDeprecatedTopology("zone", "a")
            .endEndpoint()
            .addNewPort()
            .withName("http")
            .withPort(80)
            .withProtocol("TCP")
            .endPort()
            .build();

    for (Object original : List.of(deployment, slice)) {
      Object copy = ModelCopy.of(original);
      Set<Object> shared = mutableObjects(copy);
      shared.retainAll(mutableObjects(original));

      assertThat(copy).isNotSameAs(original).isEqualTo(original);
      assertThat(shared).isEmpty();
    }
    assertThat(ModelCopy.of(deployment)).isEqualTo(new DeploymentBuilder(deployment).build());
    assertThat(ModelCopy.of(slice)).isEqualTo(new EndpointSliceBuilder(slice).build());
  }

  @Test
  void copySharesNothingThatCanChange() {
    Pod pod = pod();
    pod.getMetadata().setAdditionalProperty("extra", new ArrayList<>(List.of("x")));

    Set<Object> reachable = mutableObjects(pod);
    Set<Object> shared = mutableObjects(ModelCopy.of(pod));
    shared.retainAll(reachable);

    assertThat(reachable).hasSizeGreaterThan(20);
    assertThat(shared).isEmpty();
  }

  @Test
  void changingTheCopyLeavesTheOriginal() {
    Pod pod = pod();
    Pod copy = ModelCopy.of(pod);

    copy.getMetadata().getLabels().put("tier", "front");
    copy.getMetadata().getFinalizers().add("example.com/hold");
    copy.getSpec().getContainers().get(0).getPorts().get(0).setContainerPort(8080);
    copy.getStatus().getConditions().get(0).setStatus("False");

    assertThat(pod).isEqualTo(pod());
  }

  @Test
  void copiesOfImmutableListsCanBeChanged() {
    Pod pod = pod();
    pod.getSpec().setNodeSelector(Map.of("disk", "ssd"));
    pod.getStatus().setPodIPs(List.of());

    Pod copy = ModelCopy.of(pod);
    copy.getSpec().getNodeSelector().put("zone", "a");
    copy.getStatus().getPodIPs().add(null);

    assertThat(pod.getSpec().getNodeSelector()).containsOnlyKeys("disk");
  }

  @Test
  void sharedEmptiesLeaveAnEqualObjectWithNoEmptyOfItsOwn() {
    Pod pod = pod();

    ModelCopy.shareEmpties(pod);

    assertThat(pod).isEqualTo(pod());
    assertEmptiesAreShared(pod);
    assertThat(pod.getMetadata().getFinalizers()).isSameAs(Collections.emptyList());
    assertThat(pod.getSpec().getContainers().get(0).getAdditionalProperties())
        .isSameAs(Collections.emptyMap());
  }

  @Test
  void sharedEmptiesLeaveADeploymentEqualWithNoEmptyOfItsOwn() {
    Deployment deployment = deployment();
    Deployment original = ModelCopy.of(deployment);

    ModelCopy.shareEmpties(deployment);

    assertThat(deployment).isEqualTo(original);
    assertEmptiesAreShared(deployment);
    assertThat(deployment.getSpec().getSelector().getMatchExpressions().get(1).getValues())
        .isSameAs(Collections.emptyList());
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("cpu")
                .getAdditionalProperties())
        .isSameAs(Collections.emptyMap());
  }

  /**
   * A status change's copy shares the stored metadata and spec, whose empties are shared already:
   * walking its status alone leaves it with no empty of its own, as walking all of it would.
   */
  @Test
  void aStatusChangesCopyHasNoEmptyOfItsOwnOnceItsStatusIsWalked() {
    Pod stored = pod();
    ModelCopy.shareEmpties(stored);

    Pod copy = ModelCopy.forStatusChange(stored);
    copy.getStatus().setConditions(new ArrayList<>(List.of(new PodCondition())));
    copy.getMetadata().setResourceVersion("1002");
    ModelCopy.shareEmptiesBesideSpec(copy);

    assertEmptiesAreShared(copy);
    assertThat(copy.getStatus().getConditions().get(0).getAdditionalProperties())
        .isSameAs(Collections.emptyMap());
    assertThat(stored).isEqualTo(pod());
  }

  /**
   * A new object holding a stored spec (empties shared) is left with no empty of its own once the
   * rest of it is walked, as walking all of it would leave it.
   */
  @Test
  void aNewObjectBesideAStoredSpecHasNoEmptyOfItsOwnOnceTheRestIsWalked() {
    Pod copy = ModelCopy.of(pod());
    Pod stored = pod();
    ModelCopy.shareEmpties(stored);
    copy.setSpec(stored.getSpec());

    ModelCopy.shareEmptiesBesideStoredSpec(copy);

    assertEmptiesAreShared(copy);
    assertThat(copy.getMetadata().getFinalizers()).isSameAs(Collections.emptyList());
    assertThat(copy).isEqualTo(pod());
  }

  @Test
  void copiesOfAnObjectWithSharedEmptiesCanBeChanged() {
    Pod pod = pod();
    ModelCopy.shareEmpties(pod);

    Pod copy = ModelCopy.of(pod);
    copy.getMetadata().getFinalizers().add("example.com/hold");
    copy.getSpec().getContainers().get(0).getAdditionalProperties().put("x", "y");
    copy.getSpec().getTolerations().add(null);

    assertThat(copy).isNotEqualTo(pod);
    assertThat(pod).isEqualTo(pod());
  }

  @Test
  void refusesWhatIsNotAModelObject() {
    assertThatThrownBy(() -> ModelCopy.of(new StringBuilder("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.StringBuilder");
  }

  /** {@code root} holds empty lists and maps, and each is the one shared immutable empty. */
  private static void assertEmptiesAreShared(Object root) {
    assertThat(mutableObjects(root))
        .filteredOn(
            o ->
                (o instanceof List<?> l && l.isEmpty())
                    || (o instanceof Map<?, ?> m && m.isEmpty()))
        .hasSizeGreaterThan(0)
        .allMatch(o -> o == Collections.emptyList() || o == Collections.emptyMap());
  }

  /** Every list, map and model object reachable from {@code root}, by identity. */
  private static Set<Object> mutableObjects(Object root) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(root, seen);
    return seen;
  }

  private static void walk(Object value, Set<Object> seen) {
    if (value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || !seen.add(value)) {
      return;
    }
    if (value instanceof List<?> list) {
      list.forEach(e -> walkNullable(e, seen));
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(e -> walkNullable(e, seen));
      return;
    }
    for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          try {
            walkNullable(field.get(value), seen);
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
  }

  private static void walkNullable(Object value, Set<Object> seen) {
    if (value != null) {
      walk(value, seen);
    }
  }
}
