package dev.ksim.api.qos;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The QoS class of a pod ({@code status.qosClass}): BestEffort when no container asks for or limits
 * cpu or memory, Guaranteed when every container limits both and the requests summed over the
 * containers equal the limits, Burstable otherwise. Init containers count; pod-level resources (the
 * PodLevelResources feature, beta and on in v1.34), when they name cpu or memory, decide alone.
 * Only quantities above zero count.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/core/helper/qos/qos.go">qos.go
 *     (ComputePodQOS, GetPodQOS)</a>
 */
public enum PodQosClass {
  GUARANTEED("Guaranteed"),
  BURSTABLE("Burstable"),
  BEST_EFFORT("BestEffort");

  private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");

  private final String token;

  PodQosClass(String token) {
    this.token = token;
  }

  /** The class as the API writes it ({@code Guaranteed}, {@code Burstable}, {@code BestEffort}). */
  public String token() {
    return token;
  }

  /** GetPodQOS: the class the pod's status holds, else the one its spec gives. */
  public static String of(Pod pod) {
    if (pod.getStatus() != null
        && pod.getStatus().getQosClass() != null
        && !pod.getStatus().getQosClass().isEmpty()) {
      return pod.getStatus().getQosClass();
    }
    return compute(pod.getSpec()).token();
  }

  /**
   * ComputePodQOS over {@code spec}'s containers (init containers included) or its own resources.
   */
  public static PodQosClass compute(PodSpec spec) {
    Map<String, BigDecimal> requests = new TreeMap<>();
    Map<String, BigDecimal> limits = new TreeMap<>();
    boolean guaranteed = true;
    if (hasPodLevelResources(spec.getResources())) {
      ResourceRequirements resources = spec.getResources();
      add(requests, resources.getRequests());
      if (resources.getLimits() != null && !resources.getLimits().isEmpty()) {
        guaranteed = add(limits, resources.getLimits()).containsAll(QOS_RESOURCES);
      }
    } else {
      List<Container> containers = new ArrayList<>(spec.getContainers());
      containers.addAll(spec.getInitContainers());
      for (Container container : containers) {
        ResourceRequirements resources = container.getResources();
        if (resources == null) {
          guaranteed = false;
          continue;
        }
        add(requests, resources.getRequests());
        guaranteed &= add(limits, resources.getLimits()).containsAll(QOS_RESOURCES);
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return BEST_EFFORT;
    }
    for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
      BigDecimal limit = limits.get(request.getKey());
      guaranteed &= limit != null && limit.compareTo(request.getValue()) == 0;
    }
    return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
  }

  /** Whether the pod's own resources name cpu or memory (isPodLevelResourcesSet). */
  private static boolean hasPodLevelResources(@Nullable ResourceRequirements resources) {
    if (resources == null) {
      return false;
    }
    return QOS_RESOURCES.stream()
        .anyMatch(
            name ->
                (resources.getRequests() != null && resources.getRequests().containsKey(name))
                    || (resources.getLimits() != null && resources.getLimits().containsKey(name)));
  }

  /**
   * Adds the cpu and memory quantities above zero of {@code list} to {@code sums}; returns the
   * names it added.
   */
  private static List<String> add(
      Map<String, BigDecimal> sums, @Nullable Map<String, Quantity> list) {
    List<String> found = new ArrayList<>();
    if (list == null) {
      return found;
    }
    for (String name : QOS_RESOURCES) {
      Quantity quantity = list.get(name);
      if (quantity == null) {
        continue;
      }
      BigDecimal amount = quantity.getNumericalAmount();
      if (amount.signum() > 0) {
        found.add(name);
        sums.merge(name, amount, BigDecimal::add);
      }
    }
    return found;
  }
}
