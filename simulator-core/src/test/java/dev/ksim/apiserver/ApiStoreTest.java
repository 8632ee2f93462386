package dev.ksim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.apiserver.registry.ServiceStrategy;
import dev.ksim.config.ClusterNetwork;
import dev.ksim.controller.Owners;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.QuietBounds;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ApiStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventLoop loop;
  private ApiStore store;

  @BeforeEach
  void setUp() {
    loop = new EventLoop(new SimClock());
    store = newStore(loop);
  }

  /** A store with the default namespace, whose Services are admitted and given addresses. */
  private static ApiStore newStore(EventLoop loop) {
    SimRandom random = new SimRandom(1);
    ApiStore store = new ApiStore(loop, random, Duration.ofMillis(5), Duration.ofMillis(50));
    store.setAdmission(ResourceType.SERVICE, new ServiceStrategy(ClusterNetwork.DEFAULT, random));
    store.create(
        ResourceType.NAMESPACE,
        new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    return store;
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .addToData("key", value)
        .build();
  }

  private static Service service(String name, String clusterIp) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withClusterIP(clusterIp)
        .addNewPort()
        .withPort(80)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void stampsUidCreationTimeAndIncreasingResourceVersions() {
    ConfigMap first = store.create(ResourceType.CONFIG_MAP, configMap("a", "1"));
    ConfigMap updated =
        store.modify(ResourceType.CONFIG_MAP, "default", "a", c -> c.getData().put("key", "2"));

    assertThat(first.getMetadata().getUid()).isNotEmpty();
    assertThat(first.getMetadata().getCreationTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(first.getMetadata().getResourceVersion()));
    assertThat(updated.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
  }

  @Test
  void generationGrowsOnlyWhenTheSpecChanges() {
    store.create(ResourceType.SERVICE, service("web", ""));

    Service labelled =
        store.modify(
            ResourceType.SERVICE,
            "default",
            "web",
            s -> s.getMetadata().setLabels(new HashMap<>(Map.of("a", "b"))));
    Service changed =
        store.modify(
            ResourceType.SERVICE,
            "default",
            "web",
            s -> s.getSpec().setSessionAffinity("ClientIP"));

    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void aStatusChangeSharesTheSpecAndLeavesTheStoredObjectAsItWas() {
    List<Service> updatedFrom = new ArrayList<>();
    store.watch(
        ResourceType.SERVICE,
        new ResourceEventHandler<>() {
          @Override
          public void onUpdate(Service old, Service object) {
            updatedFrom.add(old);
          }
        });
    Service created = store.create(ResourceType.SERVICE, service("web", ""));

    Service changed =
        store.modifyStatus(
            ResourceType.SERVICE,
            "default",
            "web",
            s ->
                s.setStatus(
                    new ServiceStatusBuilder().withNewLoadBalancer().endLoadBalancer().build()));
    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(changed.getSpec()).isSameAs(created.getSpec());
    assertThat(changed.getMetadata()).isNotSameAs(created.getMetadata());
    assertThat(changed.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(Long.parseLong(changed.getMetadata().getResourceVersion()))
        .isEqualTo(Long.parseLong(created.getMetadata().getResourceVersion()) + 1);
    assertThat(created.getStatus()).isNull();
    assertThat(store.get(ResourceType.SERVICE, "default", "web")).containsSame(changed);
    assertThat(updatedFrom).containsExactly(created);
  }

  @Test
  void aStatusChangeMayNotReplaceTheSpec() {
    store.create(ResourceType.SERVICE, service("web", ""));

    assertThatThrownBy(
            () ->
                store.modifyStatus(
                    ResourceType.SERVICE,
                    "default",
                    "web",
                    s -> s.setSpec(service("other", "").getSpec())))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * A status replaced is stored as the same change made by {@link ApiStore#modifyStatus} (the same
   * JSON, stamps included), in a new status object that shares the fields the change did not set
   * with the stored one, which stays as it was.
   */
  @Test
  void aStatusReplacedIsStoredAsTheSameStatusChange() {
    ApiStore changing = newStore(loop);
    createWithLoadBalancer(changing);
    Service before = createWithLoadBalancer(store);
    Consumer<Service> setConditions =
        s ->
            s.getStatus()
                .setConditions(
                    new ArrayList<>(
                        List.of(
                            new ConditionBuilder().withType("Ready").withStatus("True").build())));

    Service changed = changing.modifyStatus(ResourceType.SERVICE, "default", "web", setConditions);
    Service replaced = store.replaceStatus(ResourceType.SERVICE, "default", "web", setConditions);

    JsonNode expected = JSON.valueToTree(changed);
    assertThat(JSON.<JsonNode>valueToTree(replaced)).isEqualTo(expected);
    assertThat(replaced.getStatus()).isNotSameAs(before.getStatus());
    assertThat(replaced.getStatus().getLoadBalancer())
        .isSameAs(before.getStatus().getLoadBalancer());
    assertThat(before.getStatus().getConditions()).isEmpty();
    assertThat(store.get(ResourceType.SERVICE, "default", "web")).containsSame(replaced);
  }

  private static Service createWithLoadBalancer(ApiStore store) {
    store.create(ResourceType.SERVICE, service("web", ""));
    return store.modifyStatus(
        ResourceType.SERVICE,
        "default",
        "web",
        s ->
            s.setStatus(
                new ServiceStatusBuilder()
                    .withNewLoadBalancer()
                    .addNewIngress()
                    .withIp("192.0.2.1")
                    .endIngress()
                    .endLoadBalancer()
                    .build()));
  }

  /**
   * An object handed over is stored itself, and as a create stores its copy of one: the same
   * generated name, uid, stamps, admission's allocations, and its empties shared.
   */
  @Test
  void storesAnObjectHandedOverItselfAsItStoresTheCopyOfOneCreated() {
    Service given = generatedService();

    Service owned = store.createOwned(ResourceType.SERVICE, given);
    Service copied = newStore(loop).create(ResourceType.SERVICE, generatedService());

    assertThat(owned).isSameAs(given).isEqualTo(copied);
    assertThat(owned.getMetadata().getName()).startsWith("web-").hasSize(9);
    assertThat(owned.getMetadata().getUid()).isNotEmpty();
    assertThat(owned.getSpec().getClusterIP()).isNotEmpty();
    assertThat(owned.getMetadata().getFinalizers()).isSameAs(Collections.emptyList());
    assertThat(store.listByLabel(ResourceType.SERVICE, "default", "app", "web"))
        .containsExactly(owned);
  }

  private static Service generatedService() {
    Service service = service("", "");
    service.getMetadata().setName(null);
    service.getMetadata().setGenerateName("web-");
    service.getMetadata().setLabels(new HashMap<>(Map.of("app", "web")));
    return service;
  }

  @Test
  void watchersHearOfChangesAfterTheWatchLatency() {
    List<String> heard = new ArrayList<>();
    store.watch(
        ResourceType.CONFIG_MAP,
        ResourceEventHandler.onAnyChange(
            c -> heard.add(c.getMetadata().getName() + "@" + loop.clock().nowMillis())));

    store.create(ResourceType.CONFIG_MAP, configMap("a", "1"));
    assertThat(heard).isEmpty();
    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(heard).containsExactly("a@5");
  }

  @Test
  void aFailedTransactionUndoesEveryWriteAndAllocation() {
    List<String> heard = new ArrayList<>();
    store.watch(
        ResourceType.SERVICE,
        ResourceEventHandler.onAnyChange(s -> heard.add(s.getMetadata().getName())));

    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.create(ResourceType.SERVICE, service("one", "10.96.0.50"));
                      store.create(ResourceType.SERVICE, service("two", "10.96.0.50"));
                    }))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("provided IP is already allocated");
    store.create(ResourceType.SERVICE, service("three", "10.96.0.50"));
    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(store.get(ResourceType.SERVICE, "default", "one")).isEmpty();
    assertThat(heard).containsExactly("three");
  }

  @Test
  void writesOutsideATransactionRetainNoUndoActions() {
    for (int i = 0; i < 50; i++) {
      store.create(ResourceType.SERVICE, service("svc-" + i, ""));
      store.modify(
          ResourceType.SERVICE, "default", "svc-" + i, s -> s.getSpec().setSessionAffinity("None"));
    }
    store.delete(new ObjectKey(ResourceType.SERVICE, "default", "svc-0"));

    assertThat(store.retainedUndoActions()).isZero();
  }

  @Test
  void aFailedTransactionUndoesOnlyItsOwnWrites() {
    store.create(ResourceType.SERVICE, service("before", "10.96.0.60"));

    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.create(ResourceType.SERVICE, service("one", "10.96.0.61"));
                      store.create(ResourceType.SERVICE, service("two", "10.96.0.61"));
                    }))
        .isInstanceOf(ApiException.class);

    assertThat(store.get(ResourceType.SERVICE, "default", "before")).isPresent();
    assertThat(store.get(ResourceType.SERVICE, "default", "one")).isEmpty();
    assertThat(store.retainedUndoActions()).isZero();
  }

  @Test
  void refusesObjectsInAMissingNamespace() {
    ConfigMap elsewhere = configMap("a", "1");
    elsewhere.getMetadata().setNamespace("dev");

    assertThatThrownBy(() -> store.create(ResourceType.CONFIG_MAP, elsewhere))
        .isInstanceOf(ApiException.class)
        .hasMessage("namespaces \"dev\" not found");
  }

  @Test
  void refusesASecondObjectOfTheSameName() {
    store.create(ResourceType.CONFIG_MAP, configMap("a", "1"));

    assertThatThrownBy(() -> store.create(ResourceType.CONFIG_MAP, configMap("a", "2")))
        .hasMessage("configmaps \"a\" already exists");
  }

  @Test
  void deletingAnOwnerDeletesItsDependentsInTheBackground() {
    ConfigMap owner = store.create(ResourceType.CONFIG_MAP, configMap("owner", "1"));
    ConfigMap dependent = configMap("dependent", "1");
    dependent.getMetadata().setOwnerReferences(List.of(Owners.controllerReference(owner)));
    store.create(ResourceType.CONFIG_MAP, dependent);

    store.delete(ObjectKey.of(ResourceType.CONFIG_MAP, owner));
    assertThat(store.get(ResourceType.CONFIG_MAP, "default", "dependent")).isPresent();
    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(store.get(ResourceType.CONFIG_MAP, "default", "dependent")).isEmpty();
  }

  /**
   * Objects created one after the other with equal labels and owners (a ReplicaSet's pods) hold one
   * label map and one owner list; a label change of one is its own, and both stay in the indexes.
   */
  @Test
  void objectsCreatedWithEqualLabelsAndOwnersShareThemUntilOneChanges() {
    ConfigMap owner = store.create(ResourceType.CONFIG_MAP, configMap("owner", "1"));
    List<ConfigMap> created = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      ConfigMap object = configMap(name, "1");
      object.getMetadata().setLabels(new HashMap<>(Map.of("app", "x")));
      object.getMetadata().setOwnerReferences(List.of(Owners.controllerReference(owner)));
      created.add(store.create(ResourceType.CONFIG_MAP, object));
    }
    assertThat(created.get(1).getMetadata().getLabels())
        .isSameAs(created.get(0).getMetadata().getLabels());
    assertThat(created.get(1).getMetadata().getOwnerReferences())
        .isSameAs(created.get(0).getMetadata().getOwnerReferences());

    store.modify(
        ResourceType.CONFIG_MAP, "default", "b", c -> c.getMetadata().getLabels().put("app", "y"));

    assertThat(store.get(ResourceType.CONFIG_MAP, "default", "a").orElseThrow().getMetadata())
        .extracting(m -> m.getLabels())
        .isEqualTo(Map.of("app", "x"));
    assertThat(store.listByLabel(ResourceType.CONFIG_MAP, "default", "app", "x"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("a");
    assertThat(store.listByLabel(ResourceType.CONFIG_MAP, "default", "app", "y"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("b");

    store.delete(ObjectKey.of(ResourceType.CONFIG_MAP, owner));
    loop.runUntilQuiet(QuietBounds.DEFAULT);
    assertThat(store.list(ResourceType.CONFIG_MAP)).isEmpty();
  }

  @Test
  void deletingAServiceReleasesItsClusterIp() {
    store.create(ResourceType.SERVICE, service("one", "10.96.0.50"));

    store.delete(new ObjectKey(ResourceType.SERVICE, "default", "one"));

    assertThat(
            store
                .create(ResourceType.SERVICE, service("two", "10.96.0.50"))
                .getSpec()
                .getClusterIP())
        .isEqualTo("10.96.0.50");
  }

  @Test
  void mergePatchChangesRemovesAndKeepsFields() throws Exception {
    store.create(ResourceType.SERVICE, service("web", ""));
    var patch =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                "{\"metadata\":{\"labels\":{\"tier\":\"front\"}},\"spec\":{\"sessionAffinity\":\"ClientIP\"}}");

    Service patched = store.patch(ResourceType.SERVICE, "default", "web", patch);

    assertThat(patched.getMetadata().getLabels()).containsEntry("tier", "front");
    assertThat(patched.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
    assertThat(patched.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds())
        .isEqualTo(10800);
    assertThat(patched.getSpec().getPorts()).hasSize(1);
  }

  @Test
  void listsByLabelThroughTheIndex() {
    ConfigMap a = configMap("a", "1");
    a.getMetadata().setLabels(Map.of("app", "x"));
    ConfigMap b = configMap("b", "1");
    b.getMetadata().setLabels(Map.of("app", "y"));
    store.create(ResourceType.CONFIG_MAP, a);
    store.create(ResourceType.CONFIG_MAP, b);

    assertThat(store.listByLabel(ResourceType.CONFIG_MAP, "default", "app", "x"))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("a");
  }

  /**
   * A status write keeps the object's label map and owner list, and the indexes are left as they
   * are; a label change, and the undoing of a status write, still move the object in them.
   */
  @Test
  void theLabelIndexFollowsStatusWritesLabelChangesAndUndoneWrites() {
    Service web = service("web", "");
    web.getMetadata().setLabels(Map.of("app", "x"));
    store.create(ResourceType.SERVICE, web);

    store.modifyStatus(ResourceType.SERVICE, "default", "web", s -> s.setStatus(null));
    assertThat(namesLabelled("app", "x")).containsExactly("web");

    store.modify(
        ResourceType.SERVICE, "default", "web", s -> s.getMetadata().setLabels(Map.of("app", "y")));
    assertThat(namesLabelled("app", "x")).isEmpty();
    assertThat(namesLabelled("app", "y")).containsExactly("web");

    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.modifyStatus(
                          ResourceType.SERVICE,
                          "default",
                          "web",
                          s -> s.setStatus(new ServiceStatus()));
                      store.create(ResourceType.SERVICE, service("web", ""));
                    }))
        .isInstanceOf(ApiException.class);
    assertThat(namesLabelled("app", "y")).containsExactly("web");
    assertThat(store.countByLabel(ResourceType.SERVICE, "default", "app", "x")).isZero();
  }

  /**
   * A list by label gives the stored objects themselves, as get does, through a status write, a
   * removal and a create again under the same name.
   */
  @Test
  void aListByLabelGivesWhatGetGivesThroughWritesAndARecreate() {
    for (int round = 0; round < 2; round++) {
      Service web = service("web", "");
      web.getMetadata().setLabels(Map.of("app", "x"));
      store.create(ResourceType.SERVICE, web);
      store.modifyStatus(ResourceType.SERVICE, "default", "web", s -> s.setStatus(null));

      assertThat(store.listByLabel(ResourceType.SERVICE, "default", "app", "x"))
          .singleElement()
          .isSameAs(store.get(ResourceType.SERVICE, "default", "web").orElseThrow());
      store.remove(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    }
    assertThat(store.listByLabel(ResourceType.SERVICE, "default", "app", "x")).isEmpty();
  }

  private List<String> namesLabelled(String key, String value) {
    return store.listByLabel(ResourceType.SERVICE, "default", key, value).stream()
        .map(s -> s.getMetadata().getName())
        .toList();
  }

  /** A ConfigMap kept in the store as its name and value until read. */
  private record CompactConfigMap(String namespace, String name, String value)
      implements CompactObject<ConfigMap> {
    @Override
    public ConfigMap build() {
      return configMap(name, value);
    }
  }

  /** What a store holds after a ConfigMap "a", a ConfigMap "b" and a change of "b". */
  private static List<ConfigMap> afterWrites(boolean compact) {
    EventLoop loop = new EventLoop(new SimClock());
    ApiStore store = new ApiStore(loop, new SimRandom(1), Duration.ZERO, Duration.ZERO);
    store.create(
        ResourceType.NAMESPACE,
        new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    for (String name : List.of("a", "b")) {
      if (compact) {
        store.createCompact(ResourceType.CONFIG_MAP, new CompactConfigMap("default", name, "1"));
      } else {
        store.create(ResourceType.CONFIG_MAP, configMap(name, "1"));
      }
      loop.advanceBy(Duration.ofSeconds(1), QuietBounds.DEFAULT);
    }
    store.modify(ResourceType.CONFIG_MAP, "default", "b", c -> c.getData().put("key", "2"));
    List<ConfigMap> stored = new ArrayList<>(store.list(ResourceType.CONFIG_MAP));
    stored.add(store.get(ResourceType.CONFIG_MAP, "default", "a").orElseThrow());
    return stored;
  }

  @Test
  void readsAnObjectCreatedCompactAsTheObjectCreatedInFull() {
    List<ConfigMap> compact = afterWrites(true);

    assertThat(compact).isEqualTo(afterWrites(false));
    assertThat(compact.get(0).getMetadata().getUid()).isNotEmpty();
    assertThat(compact.get(1).getData()).containsEntry("key", "2");
    assertThat(compact.get(2)).isNotSameAs(compact.get(0));
  }

  @Test
  void refusesACompactObjectWhoseNameIsTakenAndRemovesOne() {
    store.createCompact(ResourceType.CONFIG_MAP, new CompactConfigMap("default", "a", "1"));
    ObjectKey key = new ObjectKey(ResourceType.CONFIG_MAP, "default", "a");

    assertThatThrownBy(
            () ->
                store.createCompact(
                    ResourceType.CONFIG_MAP, new CompactConfigMap("default", "a", "2")))
        .isInstanceOf(ApiException.class);
    assertThat(store.contains(key)).isTrue();
    store.remove(key);
    assertThat(store.contains(key)).isFalse();
    assertThat(store.list(ResourceType.CONFIG_MAP)).isEmpty();
  }

  /**
   * A compact object under a taken name is not stored and costs nothing (no resourceVersion), and
   * one in a missing namespace is refused and leaves its name free.
   */
  @Test
  void aCompactObjectUnderATakenNameIsNotStoredAndOneWithoutNamespaceLeavesNothing() {
    ObjectKey a =
        store
            .createCompactUnlessTaken(
                ResourceType.CONFIG_MAP, new CompactConfigMap("default", "a", "1"))
            .orElseThrow();
    long version = store.resourceVersion();

    assertThat(
            store.createCompactUnlessTaken(
                ResourceType.CONFIG_MAP, new CompactConfigMap("default", "a", "2")))
        .isEmpty();
    assertThat(store.resourceVersion()).isEqualTo(version);
    assertThat(store.<ConfigMap>get(a).orElseThrow().getData()).containsEntry("key", "1");
    assertThatThrownBy(
            () ->
                store.createCompactUnlessTaken(
                    ResourceType.CONFIG_MAP, new CompactConfigMap("none", "b", "1")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("none");
    assertThat(store.contains(new ObjectKey(ResourceType.CONFIG_MAP, "none", "b"))).isFalse();
    assertThat(store.list(ResourceType.CONFIG_MAP))
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("a");
  }

  @Test
  void storesACompactObjectInFullForItsWatchers() {
    List<ConfigMap> seen = new ArrayList<>();
    store.watch(ResourceType.CONFIG_MAP, ResourceEventHandler.onAnyChange(seen::add));

    store.createCompact(ResourceType.CONFIG_MAP, new CompactConfigMap("default", "a", "1"));
    loop.runUntilQuiet(QuietBounds.DEFAULT);

    assertThat(seen).hasSize(1);
    assertThat(store.get(ResourceType.CONFIG_MAP, "default", "a")).containsSame(seen.get(0));
  }

  @Test
  void ordersKeysByTypeThenNamespaceThenName() {
    List<ObjectKey> keys =
        new ArrayList<>(
            List.of(
                new ObjectKey(ResourceType.SERVICE, "a", "x"),
                new ObjectKey(ResourceType.POD, "b", "a"),
                new ObjectKey(ResourceType.POD, "a", "y"),
                new ObjectKey(ResourceType.NAMESPACE, "", "z"),
                new ObjectKey(ResourceType.POD, "a", "x")));
    keys.sort(null);

    assertThat(keys)
        .containsExactly(
            new ObjectKey(ResourceType.NAMESPACE, "", "z"),
            new ObjectKey(ResourceType.POD, "a", "x"),
            new ObjectKey(ResourceType.POD, "a", "y"),
            new ObjectKey(ResourceType.POD, "b", "a"),
            new ObjectKey(ResourceType.SERVICE, "a", "x"));
    assertThat(ResourceType.POD).isEqualTo(ResourceType.forName("pods").orElseThrow());
    assertThat(ResourceType.POD).isNotEqualTo(ResourceType.SERVICE);
  }
}
