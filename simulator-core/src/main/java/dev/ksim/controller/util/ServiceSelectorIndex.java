package dev.ksim.controller.util;

import dev.ksim.apiserver.LabelSelectors;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An index from selector pairs to Services, so that a pod event finds the Services selecting the
 * pod without going through every Service of the namespace (upstream's GetPodServiceMemberships
 * lists them all; with 10,000 Services in one namespace that would dominate the run).
 */
public final class ServiceSelectorIndex {
  /** A Service by namespace and name. */
  private record ServiceKey(String namespace, String name) {}

  /** One {@code key=value} selector pair in a namespace. */
  private record Pair(String namespace, String key, String value) {}

  private final Map<ServiceKey, Map<String, String>> selectors = new HashMap<>();
  private final Map<Pair, Set<String>> byPair = new HashMap<>();

  /** Records (or replaces) a Service's selector. */
  public void put(Service service) {
    remove(service);
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return;
    }
    ServiceKey key = key(service.getMetadata().getNamespace(), service.getMetadata().getName());
    selectors.put(key, Map.copyOf(selector));
    for (Map.Entry<String, String> pair : selector.entrySet()) {
      byPair
          .computeIfAbsent(
              pairKey(service.getMetadata().getNamespace(), pair), k -> new TreeSet<>())
          .add(service.getMetadata().getName());
    }
  }

  public void remove(Service service) {
    ServiceKey key = key(service.getMetadata().getNamespace(), service.getMetadata().getName());
    Map<String, String> old = selectors.remove(key);
    if (old == null) {
      return;
    }
    for (Map.Entry<String, String> pair : old.entrySet()) {
      Pair pk = pairKey(service.getMetadata().getNamespace(), pair);
      Set<String> names = byPair.get(pk);
      if (names != null) {
        names.remove(service.getMetadata().getName());
        if (names.isEmpty()) {
          byPair.remove(pk);
        }
      }
    }
  }

  /** The names of the Services in the pod's namespace whose selector selects the pod. */
  public Set<String> servicesSelecting(Pod pod) {
    Set<String> result = new TreeSet<>();
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return result;
    }
    String ns = pod.getMetadata().getNamespace();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      for (String name : byPair.getOrDefault(pairKey(ns, label), Set.of())) {
        Map<String, String> selector = selectors.get(key(ns, name));
        if (selector != null && LabelSelectors.matchesServiceSelector(selector, labels)) {
          result.add(name);
        }
      }
    }
    return result;
  }

  private static ServiceKey key(String ns, String name) {
    return new ServiceKey(ns, name);
  }

  private static Pair pairKey(String ns, Map.Entry<String, String> pair) {
    return new Pair(ns, pair.getKey(), pair.getValue());
  }
}
