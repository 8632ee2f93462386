package dev.ksim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which TCP ports a simulated container listens on: its declared containerPorts, plus the
 * well-known ports of the images ksim recognises (CoreDNS serves health on 8080 and readiness on
 * 8181 without declaring them; nginx and httpd serve on 80). A probe of a port nothing listens on
 * fails, as on a real node.
 */
public final class Listeners {
  private static final Map<String, Set<Integer>> IMAGE_PORTS =
      Map.of("coredns", Set.of(53, 8080, 8181, 9153), "nginx", Set.of(80), "httpd", Set.of(80));

  private Listeners() {}

  /** The ports {@code container} listens on. */
  public static Set<Integer> ports(Container container) {
    Set<Integer> ports = new TreeSet<>();
    for (ContainerPort port : container.getPorts()) {
      if (port.getContainerPort() != null) {
        ports.add(port.getContainerPort());
      }
    }
    ports.addAll(imagePorts(container));
    return ports;
  }

  /** The ports the container's image listens on whether declared or not. */
  public static Set<Integer> imagePorts(Container container) {
    String image = container.getImage() == null ? "" : container.getImage();
    String repository = image.substring(image.lastIndexOf('/') + 1);
    int tag = repository.indexOf(':');
    String name = tag < 0 ? repository : repository.substring(0, tag);
    return IMAGE_PORTS.getOrDefault(name, Set.of());
  }

  /** The number a probe's port means in {@code container}: a number, or a named port. */
  public static Optional<Integer> resolve(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return Optional.of(port.getIntVal());
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal() != null && port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst();
  }

  /** Whether the container's pods are using host networking. */
  static boolean isHostNetwork(Pod pod) {
    return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
  }
}
