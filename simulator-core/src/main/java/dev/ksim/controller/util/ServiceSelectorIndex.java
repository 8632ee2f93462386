package dev.ksim.controller.util;

import dev.ksim.apiserver.LabelSelectors;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An index from selector pairs to Services, so that a pod event finds the Services selecting the
 * pod without going through every Service of the namespace (upstream's GetPodServiceMemberships
 * lists them all; with 10,000 Services in one namespace that would dominate the run).
 *
 * <p>Each Service is indexed under one pair of its selector, the one with the least key: a Service
 * selects a pod only if the pod has every pair of the selector, that one included, so it is found
 * through that pair, and only through it. A lookup thus meets each Service at most once and, when
 * one of the pod's labels is the only one indexed (the usual case), in name order already: it
 * allocates nothing but its answer, for the several pod events of every pod.
 */
public final class ServiceSelectorIndex {
  /** One namespace's Services with a selector. */
  private static final class Namespace {
    /** Each Service's selector, by the Service's name. */
    private final Map<String, Map<String, String>> selectors = new HashMap<>();

    /** By label key, then value: the names of the Services indexed under that pair. */
    private final Map<String, Map<String, SortedSet<String>>> byPair = new HashMap<>();

    SortedSet<String> indexed(String key, String value) {
      Map<String, SortedSet<String>> byValue = byPair.get(key);
      SortedSet<String> names = byValue == null ? null : byValue.get(value);
      return names == null ? Collections.emptySortedSet() : names;
    }
  }

  private final Map<String, Namespace> namespaces = new HashMap<>();

  /** Records (or replaces) a Service's selector. */
  public void put(Service service) {
    remove(service);
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return;
    }
    Namespace namespace =
        namespaces.computeIfAbsent(service.getMetadata().getNamespace(), n -> new Namespace());
    String name = service.getMetadata().getName();
    Map<String, String> copy = Map.copyOf(selector);
    namespace.selectors.put(name, copy);
    String key = indexKey(copy);
    namespace
        .byPair
        .computeIfAbsent(key, k -> new HashMap<>())
        .computeIfAbsent(copy.get(key), v -> new TreeSet<>())
        .add(name);
  }

  public void remove(Service service) {
    Namespace namespace = namespaces.get(service.getMetadata().getNamespace());
    if (namespace == null) {
      return;
    }
    String name = service.getMetadata().getName();
    Map<String, String> old = namespace.selectors.remove(name);
    if (old == null) {
      return;
    }
    String key = indexKey(old);
    String value = old.get(key);
    Map<String, SortedSet<String>> byValue = namespace.byPair.get(key);
    if (byValue == null) {
      return;
    }
    SortedSet<String> names = byValue.get(value);
    if (names != null && names.remove(name) && names.isEmpty()) {
      byValue.remove(value);
      if (byValue.isEmpty()) {
        namespace.byPair.remove(key);
      }
    }
  }

  /** The names of the Services in the pod's namespace whose selector selects the pod, sorted. */
  public List<String> servicesSelecting(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    Namespace namespace = namespaces.get(pod.getMetadata().getNamespace());
    if (labels == null || namespace == null) {
      return List.of();
    }
    List<String> result = List.of();
    boolean severalPairs = false;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      SortedSet<String> names = namespace.indexed(label.getKey(), label.getValue());
      if (names.isEmpty()) {
        continue;
      }
      severalPairs |= !result.isEmpty();
      for (String name : names) {
        if (LabelSelectors.matchesServiceSelector(namespace.selectors.get(name), labels)) {
          if (result.isEmpty()) {
            result = new ArrayList<>();
          }
          result.add(name);
        }
      }
    }
    if (severalPairs) {
      result.sort(null);
    }
    return result;
  }

  /** The key of the pair a selector is indexed under: its least. */
  private static String indexKey(Map<String, String> selector) {
    return Collections.min(selector.keySet());
  }
}
