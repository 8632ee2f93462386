package dev.ksim.kubelet;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logs kubelet keeps of containers, as {@code kubectl logs} reads them: the current instance's
 * lines and, after a restart, the previous instance's ({@code --previous}). A pod's logs go with
 * the pod.
 */
public final class ContainerLogs {
  /** The logs of one container: the running (or last) instance's and the one before. */
  private record Instances(List<String> current, List<String> previous, int starts) {}

  /** A pod by namespace and name. */
  private record PodName(String namespace, String name) {}

  /**
   * Each pod's containers' logs, so that a removed pod's go with one removal rather than a scan of
   * every container's (a Deployment of 100,000 pods scaling down removes them all). A pod has a few
   * containers: its map is copied on each start, which keeps the usual one-container pod's small.
   * Nothing lists them, so the order of neither map shows.
   */
  private final Map<PodName, ImmutableMap<String, Instances>> byPod = new HashMap<>();

  /** A new instance of the container started and printed {@code lines}. */
  void started(String namespace, String pod, String container, List<String> lines) {
    PodName key = new PodName(namespace, pod);
    ImmutableMap<String, Instances> containers = byPod.getOrDefault(key, ImmutableMap.of());
    Instances before = containers.get(container);
    Instances now =
        before == null
            ? new Instances(ImmutableList.copyOf(lines), List.of(), 1)
            : new Instances(ImmutableList.copyOf(lines), before.current(), before.starts() + 1);
    byPod.put(
        key,
        ImmutableMap.<String, Instances>builderWithExpectedSize(containers.size() + 1)
            .putAll(containers)
            .put(container, now)
            .buildKeepingLast());
  }

  /** Forgets the logs of a removed pod's containers. */
  void removed(String namespace, String pod) {
    byPod.remove(new PodName(namespace, pod));
  }

  /** The current (or last) instance's lines, when the container has started at least once. */
  public Optional<List<String>> current(String namespace, String pod, String container) {
    return instances(namespace, pod, container).map(Instances::current);
  }

  /** The previous instance's lines, when the container has restarted. */
  public Optional<List<String>> previous(String namespace, String pod, String container) {
    return instances(namespace, pod, container)
        .filter(i -> i.starts() > 1)
        .map(Instances::previous);
  }

  private Optional<Instances> instances(String namespace, String pod, String container) {
    ImmutableMap<String, Instances> containers = byPod.get(new PodName(namespace, pod));
    return Optional.ofNullable(containers == null ? null : containers.get(container));
  }
}
