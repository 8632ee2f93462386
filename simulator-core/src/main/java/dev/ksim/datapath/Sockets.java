package dev.ksim.datapath;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.image.ImageCatalogue;
import dev.ksim.net.IpAddress;
import dev.ksim.net.Protocol;
import dev.ksim.proxy.KubeProxyServers;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which sockets listen: a pod's containers on their ports, a node's kubelet (10250), the running
 * kube-proxy's metrics and health servers (on their bind addresses), the API server where the
 * kubernetes Endpoints say it is, and the health-check node ports kube-proxy opens for Services
 * with {@code externalTrafficPolicy: Local}, and host-network pods on the node's addresses.
 */
public final class Sockets {
  /** kubelet's API port. */
  static final int KUBELET_PORT = 10250;

  private final ApiStore store;

  private final ImageCatalogue images;

  private final Function<String, Optional<KubeProxyServers>> kubeProxies;

  /**
   * @param kubeProxies the servers of the kube-proxy running on a node, by node name
   */
  public Sockets(
      ApiStore store,
      ImageCatalogue images,
      Function<String, Optional<KubeProxyServers>> kubeProxies) {
    this.store = store;
    this.images = images;
    this.kubeProxies = kubeProxies;
  }

  /** The container of {@code pod} listening on {@code protocol}/{@code port}, if any. */
  Optional<String> listener(Pod pod, Protocol protocol, int port) {
    return images.listener(pod, protocol, port);
  }

  /**
   * What on {@code node} listens on {@code protocol}/{@code port} at {@code address}, if anything.
   */
  Optional<String> nodeListener(String node, IpAddress address, Protocol protocol, int port) {
    for (Pod pod : store.list(ResourceType.POD)) {
      if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
          && node.equals(PodUtil.nodeName(pod))
          && PodUtil.isActive(pod)) {
        Optional<String> container = listener(pod, protocol, port);
        if (container.isPresent()) {
          return Optional.of(
              "host-network pod "
                  + pod.getMetadata().getNamespace()
                  + "/"
                  + pod.getMetadata().getName()
                  + " (container "
                  + container.get()
                  + ")");
        }
      }
    }
    if (protocol != Protocol.TCP) {
      return Optional.empty();
    }
    if (port == KUBELET_PORT) {
      return Optional.of("kubelet");
    }
    Optional<String> kubeProxy =
        kubeProxies.apply(node).flatMap(servers -> servers.listener(address, port));
    if (kubeProxy.isPresent()) {
      return kubeProxy;
    }
    if (isApiServer(address, port)) {
      return Optional.of("kube-apiserver");
    }
    for (Service service : store.list(ResourceType.SERVICE)) {
      Integer healthCheck = service.getSpec().getHealthCheckNodePort();
      if (healthCheck != null && healthCheck == port) {
        return Optional.of(
            "kube-proxy health check of Service "
                + service.getMetadata().getNamespace()
                + "/"
                + service.getMetadata().getName());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the API server listens at {@code address}:{@code port}: the address and port the {@code
   * default/kubernetes} Endpoints advertise (kubeadm's static pod is not simulated).
   */
  private boolean isApiServer(IpAddress address, int port) {
    Optional<Endpoints> endpoints =
        store.get(new ObjectKey(ResourceType.ENDPOINTS, "default", "kubernetes"));
    if (endpoints.isEmpty()) {
      return false;
    }
    for (EndpointSubset subset : endpoints.get().getSubsets()) {
      boolean hasAddress =
          subset.getAddresses().stream()
              .anyMatch(
                  a -> IpAddress.tryParse(String.valueOf(a.getIp())).equals(Optional.of(address)));
      boolean hasPort =
          subset.getPorts().stream().anyMatch(p -> p.getPort() != null && p.getPort() == port);
      if (hasAddress && hasPort) {
        return true;
      }
    }
    return false;
  }

  /** How the client learns nothing listens. */
  static String refusal(Protocol protocol) {
    return protocol == Protocol.TCP
        ? "the kernel answers with a TCP reset"
        : "the kernel answers with ICMP port unreachable";
  }

  static String portText(Protocol protocol, int port) {
    return protocol.token().toLowerCase(Locale.ROOT) + "/" + port;
  }
}
