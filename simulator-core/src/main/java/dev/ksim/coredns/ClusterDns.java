package dev.ksim.coredns;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.CorefileException;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import dev.ksim.dns.server.CoreDns;
import dev.ksim.dns.server.OutsideWorld;
import dev.ksim.image.ImageReference;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The cluster's CoreDNS: one kubernetes-plugin index fed by watches on the API store (so records
 * follow objects after the watch latency, as in a real cluster), and a server configured by the
 * {@code kube-system/coredns} ConfigMap's Corefile. Every CoreDNS pod runs the same server; what
 * differs between them is only their own address (the NS records name the Service it is an endpoint
 * of). A Corefile that does not parse leaves the last good configuration running, as CoreDNS's
 * reload plugin does.
 */
public final class ClusterDns {
  /** The ConfigMap key holding the Corefile. */
  public static final String COREFILE_KEY = "Corefile";

  private final KubernetesIndex index = new KubernetesIndex();
  private final ApiStore store;
  private final SimClock clock;
  private final SimRandom random;
  private final OutsideWorld world;
  private CoreDns server;

  public ClusterDns(ApiStore store, SimClock clock, SimRandom random, OutsideWorld world) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.world = world;
    this.server = newServer(CoreDnsConfig.parse(".:53 {\n}\n"));
    store.watch(
        ResourceType.NAMESPACE,
        handler(
            (Namespace n) -> index.putNamespace(n.getMetadata().getName()),
            n -> index.removeNamespace(n.getMetadata().getName())));
    store.watch(
        ResourceType.SERVICE,
        handler(
            (Service s) -> index.putService(DnsObjects.service(s)),
            s -> index.removeService(s.getMetadata().getNamespace(), s.getMetadata().getName())));
    store.watch(
        ResourceType.ENDPOINT_SLICE,
        handler(
            (EndpointSlice s) ->
                DnsObjects.slice(s)
                    .ifPresentOrElse(
                        index::putSlice,
                        () ->
                            index.removeSlice(
                                s.getMetadata().getNamespace(), s.getMetadata().getName())),
            s -> index.removeSlice(s.getMetadata().getNamespace(), s.getMetadata().getName())));
    store.watch(
        ResourceType.POD,
        handler(
            (Pod p) ->
                DnsObjects.pod(p)
                    .ifPresentOrElse(
                        index::putPod,
                        () ->
                            index.removePod(
                                p.getMetadata().getNamespace(), p.getMetadata().getName())),
            p -> index.removePod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    store.watch(ResourceType.CONFIG_MAP, ResourceEventHandler.onAnyChange(this::configure));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      Consumer<T> put, Consumer<T> remove) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        put.accept(object);
        modified();
      }

      @Override
      public void onUpdate(T old, T object) {
        put.accept(object);
        modified();
      }

      @Override
      public void onDelete(T object) {
        remove.accept(object);
        modified();
      }
    };
  }

  private void modified() {
    index.modified(clock.now().getEpochSecond());
  }

  private void configure(ConfigMap configMap) {
    if (!isCorefileConfigMap(configMap)) {
      return;
    }
    try {
      server =
          newServer(
              CoreDnsConfig.parse(
                  corefile(configMap),
                  environment(
                      store.<Deployment>get(
                          new ObjectKey(ResourceType.DEPLOYMENT, "kube-system", "coredns")))));
    } catch (CorefileException e) {
      // CoreDNS's reload plugin keeps serving with the last configuration that loaded.
    }
  }

  /** Whether {@code configMap} is {@code kube-system/coredns} with a Corefile. */
  public static boolean isCorefileConfigMap(ConfigMap configMap) {
    return "kube-system".equals(configMap.getMetadata().getNamespace())
        && "coredns".equals(configMap.getMetadata().getName())
        && configMap.getData() != null
        && configMap.getData().containsKey(COREFILE_KEY);
  }

  /**
   * The environment CoreDNS's process reads {@code {$NAME}} from: the literal {@code env} values of
   * the {@code kube-system/coredns} Deployment's first container ({@code valueFrom} references are
   * not resolved), empty without that Deployment.
   */
  public static Map<String, String> environment(Optional<Deployment> coredns) {
    Map<String, String> environment = new TreeMap<>();
    coredns
        .map(d -> d.getSpec().getTemplate().getSpec().getContainers())
        .filter(containers -> !containers.isEmpty())
        .map(containers -> containers.get(0).getEnv())
        .ifPresent(
            env ->
                env.stream()
                    .filter(e -> e.getName() != null && e.getValue() != null)
                    .forEach(e -> environment.put(e.getName(), e.getValue())));
    return environment;
  }

  /** The Corefile text of a ConfigMap that {@link #isCorefileConfigMap} accepts. */
  public static String corefile(ConfigMap configMap) {
    return Objects.requireNonNullElse(configMap.getData().get(COREFILE_KEY), "");
  }

  private CoreDns newServer(CoreDnsConfig config) {
    return new CoreDns(config, index, world, clock::nowMillis, () -> random.nextInt(1 << 16));
  }

  /** The server the CoreDNS pods run now. */
  public CoreDns server() {
    return server;
  }

  public OutsideWorld world() {
    return world;
  }

  /**
   * The addresses of the first CoreDNS pod by name that has any: the server a client outside the
   * data path (a real port) is answered by.
   */
  public List<String> firstServerAddresses() {
    return store.<Pod>list(ResourceType.POD).stream()
        .filter(ClusterDns::runsCoreDns)
        .map(PodUtil::podIps)
        .filter(ips -> !ips.isEmpty())
        .findFirst()
        .orElse(List.of());
  }

  /** Whether {@code pod} runs CoreDNS (its image is coredns), so that it answers on port 53. */
  public static boolean runsCoreDns(Pod pod) {
    return Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream()
        .anyMatch(c -> ImageReference.parse(String.valueOf(c.getImage())).name().equals("coredns"));
  }
}
