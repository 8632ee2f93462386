package dev.ksim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * What a probe's port means in a container, and whether a pod shares its node's network (which
 * ports a container listens on is the image catalogue's, {@link dev.ksim.image.ImageCatalogue}).
 */
public final class Listeners {
  private Listeners() {}

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
