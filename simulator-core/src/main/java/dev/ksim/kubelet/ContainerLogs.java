package dev.ksim.kubelet;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The logs kubelet keeps of containers, as {@code kubectl logs} reads them: the current instance's
 * lines and, after a restart, the previous instance's ({@code --previous}). A pod's logs go with
 * the pod.
 */
public final class ContainerLogs {
  /** The logs of one container: the running (or last) instance's and the one before. */
  private record Instances(List<String> current, List<String> previous, int starts) {}

  private final Map<String, Instances> byContainer = new TreeMap<>();

  private static String key(String namespace, String pod, String container) {
    return namespace + "/" + pod + "/" + container;
  }

  /** A new instance of the container started and printed {@code lines}. */
  void started(String namespace, String pod, String container, List<String> lines) {
    String key = key(namespace, pod, container);
    Instances before = byContainer.get(key);
    byContainer.put(
        key,
        before == null
            ? new Instances(ImmutableList.copyOf(lines), List.of(), 1)
            : new Instances(ImmutableList.copyOf(lines), before.current(), before.starts() + 1));
  }

  /** Forgets the logs of a removed pod's containers. */
  void removed(String namespace, String pod) {
    byContainer.keySet().removeIf(k -> k.startsWith(namespace + "/" + pod + "/"));
  }

  /** The current (or last) instance's lines, when the container has started at least once. */
  public Optional<List<String>> current(String namespace, String pod, String container) {
    return Optional.ofNullable(byContainer.get(key(namespace, pod, container)))
        .map(Instances::current);
  }

  /** The previous instance's lines, when the container has restarted. */
  public Optional<List<String>> previous(String namespace, String pod, String container) {
    return Optional.ofNullable(byContainer.get(key(namespace, pod, container)))
        .filter(i -> i.starts() > 1)
        .map(Instances::previous);
  }
}
