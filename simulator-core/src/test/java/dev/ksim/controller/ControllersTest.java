package dev.ksim.controller;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.pods;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ControllersTest {
  private static List<Pod> appPods(Cluster cluster, String app) {
    return pods(cluster, "default").stream()
        .filter(p -> app.equals(p.getMetadata().getLabels().get("app")))
        .toList();
  }

  private static List<String> sliceAddresses(Cluster cluster, String service, boolean readyOnly) {
    return cluster
        .store()
        .listByLabel(ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", service)
        .stream()
        .flatMap(s -> s.getEndpoints().stream())
        .filter(e -> !readyOnly || Boolean.TRUE.equals(e.getConditions().getReady()))
        .map(e -> e.getAddresses().get(0))
        .sorted()
        .toList();
  }

  /** Changes the Deployment {@code name} and lets the cluster settle. */
  private static void change(Cluster cluster, String name, Consumer<Deployment> change) {
    cluster.store().modify(ResourceType.DEPLOYMENT, "default", name, change);
    cluster.runUntilQuiet();
  }

  private static void scale(Cluster cluster, String name, int replicas) {
    change(cluster, name, d -> d.getSpec().setReplicas(replicas));
  }

  /** Rolls the Deployment's first container out to {@code image}. */
  private static void setImage(Cluster cluster, String name, String image) {
    change(
        cluster,
        name,
        d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image));
  }

  @Test
  void scalesADeploymentUpAndDown() {
    Cluster cluster = TestClusters.start(deployment("web", 1));

    scale(cluster, "web", 10);
    assertThat(appPods(cluster, "web")).hasSize(10).allMatch(PodUtil::isReady);
    Set<String> before =
        appPods(cluster, "web").stream()
            .map(p -> p.getMetadata().getName())
            .collect(Collectors.toSet());

    scale(cluster, "web", 2);

    List<Pod> after = appPods(cluster, "web");
    assertThat(after).hasSize(2);
    assertThat(before).containsAll(after.stream().map(p -> p.getMetadata().getName()).toList());
    assertThat(cluster.store().list(ResourceType.REPLICA_SET, "default")).hasSize(1);
  }

  /**
   * A Deployment woken with nothing to change writes nothing: the status it works out, conditions
   * and their times included, equals the stored one (a condition differing in any field would write
   * the status again at every sync of a settled cluster, and wake the controller once more).
   */
  @Test
  void aSettledDeploymentWokenByItsReplicaSetWritesNoStatus() {
    Cluster cluster = TestClusters.start(deployment("web", 3));
    long written = cluster.store().changesOf(ResourceType.DEPLOYMENT);
    String replicaSet =
        cluster.store().list(ResourceType.REPLICA_SET, "default").get(0).getMetadata().getName();

    cluster
        .store()
        .modify(
            ResourceType.REPLICA_SET,
            "default",
            replicaSet,
            rs -> rs.getMetadata().getAnnotations().put("example.com/touched", "yes"));
    cluster.runUntilQuiet();

    assertThat(cluster.store().changesOf(ResourceType.DEPLOYMENT)).isEqualTo(written);
  }

  /**
   * The ReplicaSet's max-replicas annotation is the replicas and the surge: a percentage (25% by
   * default) resolved against the replicas and rounded up, a number taken as it is.
   */
  @Test
  void maxReplicasAddsTheSurgeResolvedAgainstTheReplicas() {
    Cluster cluster = TestClusters.start(deployment("web", 4));
    assertThat(maxReplicas(cluster)).isEqualTo("5");

    scale(cluster, "web", 10);
    assertThat(maxReplicas(cluster)).isEqualTo("13");

    change(
        cluster,
        "web",
        d -> {
          d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(2));
          d.getSpec().setReplicas(7);
        });
    assertThat(maxReplicas(cluster)).isEqualTo("9");
  }

  private static String maxReplicas(Cluster cluster) {
    return cluster
        .store()
        .list(ResourceType.REPLICA_SET, "default")
        .get(0)
        .getMetadata()
        .getAnnotations()
        .get("deployment.kubernetes.io/max-replicas");
  }

  /**
   * A started pod's later status writes do not reserve its addresses again (the kubelet holds them
   * from its start): they must still be held, so that pods started after those writes get others,
   * and every pod's container events read as the kubelet writes them.
   */
  @Test
  void startedPodsKeepTheirAddressesThroughStatusWritesAndTheirContainerEvents() {
    Cluster cluster = TestClusters.start(deployment("web", 6));
    for (Pod pod : appPods(cluster, "web")) {
      cluster
          .store()
          .modifyStatus(
              ResourceType.POD,
              "default",
              pod.getMetadata().getName(),
              p -> p.getStatus().setMessage("written again"));
    }
    cluster.runUntilQuiet();

    scale(cluster, "web", 12);

    List<Pod> pods = appPods(cluster, "web");
    assertThat(pods).hasSize(12).allMatch(PodUtil::isReady);
    assertThat(pods.stream().map(PodUtil::podIp).distinct()).hasSize(12);
    for (Pod pod : pods) {
      List<String> messages =
          cluster.store().list(ResourceType.EVENT, "default").stream()
              .filter(e -> e.getInvolvedObject().getName().equals(pod.getMetadata().getName()))
              .filter(e -> "spec.containers{web}".equals(e.getInvolvedObject().getFieldPath()))
              .map(e -> e.getReason() + ": " + e.getMessage())
              .toList();
      assertThat(messages)
          .containsExactly(
              "Pulled: Container image \"nginx:1.27\" already present on machine and can be"
                  + " accessed by the pod",
              "Created: Created container: web",
              "Started: Started container web");
    }
  }

  @Test
  void podsGetAddressesFromTheirNodesRangeAndSpreadOverWorkers() {
    Cluster cluster = TestClusters.start(deployment("web", 4));

    for (Pod pod : appPods(cluster, "web")) {
      String node = PodUtil.nodeName(pod);
      assertThat(node).isIn("k8s-node01", "k8s-node02");
      String prefix = node.equals("k8s-node01") ? "10.244.1." : "10.244.2.";
      assertThat(PodUtil.podIp(pod)).startsWith(prefix);
    }
    Map<String, Long> perNode =
        appPods(cluster, "web").stream()
            .collect(Collectors.groupingBy(PodUtil::nodeName, Collectors.counting()));
    assertThat(perNode.values()).containsOnly(2L);
  }

  @Test
  void rollingUpdateKeepsAvailabilityWithinMaxUnavailableAndSurge() {
    Cluster cluster = TestClusters.start(deployment("web", 4));
    int[] minReady = {Integer.MAX_VALUE};
    int[] maxActive = {0};
    cluster
        .store()
        .watch(
            ResourceType.POD,
            ResourceEventHandler.onAnyChange(
                p -> {
                  List<Pod> pods = appPods(cluster, "web");
                  minReady[0] =
                      Math.min(
                          minReady[0],
                          (int)
                              pods.stream()
                                  .filter(x -> PodUtil.isReady(x) && !PodUtil.isTerminating(x))
                                  .count());
                  maxActive[0] =
                      Math.max(maxActive[0], (int) pods.stream().filter(PodUtil::isActive).count());
                }));

    setImage(cluster, "web", "nginx:1.28");

    assertThat(minReady[0]).isGreaterThanOrEqualTo(3);
    assertThat(maxActive[0]).isLessThanOrEqualTo(5);
    assertThat(appPods(cluster, "web"))
        .hasSize(4)
        .allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.28"));
    assertThat(cluster.store().list(ResourceType.REPLICA_SET, "default"))
        .extracting(rs -> rs.getSpec().getReplicas())
        .containsExactlyInAnyOrder(4, 0);
    assertThat(
            cluster
                .store()
                .list(ResourceType.DEPLOYMENT, "default")
                .get(0)
                .getStatus()
                .getUpdatedReplicas())
        .isEqualTo(4);
  }

  /**
   * Each rollout leaves one more old ReplicaSet at zero; beyond revisionHistoryLimit the oldest go,
   * and the Deployment's status counts what is left.
   */
  @Test
  void oldReplicaSetsBeyondTheRevisionHistoryLimitAreDeleted() {
    Cluster cluster = TestClusters.start(deployment("web", 2));
    cluster
        .store()
        .modify(
            ResourceType.DEPLOYMENT, "default", "web", d -> d.getSpec().setRevisionHistoryLimit(1));

    for (String image : List.of("nginx:1.26", "nginx:1.27", "nginx:1.28")) {
      setImage(cluster, "web", image);
    }

    assertThat(cluster.store().list(ResourceType.REPLICA_SET, "default"))
        .extracting(
            rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
            rs -> rs.getSpec().getReplicas())
        .containsExactlyInAnyOrder(tuple("nginx:1.28", 2), tuple("nginx:1.27", 0));
    var status = cluster.store().list(ResourceType.DEPLOYMENT, "default").get(0).getStatus();
    assertThat(
            List.of(status.getReplicas(), status.getUpdatedReplicas(), status.getReadyReplicas()))
        .containsExactly(2, 2, 2);
    assertThat(appPods(cluster, "web"))
        .hasSize(2)
        .allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.28"));
  }

  @Test
  void aDeletedPodIsReplacedByOneWithANewAddressAndTheEndpointsFollow() {
    Cluster cluster = TestClusters.start(yaml(deployment("web", 2), service("web")));
    Pod victim = appPods(cluster, "web").get(0);
    String oldIp = PodUtil.podIp(victim);
    assertThat(sliceAddresses(cluster, "web", true)).contains(oldIp);

    cluster.store().delete(ObjectKey.of(ResourceType.POD, victim));
    cluster.runUntilQuiet();

    List<Pod> now = appPods(cluster, "web");
    assertThat(now)
        .hasSize(2)
        .noneMatch(p -> p.getMetadata().getName().equals(victim.getMetadata().getName()));
    Set<String> ips =
        now.stream().map(PodUtil::podIp).collect(Collectors.toCollection(TreeSet::new));
    assertThat(ips).doesNotContain(oldIp);
    assertThat(sliceAddresses(cluster, "web", true)).containsExactlyElementsOf(ips);
    Endpoints endpoints =
        cluster.store().<Endpoints>get(ResourceType.ENDPOINTS, "default", "web").orElseThrow();
    assertThat(endpoints.getSubsets().get(0).getAddresses())
        .extracting(a -> a.getIp())
        .containsExactlyElementsOf(ips);
  }

  @Test
  void aTerminatingPodIsMarkedSoInItsSliceUntilItIsGone() {
    Cluster cluster = TestClusters.start(yaml(deployment("web", 1), service("web")));
    Pod victim = appPods(cluster, "web").get(0);

    cluster.store().delete(ObjectKey.of(ResourceType.POD, victim));
    cluster.advance(java.time.Duration.ofMillis(500));

    Endpoint terminating =
        cluster
            .store()
            .listByLabel(
                ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "web")
            .stream()
            .flatMap(s -> s.getEndpoints().stream())
            .filter(e -> e.getAddresses().get(0).equals(PodUtil.podIp(victim)))
            .findFirst()
            .orElseThrow();
    assertThat(terminating.getConditions().getTerminating()).isTrue();
    assertThat(terminating.getConditions().getReady()).isFalse();
    assertThat(terminating.getConditions().getServing()).isTrue();
  }

  private static final String UNREADY =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: slow}
      spec:
        replicas: 2
        selector: {matchLabels: {app: slow}}
        template:
          metadata: {labels: {app: slow}}
          spec:
            containers:
            - name: web
              image: nginx
              ports: [{containerPort: 80}]
              readinessProbe:
                httpGet: {port: 8080, path: /}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: slow}
      spec:
        selector: {app: slow}
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: slow-all}
      spec:
        clusterIP: None
        publishNotReadyAddresses: true
        selector: {app: slow}
        ports: [{port: 80}]
      """;

  @Test
  void readinessGatesEndpoints() {
    Cluster cluster = TestClusters.start(UNREADY);

    assertThat(appPods(cluster, "slow")).hasSize(2).noneMatch(PodUtil::isReady);
    assertThat(sliceAddresses(cluster, "slow", true)).isEmpty();
    assertThat(sliceAddresses(cluster, "slow", false)).hasSize(2);
    Endpoints endpoints =
        cluster.store().<Endpoints>get(ResourceType.ENDPOINTS, "default", "slow").orElseThrow();
    EndpointSubset subset = endpoints.getSubsets().get(0);
    assertThat(subset.getAddresses()).isEmpty();
    assertThat(subset.getNotReadyAddresses()).hasSize(2);
  }

  @Test
  void publishNotReadyAddressesMakesNotReadyPodsReadyEndpoints() {
    Cluster cluster = TestClusters.start(UNREADY);

    assertThat(sliceAddresses(cluster, "slow-all", true)).hasSize(2);
    EndpointSlice slice =
        cluster
            .store()
            .listByLabel(
                ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "slow-all")
            .get(0);
    assertThat(slice.getMetadata().getLabels()).containsKey("service.kubernetes.io/headless");
    assertThat(slice.getEndpoints())
        .allMatch(e -> Boolean.FALSE.equals(e.getConditions().getServing()));
  }

  @Test
  void aProbeOfAListenedPortMakesThePodReadyAfterItsInitialDelay() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: Pod
        metadata: {name: probed, labels: {app: probed}}
        spec:
          containers:
          - name: web
            image: nginx
            ports: [{containerPort: 80, name: http}]
            readinessProbe:
              httpGet: {port: http, path: /}
              initialDelaySeconds: 5
        """);

    Pod pod = pods(cluster, "default").get(0);
    assertThat(PodUtil.isReady(pod)).isTrue();
    String started = pod.getStatus().getStartTime();
    String ready = PodUtil.condition(pod, "Ready").orElseThrow().getLastTransitionTime();
    assertThat(
            java.time.Duration.between(
                    java.time.Instant.parse(started), java.time.Instant.parse(ready))
                .toSeconds())
        .isEqualTo(5);
  }

  @Test
  void statefulSetPodsHaveOrdinalNamesHostnamesAndStartInOrder() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: Service
        metadata: {name: mongodb}
        spec:
          clusterIP: None
          selector: {app: mongodb}
          ports: [{port: 27017}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: mongodb}
        spec:
          serviceName: mongodb
          replicas: 3
          selector: {matchLabels: {app: mongodb}}
          template:
            metadata: {labels: {app: mongodb}}
            spec:
              containers: [{name: mongo, image: mongo:4.4, ports: [{containerPort: 27017}]}]
        """);

    List<Pod> pods = appPods(cluster, "mongodb");
    assertThat(pods)
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("mongodb-0", "mongodb-1", "mongodb-2");
    assertThat(pods)
        .allMatch(
            p ->
                p.getSpec().getHostname().equals(p.getMetadata().getName())
                    && "mongodb".equals(p.getSpec().getSubdomain()));
    List<String> starts = pods.stream().map(p -> p.getStatus().getStartTime()).toList();
    assertThat(starts).isSorted().doesNotHaveDuplicates();
    assertThat(
            cluster
                .store()
                .listByLabel(
                    ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "mongodb")
                .get(0)
                .getEndpoints())
        .extracting(Endpoint::getHostname)
        .containsExactlyInAnyOrder("mongodb-0", "mongodb-1", "mongodb-2");
  }

  @Test
  void handMadeEndpointsOfASelectorlessServiceAreMirroredIntoASlice() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: Service
        metadata: {name: mysql}
        spec:
          ports: [{port: 3306}]
        ---
        apiVersion: v1
        kind: Endpoints
        metadata: {name: mysql}
        subsets:
        - addresses: [{ip: 192.168.1.62}]
          ports: [{port: 3306}]
        """);

    List<EndpointSlice> slices =
        cluster
            .store()
            .listByLabel(
                ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "mysql");
    assertThat(slices).hasSize(1);
    assertThat(slices.get(0).getMetadata().getLabels())
        .containsEntry(
            "endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io");
    assertThat(slices.get(0).getEndpoints().get(0).getAddresses()).containsExactly("192.168.1.62");
    assertThat(slices.get(0).getPorts().get(0).getPort()).isEqualTo(3306);
  }

  @Test
  void mirroredSlicesGivenWithoutTheirEndpointsAreKeptButGoWhenTheEndpointsGo() {
    String service =
        "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {ports: [{port: 5432}]}\n";
    String slice =
        """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: db-mirror
          labels:
            kubernetes.io/service-name: db
            endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io
        addressType: IPv4
        endpoints: [{addresses: [192.168.1.70]}]
        ports: [{port: 5432}]
        """;
    Cluster given = TestClusters.start(service + slice);
    Cluster mirrored =
        TestClusters.start(
            service
                + "---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\n"
                + "subsets: [{addresses: [{ip: 192.168.1.71}], ports: [{port: 5432}]}]\n");
    mirrored.store().delete(new ObjectKey(ResourceType.ENDPOINTS, "default", "db"));
    mirrored.runUntilQuiet();

    assertThat(
            given
                .store()
                .listByLabel(
                    ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "db"))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("db-mirror");
    assertThat(
            mirrored
                .store()
                .listByLabel(
                    ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "db"))
        .isEmpty();
  }

  @Test
  void slicesHoldAtMostOneHundredEndpoints() {
    Cluster cluster = TestClusters.start(yaml(deployment("big", 150), service("big")));

    List<EndpointSlice> slices =
        cluster
            .store()
            .listByLabel(
                ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "big");
    assertThat(slices).extracting(s -> s.getEndpoints().size()).containsExactlyInAnyOrder(100, 50);
  }

  @Test
  void externalNameServicesAcrossNamespacesGetNoEndpoints() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: Namespace
        metadata: {name: projecta-dev}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: redis, namespace: projecta-dev}
        spec:
          type: ExternalName
          externalName: redis.basic-component-dev.svc.cluster.local
          ports: [{port: 6379}]
        """);

    assertThat(cluster.store().list(ResourceType.ENDPOINT_SLICE, "projecta-dev")).isEmpty();
    assertThat(cluster.store().list(ResourceType.ENDPOINTS, "projecta-dev")).isEmpty();
  }

  @Test
  void handWrittenSlicesAreLeftAlone() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: v1
        kind: Service
        metadata: {name: manual}
        spec:
          ports: [{port: 80}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: manual-1
          labels: {kubernetes.io/service-name: manual}
        addressType: IPv4
        endpoints: [{addresses: [10.1.2.3]}]
        ports: [{port: 80}]
        """);

    assertThat(cluster.store().get(ResourceType.ENDPOINT_SLICE, "default", "manual-1")).isPresent();
    assertThat(
            cluster
                .store()
                .listByLabel(
                    ResourceType.ENDPOINT_SLICE, "default", "kubernetes.io/service-name", "manual"))
        .hasSize(1);
  }

  @Test
  void kubeProxyRunsOnEveryNodeIncludingTheControlPlane() {
    Cluster cluster = TestClusters.start("");

    Map<String, String> nodeOfProxy = new HashMap<>();
    for (Pod pod : pods(cluster, "kube-system")) {
      if (pod.getMetadata().getName().startsWith("kube-proxy-")) {
        nodeOfProxy.put(PodUtil.nodeName(pod), PodUtil.podIp(pod));
      }
    }
    assertThat(nodeOfProxy)
        .containsEntry("k8s-master", "192.168.80.100")
        .containsEntry("k8s-node01", "192.168.80.101")
        .containsEntry("k8s-node02", "192.168.80.102");
  }

  @Test
  void requiredAntiAffinityLeavesTheThirdReplicaPendingWithTheSchedulersReason() {
    Cluster cluster =
        TestClusters.start(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx}
        spec:
          replicas: 3
          selector: {matchLabels: {app: nginx}}
          template:
            metadata: {labels: {app: nginx}}
            spec:
              containers: [{name: nginx, image: nginx}]
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector:
                      matchExpressions: [{key: app, operator: In, values: [nginx]}]
                    topologyKey: kubernetes.io/hostname
        """);

    List<Pod> pods = appPods(cluster, "nginx");
    assertThat(pods.stream().filter(PodUtil::isReady).map(PodUtil::nodeName))
        .containsExactlyInAnyOrder("k8s-node01", "k8s-node02");
    Pod pending =
        pods.stream().filter(p -> PodUtil.nodeName(p).isEmpty()).findFirst().orElseThrow();
    assertThat(PodUtil.condition(pending, "PodScheduled").orElseThrow().getMessage())
        .startsWith(
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },"
                + " 2 node(s) didn't match pod anti-affinity rules.");
  }

  @Test
  void deletingADeploymentRemovesItsReplicaSetsAndPods() {
    Cluster cluster = TestClusters.start(deployment("web", 3));

    cluster.store().delete(new ObjectKey(ResourceType.DEPLOYMENT, "default", "web"));
    cluster.runUntilQuiet();

    assertThat(cluster.store().list(ResourceType.REPLICA_SET, "default")).isEmpty();
    assertThat(appPods(cluster, "web")).isEmpty();
  }
}
