package dev.ksim.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ksim.api.node.NodeUtil;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.apiserver.registry.NetworkingStrategy;
import dev.ksim.apiserver.registry.PodStrategy;
import dev.ksim.apiserver.registry.ServiceStrategy;
import dev.ksim.apiserver.registry.SimpleStrategies;
import dev.ksim.apiserver.registry.StorageStrategy;
import dev.ksim.apiserver.registry.WorkloadStrategy;
import dev.ksim.cni.BridgeNetwork;
import dev.ksim.cni.HostLocalIpam;
import dev.ksim.cni.NetworkPlugin;
import dev.ksim.config.ClusterNetwork;
import dev.ksim.config.Latencies;
import dev.ksim.controller.daemonset.DaemonSetController;
import dev.ksim.controller.deployment.DeploymentController;
import dev.ksim.controller.endpoint.EndpointsController;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.controller.endpointslicemirroring.EndpointSliceMirroringController;
import dev.ksim.controller.loadbalancer.LoadBalancerController;
import dev.ksim.controller.nodeipam.NodeIpamController;
import dev.ksim.controller.replicaset.ReplicaSetController;
import dev.ksim.controller.statefulset.StatefulSetController;
import dev.ksim.controller.util.ServicePodTriggers;
import dev.ksim.controller.volume.PersistentVolumeController;
import dev.ksim.coredns.ClusterDns;
import dev.ksim.coredns.CoreDnsProcess;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Connector;
import dev.ksim.datapath.Sockets;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.CorefileException;
import dev.ksim.image.data.DataStores;
import dev.ksim.input.SourceLocation;
import dev.ksim.kubelet.ContainerLogs;
import dev.ksim.kubelet.ContainerProcesses;
import dev.ksim.kubelet.Kubelet;
import dev.ksim.kubelet.Kubelets;
import dev.ksim.manifest.KubernetesJson;
import dev.ksim.manifest.ManifestException;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.manifest.ObjectManifest;
import dev.ksim.manifest.YamlDocument;
import dev.ksim.manifest.YamlReader;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.node.NetworkNamespaces;
import dev.ksim.node.NetworkView;
import dev.ksim.node.NodeNetwork;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.KubeProxyProcess;
import dev.ksim.proxy.mode.ProxyModes;
import dev.ksim.scheduler.PodScheduler;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A simulated cluster: the event loop and its clock, the API store with its admission, and every
 * control-plane component wired to it (controllers, scheduler, kubelets). {@link #start} builds it
 * from the user's manifests as kubeadm would have left it (namespaces, nodes, the {@code
 * kubernetes} Service, CoreDNS and kube-proxy), applies the user's objects at time zero and runs
 * until the cluster is quiet.
 */
public final class Cluster {
  private static final List<String> SYSTEM_NAMESPACES =
      List.of("default", "kube-node-lease", "kube-public", "kube-system");

  private final EventLoop loop;
  private final SimRandom random;
  private final ApiStore store;
  private final ClusterNetwork network;
  private final String kubernetesVersion;
  private final ClusterOptions options;
  private final Kubelets kubelets;
  private final NetworkNamespaces namespaces;
  private final NetworkPlugin podNetwork;
  private final @Nullable BridgeNetwork bridge;
  private final ContainerLogs containerLogs = new ContainerLogs();
  private final DataStores dataStores = new DataStores();
  private final KubeProxyProcess kubeProxyProcess;
  private final NodeIpamController nodeIpam;
  private final @Nullable ClusterDns dns;

