package dev.ksim.proxy;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.input.KsimInputException;
import dev.ksim.kubelet.ContainerProcesses;
import dev.ksim.kubelet.ProcessStart;
import dev.ksim.net.Cidr;
import dev.ksim.node.NodeNetwork;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * kube-proxy as the process of the {@code kube-proxy} container of kubeadm's DaemonSet pods: when
 * kubelet starts the container it reads the {@code kube-system/kube-proxy} ConfigMap and starts a
 * {@link KubeProxy} on the pod's node (which removes the other modes' leftovers), or exits with the
 * error upstream would print (an invalid configuration, a mode upstream no longer has) or because
 * ksim lacks the mode; when kubelet kills the container the KubeProxy stops and the node keeps its
 * rules. Each failed start is also kept as a notice for ksim to print on stderr. Containers of
 * other images run as {@link ContainerProcesses#NONE} does.
 */
public final class KubeProxyProcess implements ContainerProcesses {
  /** The image repository of kube-proxy's container ({@code registry.k8s.io/kube-proxy:TAG}). */
  public static final String IMAGE = "kube-proxy";

  /** A running kube-proxy and the pod it runs in. */
  private record Running(String podUid, KubeProxy proxy) {}

  private final ApiStore store;
  private final Function<String, Optional<NodeNetwork>> nodes;
  private final List<Cidr> serviceCidrs;
  private final ProxierRegistry modes;
  private final String version;
  private final Map<String, Running> byNode = new TreeMap<>();
  private final List<String> notices = new ArrayList<>();

  /**
   * kube-proxy's process for the nodes {@code nodes} finds.
   *
   * @param version the Kubernetes version kube-proxy reports
   */
  public KubeProxyProcess(
      ApiStore store,
      Function<String, Optional<NodeNetwork>> nodes,
      List<Cidr> serviceCidrs,
      ProxierRegistry modes,
      String version) {
    this.store = store;
    this.nodes = nodes;
    this.serviceCidrs = List.copyOf(serviceCidrs);
    this.modes = modes;
    this.version = version;
  }

  /** Whether {@code container} runs kube-proxy's image. */
  public static boolean isKubeProxy(Container container) {
    String image = container.getImage() == null ? "" : container.getImage();
    String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
    return repository.equals(IMAGE) || repository.endsWith("/" + IMAGE);
  }

  @Override
  public boolean runs(Container container) {
    return isKubeProxy(container);
  }

  @Override
  public ProcessStart start(String nodeName, Pod pod, Container container) {
    Optional<NodeNetwork> node = nodes.apply(nodeName);
    if (!isKubeProxy(container) || node.isEmpty()) {
      return NONE.start(nodeName, pod, container);
    }
    Instant now = store.loop().clock().now();
    KubeProxyConfiguration config;
    try {
      config = KubeProxyConfiguration.read(store);
    } catch (KsimInputException e) {
      return failed(nodeName, pod, now, "failed validate: " + e.getMessage());
    }
    if (modes.find(config.mode()).isEmpty()) {
      return failed(
          nodeName,
          pod,
          now,
          "ksim: proxy mode \"" + config.mode().token() + "\" is not simulated in this build");
    }
    KubeProxy proxy = new KubeProxy(store, node.get(), serviceCidrs, modes, config);
    byNode.put(nodeName, new Running(pod.getMetadata().getUid(), proxy));
    List<String> ips = node.get().addresses().stream().map(a -> a.address().toString()).toList();
    return ProcessStart.running(KubeProxyStartLog.started(now, config, ips, version));
  }

  private ProcessStart failed(String nodeName, Pod pod, Instant now, String error) {
    notices.add(
        "ksim: kube-proxy on node "
            + nodeName
            + " (pod kube-system/"
            + pod.getMetadata().getName()
            + ") exited at start: "
            + error
            + "; the node keeps the rules it had (kubectl logs -n kube-system "
            + pod.getMetadata().getName()
            + ")");
    return ProcessStart.exited(1, KubeProxyStartLog.failed(now, error));
  }

  @Override
  public void stop(String nodeName, Pod pod, Container container) {
    Running running = byNode.get(nodeName);
    if (running != null && running.podUid().equals(pod.getMetadata().getUid())) {
      running.proxy().stop();
      byNode.remove(nodeName);
    }
  }

  /** The running kube-proxy of each node, by node name. */
  public Map<String, KubeProxy> running() {
    Map<String, KubeProxy> proxies = new TreeMap<>();
    byNode.forEach((node, running) -> proxies.put(node, running.proxy()));
    return Collections.unmodifiableMap(proxies);
  }

  /** The failed starts since the last call, one sentence each, for ksim to print on stderr. */
  public List<String> drainNotices() {
    List<String> drained = List.copyOf(notices);
    notices.clear();
    return drained;
  }
}
