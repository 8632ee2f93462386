package dev.ksim.api.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Questions controllers ask of pods, answered as upstream's podutil answers them. */
public final class PodUtil {
  private PodUtil() {}

  /** Whether the pod's Ready condition is True. */
  public static boolean isReady(Pod pod) {
    PodCondition ready = find(pod, "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  /** The condition of {@code type}, if the pod has one. */
  public static Optional<PodCondition> condition(Pod pod, String type) {
    return Optional.ofNullable(find(pod, type));
  }

  /**
   * The condition of {@code type}, else null. By index, not by iterator, and without an Optional:
   * the controllers ask it of every pod they list, and the conditions lists are of several classes
   * (the model's, the kubelet's, the store's shared ones), so the JIT allocated an iterator per
   * call.
   */
  private static @Nullable PodCondition find(Pod pod, String type) {
    if (pod.getStatus() == null) {
      return null;
    }
    List<PodCondition> conditions = pod.getStatus().getConditions();
    for (int i = 0; i < conditions.size(); i++) {
      PodCondition condition = conditions.get(i);
      if (type.equals(condition.getType())) {
        return condition;
      }
    }
    return null;
  }

  /** Whether the pod is being deleted (has a deletionTimestamp). */
  public static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Succeeded or Failed: the pod will not run again. */
  public static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** Not terminal and not terminating: counts towards a controller's replicas. */
  public static boolean isActive(Pod pod) {
    return !isTerminal(pod) && !isTerminating(pod);
  }

  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? "Pending"
        : pod.getStatus().getPhase();
  }

  /** The pod's primary IP, or "" before it has one. */
  public static String podIp(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPodIP() == null
        ? ""
        : pod.getStatus().getPodIP();
  }

  /** Every address of the pod (status.podIPs, else status.podIP), empty before it has one. */
  public static List<String> podIps(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    if (pod.getStatus().getPodIPs() != null && !pod.getStatus().getPodIPs().isEmpty()) {
      return pod.getStatus().getPodIPs().stream()
          .map(io.fabric8.kubernetes.api.model.PodIP::getIp)
          .filter(Objects::nonNull)
          .toList();
    }
    String ip = podIp(pod);
    return ip.isEmpty() ? List.of() : List.of(ip);
  }

  public static String nodeName(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getNodeName() == null
        ? ""
        : pod.getSpec().getNodeName();
  }

  /**
   * The container port a Service's targetPort means for this pod: a number as is, a name looked up
   * in the containers' ports of that protocol ({@code FindPort}).
   */
  public static OptionalInt findPort(Pod pod, IntOrString targetPort, String protocol) {
    if (targetPort.getIntVal() != null) {
      return OptionalInt.of(targetPort.getIntVal());
    }
    String name = targetPort.getStrVal();
    if (name == null) {
      return OptionalInt.empty();
    }
    for (Container container : pod.getSpec().getContainers()) {
      for (ContainerPort port : container.getPorts()) {
        String portProtocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        if (name.equals(port.getName()) && portProtocol.equals(protocol)) {
          return OptionalInt.of(port.getContainerPort());
        }
      }
    }
    return OptionalInt.empty();
  }
}