  private Cluster(ClusterNetwork network, String kubernetesVersion, ClusterOptions options) {
    this.network = network;
    this.kubernetesVersion = kubernetesVersion;
    this.options = options;
    this.loop = new EventLoop(new SimClock());
    this.random = new SimRandom(options.seed());
    Latencies latencies = options.latencies();
    this.store = new ApiStore(loop, random, latencies.watch(), latencies.garbageCollection());
    this.nodeIpam = new NodeIpamController(network.podSubnets());
    store.setAdmission(ResourceType.NAMESPACE, SimpleStrategies.namespaces());
    store.setAdmission(
        ResourceType.NODE,
        (old, node, undo) -> {
          SimpleStrategies.nodes().admit(old, node, undo);
          if (old == null) {
            nodeIpam.allocate(node);
            NodeRegistration.complete(node, loop.clock().now().toString(), kubernetesVersion);
          }
        });
    store.setAdmission(ResourceType.CONFIG_MAP, SimpleStrategies.configMaps());
    store.setAdmission(ResourceType.SECRET, SimpleStrategies.secrets());
    store.setAdmission(ResourceType.POD, new PodStrategy());
    store.setAdmission(ResourceType.SERVICE, new ServiceStrategy(network, random));
    store.setAdmission(ResourceType.DEPLOYMENT, WorkloadStrategy.deployments());
    store.setAdmission(ResourceType.REPLICA_SET, WorkloadStrategy.replicaSets());
    store.setAdmission(ResourceType.STATEFUL_SET, WorkloadStrategy.statefulSets());
    store.setAdmission(ResourceType.DAEMON_SET, WorkloadStrategy.daemonSets());
    store.setAdmission(ResourceType.ENDPOINTS, SimpleStrategies.endpoints());
    store.setAdmission(ResourceType.ENDPOINT_SLICE, SimpleStrategies.endpointSlices());
    store.setAdmission(ResourceType.STORAGE_CLASS, StorageStrategy.storageClasses());
    store.setAdmission(ResourceType.PERSISTENT_VOLUME, StorageStrategy.persistentVolumes());
    store.setAdmission(
        ResourceType.PERSISTENT_VOLUME_CLAIM, StorageStrategy.persistentVolumeClaims(store));
    store.setAdmission(ResourceType.INGRESS_CLASS, NetworkingStrategy.ingressClasses());
    store.setAdmission(ResourceType.INGRESS, NetworkingStrategy.ingresses(store));

    new DeploymentController(store, latencies.controller());
    new ReplicaSetController(store, latencies.controller());
    new StatefulSetController(store, latencies.controller());
    new DaemonSetController(store, latencies.controller());
    ServicePodTriggers servicePodTriggers = new ServicePodTriggers(store);
    new EndpointSliceController(store, servicePodTriggers, latencies.endpointSliceBatch());
    new EndpointsController(store, servicePodTriggers, latencies.endpointSliceBatch());
    new EndpointSliceMirroringController(store, latencies.endpointSliceBatch());
    options
        .loadBalancerPool()
        .ifPresent(pool -> new LoadBalancerController(store, pool, latencies.controller()));
    new PersistentVolumeController(store, latencies.controller());
    new PodScheduler(store, random, latencies.scheduling());
    this.dns =
        options.dataPlane()
            ? new ClusterDns(store, loop.clock(), random, options.outsideWorld())
            : null;
    this.namespaces = new NetworkNamespaces(random.kernelSecret());
    this.bridge =
        options.dataPlane()
            ? new BridgeNetwork(
                namespaces, options.podNetwork(), random::nextInt, loop.clock()::nowMillis)
            : null;
    this.podNetwork = bridge != null ? bridge : NetworkPlugin.NONE;
    this.kubeProxyProcess =
        new KubeProxyProcess(
            store,
            name -> Optional.ofNullable(namespaces.nodeNetworks().get(name)),
            network.serviceSubnets(),
            ProxyModes.builtIn(),
            NodeRegistration.KUBERNETES_VERSION);
    this.kubelets = new Kubelets(store);
    store.watch(ResourceType.NODE, ResourceEventHandler.onAnyChange(this::ensureKubelet));
  }

  /**
   * Builds the cluster that {@code manifests} describe, applies their objects at time zero and runs
   * until quiet.
   *
   * @throws ManifestException when a manifest is invalid; nothing of it is applied
   */
  public static Cluster start(Manifests manifests, ClusterOptions options) {
    ClusterNetwork network =
        KubeadmConfig.apply(ClusterNetwork.DEFAULT, manifests.clusterConfigurations());
    // refused here, with lines in the user's file, before anything starts; kube-proxy itself reads
    // its configuration from the ConfigMap in the store
    manifests.kubeProxyConfigurations().forEach(Cluster::checkKubeProxyConfiguration);
    kubeProxyConfigMapDocuments(manifests).forEach(Cluster::checkKubeProxyConfiguration);
    checkCorefiles(manifests);
    String version =
        KubeadmConfig.kubernetesVersion(manifests.clusterConfigurations())
            .orElse(NodeRegistration.KUBERNETES_VERSION);
    Cluster cluster = new Cluster(network, version, options);
    cluster.bootstrap(manifests);
    cluster.runUntilQuiet();
    return cluster;
  }

  /**
   * Refuses a KubeProxyConfiguration kube-proxy would not start with, or whose mode ksim lacks, at
   * the line of the field (later edits of the ConfigMap are kube-proxy's to refuse: its pod
   * crash-loops).
   */
  private static void checkKubeProxyConfiguration(YamlDocument document) {
    KubeProxyConfiguration config = KubeProxyConfiguration.parse(document);
    if (ProxyModes.builtIn().find(config.mode()).isEmpty()) {
      throw new ManifestException(
          document.locate("mode"),
          "proxy mode \""
              + config.mode().token()
              + "\" is not implemented in ksim (iptables, ipvs and nftables are)");
    }
  }

