package dev.ksim.kubelet;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kubelets of all nodes behind one pod watch that routes each pod to the kubelet of its node,
 * as each real kubelet's watch with {@code fieldSelector=spec.nodeName=<node>} would.
 */
public final class Kubelets {
  private final Map<String, Kubelet> byNode = new TreeMap<>();

  public Kubelets(ApiStore store) {
    store.watch(
        ResourceType.POD,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            kubeletOf(pod).ifPresent(k -> k.observe(pod));
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            kubeletOf(pod).ifPresent(k -> k.observe(pod));
          }

          @Override
          public void onDelete(Pod pod) {
            kubeletOf(pod).ifPresent(k -> k.forget(pod));
          }
        });
    store.watch(ResourceType.SECRET, ResourceEventHandler.onAnyChange(s -> retryHeld()));
    store.watch(ResourceType.CONFIG_MAP, ResourceEventHandler.onAnyChange(c -> retryHeld()));
    store.watch(
        ResourceType.PERSISTENT_VOLUME_CLAIM, ResourceEventHandler.onAnyChange(c -> retryHeld()));
  }

  /** Every kubelet retries the pods it holds for a missing Secret, ConfigMap or bound claim. */
  private void retryHeld() {
    byNode.values().forEach(Kubelet::retryHeld);
  }

  /** Adds the kubelet of a node. */
  public void add(Kubelet kubelet) {
    byNode.put(kubelet.nodeName(), kubelet);
  }

  public Optional<Kubelet> get(String nodeName) {
    return Optional.ofNullable(byNode.get(nodeName));
  }

  private Optional<Kubelet> kubeletOf(Pod pod) {
    String node = PodUtil.nodeName(pod);
    return node.isEmpty() ? Optional.empty() : Optional.ofNullable(byNode.get(node));
  }
}