  /**
   * The KubeProxyConfiguration inside a given {@code kube-system/kube-proxy} ConfigMap's {@code
   * config.conf}, with lines counted in the manifest file, as kube-proxy reads it on a kubeadm
   * cluster.
   */
  private static List<YamlDocument> kubeProxyConfigMapDocuments(Manifests manifests) {
    List<YamlDocument> documents = new ArrayList<>();
    for (ObjectManifest m : manifests.objects()) {
      if (m.object() instanceof ConfigMap cm
          && "kube-system".equals(cm.getMetadata().getNamespace())
          && "kube-proxy".equals(cm.getMetadata().getName())
          && cm.getData() != null
          && cm.getData().containsKey("config.conf")) {
        int firstLine = m.document().locate("data.config.conf").line();
        for (YamlDocument inner :
            YamlReader.read(m.document().file(), cm.getData().get("config.conf"))) {
          documents.add(inner.shifted(firstLine));
        }
      }
    }
    return documents;
  }

  /** The {@code kube-system/coredns} Deployment the manifests give, if any. */
  private static Optional<Deployment> coreDns(Manifests manifests) {
    return manifests.objects().stream()
        .map(ObjectManifest::object)
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .filter(
            d ->
                "kube-system".equals(d.getMetadata().getNamespace())
                    && "coredns".equals(d.getMetadata().getName()))
        .findFirst();
  }

  /**
   * Refuses a {@code kube-system/coredns} ConfigMap whose Corefile CoreDNS would not start with,
   * naming the line in the manifest file.
   */
  private static void checkCorefiles(Manifests manifests) {
    for (ObjectManifest m : manifests.objects()) {
      if (m.object() instanceof ConfigMap cm && ClusterDns.isCorefileConfigMap(cm)) {
        try {
          CoreDnsConfig.parse(ClusterDns.corefile(cm), ClusterDns.environment(coreDns(manifests)));
        } catch (CorefileException e) {
          SourceLocation at = m.document().locate("data." + ClusterDns.COREFILE_KEY);
          throw new ManifestException(
              new SourceLocation(at.file(), at.line() + e.line(), at.field()),
              "Corefile: " + e.getMessage());
        }
      }
    }
  }

  private void bootstrap(Manifests manifests) {
    Set<ObjectKey> given = new HashSet<>();
    for (ObjectManifest m : manifests.objects()) {
      given.add(ObjectKey.of(m.type(), m.object()));
    }
    boolean hasNodes =
        manifests.objects().stream().anyMatch(m -> m.type().equals(ResourceType.NODE));
    store.transaction(
        () -> {
          for (String ns : SYSTEM_NAMESPACES) {
            Namespace namespace =
                new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build();
            if (!given.contains(ObjectKey.of(ResourceType.NAMESPACE, namespace))) {
              store.create(ResourceType.NAMESPACE, namespace);
            }
          }
          applyUser(manifests, m -> m.type().equals(ResourceType.NAMESPACE));
          if (hasNodes) {
            applyUser(manifests, m -> m.type().equals(ResourceType.NODE));
          } else {
            NodeRegistration.defaultNodes().forEach(n -> store.create(ResourceType.NODE, n));
          }
          for (HasMetadata object : systemObjects(manifests)) {
            if (!given.contains(ObjectKey.of(typeOf(object), object))) {
              createTyped(object);
            }
          }
          applyUser(
              manifests,
              m -> !m.type().equals(ResourceType.NAMESPACE) && !m.type().equals(ResourceType.NODE));
        });
  }

  /** Applies more manifests to the running cluster, all or nothing, then runs until quiet. */
  public void apply(Manifests manifests) {
    applyNow(manifests);
    runUntilQuiet();
  }

  /**
   * Applies more manifests, all or nothing, without letting time pass: the controllers react as
   * simulated time goes on ({@link #advance}), so a rollout can be watched as it happens.
   */
  public void applyNow(Manifests manifests) {
    store.transaction(
        () -> {
          applyUser(manifests, m -> m.type().equals(ResourceType.NAMESPACE));
          applyUser(manifests, m -> !m.type().equals(ResourceType.NAMESPACE));
        });
  }

  private void applyUser(Manifests manifests, Predicate<ObjectManifest> which) {
    for (ObjectManifest m : manifests.objects()) {
      if (!which.test(m)) {
        continue;
      }
      try {
        applyTyped(m.type(), m.object());
      } catch (ApiException e) {
        throw new ManifestException(
            m.document().locate(e.firstFieldPath().orElse(null)), String.valueOf(e.getMessage()));
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void applyTyped(ResourceType type, HasMetadata object) {
    store.apply(type, object);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void createTyped(HasMetadata object) {
    ResourceType type = typeOf(object);
    store.create(type, object);
  }

  private static ResourceType<?> typeOf(HasMetadata object) {
    return ResourceType.forKind(object.getApiVersion(), object.getKind())
        .orElseThrow(() -> new IllegalStateException("unknown kind " + object.getKind()));
  }

  /** The objects kube-apiserver and kubeadm create in every cluster. */
  private List<HasMetadata> systemObjects(Manifests manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    String kubernetesIp = network.serviceSubnets().get(0).address(1).toString();
    String dnsIp = network.dnsServiceIp();
    objects.add(
        new ServiceBuilder()
            .withNewMetadata()
            .withName("kubernetes")
            .withNamespace("default")
            .addToLabels("component", "apiserver")
            .addToLabels("provider", "kubernetes")
            .endMetadata()
            .withNewSpec()
            .withClusterIP(kubernetesIp)
            .addNewPort()
            .withName("https")
            .withPort(443)
            .withProtocol("TCP")
            .withNewTargetPort(6443)
            .endPort()
            .endSpec()
            .build());
    String apiServerIp = apiServerAddress();
    if (apiServerIp != null) {
      objects.add(
          new EndpointsBuilder()
              .withNewMetadata()
              .withName("kubernetes")
              .withNamespace("default")
              .addToLabels("endpointslice.kubernetes.io/skip-mirror", "true")
              .endMetadata()
              .addNewSubset()
              .addNewAddress()
              .withIp(apiServerIp)
              .endAddress()
              .addNewPort()
              .withName("https")
              .withPort(6443)
              .withProtocol("TCP")
              .endPort()
              .endSubset()
              .build());
      objects.add(
          new EndpointSliceBuilder()
              .withNewMetadata()
              .withName("kubernetes")
              .withNamespace("default")
              .addToLabels("kubernetes.io/service-name", "kubernetes")
              .endMetadata()
              .withAddressType(IpAddress.parse(apiServerIp).family().token())
              .addNewEndpoint()
              .withAddresses(apiServerIp)
              .withNewConditions()
              .withReady(true)
              .endConditions()
              .endEndpoint()
              .addNewPort()
              .withName("https")
              .withPort(6443)
              .withProtocol("TCP")
              .endPort()
              .build());
    }
    String addons =
        readResource("kubeadm-addons.yaml")
            .replace("${DNS_DOMAIN}", network.dnsDomain())
            .replace("${DNS_SERVICE_IP}", dnsIp)
            .replace("${KUBERNETES_VERSION}", kubernetesVersion);
    for (ObjectManifest m : ManifestLoader.parse("kubeadm-addons.yaml", addons).objects()) {
      objects.add(m.object());
    }
    objects.add(kubeProxyConfigMap(manifests));
    return objects;
  }

  private ConfigMap kubeProxyConfigMap(Manifests manifests) {
    String config;
    if (manifests.kubeProxyConfigurations().isEmpty()) {
      config =
          "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
              + "kind: KubeProxyConfiguration\n"
              + "clusterCIDR: "
              + String.join(",", network.podSubnets().stream().map(Cidr::toString).toList())
              + "\n"
              + "mode: \"\"\n";
    } else {
      try {
        config =
            KubernetesJson.YAML.writeValueAsString(
                manifests
                    .kubeProxyConfigurations()
                    .get(manifests.kubeProxyConfigurations().size() - 1)
                    .tree());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("kube-proxy")
        .withNamespace("kube-system")
        .addToLabels("app", "kube-proxy")
        .endMetadata()
        .withData(Map.of("config.conf", config))
        .build();
  }

  private static String readResource(String name) {
    try (InputStream in = Cluster.class.getResourceAsStream(name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("missing resource " + name, e);
    }
  }

  /** The control-plane node's first InternalIP, else the first node's. */
  private @Nullable String apiServerAddress() {
    List<Node> nodes = store.list(ResourceType.NODE);
    return nodes.stream()
        .filter(
            n ->
                n.getMetadata().getLabels() != null
                    && n.getMetadata()
                        .getLabels()
                        .containsKey(NodeRegistration.CONTROL_PLANE_LABEL))
        .findFirst()
        .or(() -> nodes.stream().findFirst())
        .flatMap(n -> NodeUtil.internalIps(n).stream().findFirst())
        .orElse(null);
  }

  private void ensureKubelet(Node node) {
    String name = node.getMetadata().getName();
    if (kubelets.get(name).isPresent() || store.get(ResourceType.NODE, "", name).isEmpty()) {
      return;
    }
    if (bridge != null) {
      NodeNetwork network =
          new NodeNetwork(node, random::nextInt, loop.clock()::nowMillis, namespaces.newPorts());
      bridge.addNode(network);
    }
    List<HostLocalIpam> ipams = NodeUtil.podCidrs(node).stream().map(HostLocalIpam::new).toList();
    kubelets.add(
        new Kubelet(
            store,
            name,
            NodeUtil.internalIps(node),
            ipams,
            options.latencies(),
            options.images(),
            podNetwork,
            bridge != null
                ? ContainerProcesses.firstOf(List.of(kubeProxyProcess, new CoreDnsProcess(store)))
                : ContainerProcesses.NONE,
            containerLogs));
  }

  /** The first node by name, where commands without a source run by default. */
  public String firstNode() {
    return namespaces.nodeNetworks().keySet().iterator().next();
  }

  /** Runs the event loop until nothing is pending (or the bounds are hit). */
  public void runUntilQuiet() {
    loop.runUntilQuiet(options.bounds());
  }

  /** Lets {@code duration} of simulated time pass. */
  public void advance(Duration duration) {
    loop.advanceBy(duration, options.bounds());
  }

  public ApiStore store() {
    return store;
  }

  public EventLoop loop() {
    return loop;
  }

  public SimClock clock() {
    return loop.clock();
  }

  public SimRandom random() {
    return random;
  }

  public ClusterOptions options() {
    return options;
  }

  public ClusterNetwork network() {
    return network;
  }

  /** The host network namespace of each node, by node name. */
  public Map<String, NodeNetwork> nodeNetworks() {
    return namespaces.nodeNetworks();
  }

  /** Every network namespace, as kubelet and the CNI plugin keep them. */
  public NetworkView namespaces() {
    return namespaces;
  }

  /**
   * The data path over this cluster's namespaces, recording {@code recording} of each rule walk.
   */
  public ClusterDatapath datapath(Recording recording) {
    return new ClusterDatapath(
        namespaces,
        new Sockets(
            store,
            options.images(),
            node ->
                Optional.ofNullable(kubeProxyProcess.running().get(node)).map(KubeProxy::servers)),
        this.network.serviceSubnets(),
        recording);
  }

  /** Clients' connections over {@link #datapath}. */
  public Connector connector(Recording recording) {
    return new Connector(datapath(recording), namespaces, random, loop.clock());
  }

  /**
   * The running kube-proxy of each node, by node name: the process of the node's kube-proxy pod (a
   * node whose kube-proxy pod is crash-looping or gone has none).
   */
  public Map<String, KubeProxy> kubeProxies() {
    return kubeProxyProcess.running();
  }

  /**
   * Restarts kube-proxy on every node as {@code kubectl delete pod -n kube-system -l
   * k8s-app=kube-proxy} does: the pods are deleted, the DaemonSet controller makes new ones, whose
   * kube-proxy reads the ConfigMap; runs until quiet. Whether they started, {@link #kubeProxies}
   * and {@link #drainNotices} tell.
   */
  public void restartKubeProxies() {
    for (Pod pod : store.<Pod>list(ResourceType.POD, KubeProxyConfiguration.CONFIG_MAP_NAMESPACE)) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (labels != null && "kube-proxy".equals(labels.get("k8s-app"))) {
        store.delete(ObjectKey.of(ResourceType.POD, pod));
      }
    }
    runUntilQuiet();
  }

  /** What the database servers in the cluster's pods hold. */
  public DataStores dataStores() {
    return dataStores;
  }

  /** The logs kubelets keep of containers, for {@code kubectl logs}. */
  public ContainerLogs containerLogs() {
    return containerLogs;
  }

  /**
   * What went wrong in the cluster since the last call that a user must be told of plainly (a
   * kube-proxy that exited at start), one sentence each.
   */
  public List<String> drainNotices() {
    return kubeProxyProcess.drainNotices();
  }

  /** The cluster's CoreDNS. */
  public ClusterDns dns() {
    if (dns == null) {
      throw new IllegalStateException("a cluster without a data plane has no DNS");
    }
    return dns;
  }

  /** The KubeProxyConfiguration in the {@code kube-system/kube-proxy} ConfigMap now. */
  public KubeProxyConfiguration proxyConfiguration() {
    return KubeProxyConfiguration.read(store);
  }
}
