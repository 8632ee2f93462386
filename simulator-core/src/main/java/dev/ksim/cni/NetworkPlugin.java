package dev.ksim.cni;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What kubelet asks of the pod network when a pod's sandbox starts and stops (the CNI {@code ADD}
 * and {@code DEL} commands, kubelet's former {@code NetworkPlugin.SetUpPod} / {@code TearDownPod}).
 *
 * @see <a href="https://github.com/containernetworking/cni/blob/main/SPEC.md">CNI specification</a>
 */
public interface NetworkPlugin {
  /** A cluster without a data plane: sandboxes get addresses and no network. */
  NetworkPlugin NONE =
      new NetworkPlugin() {
        @Override
        public void setUpPod(String node, Pod pod) {}

        @Override
        public void tearDownPod(Pod pod) {}
      };

  /**
   * Gives {@code pod}, on {@code node}, its network namespace with the addresses its status holds,
   * unless it has one or holds none. The kubelet calls this on every change of a running pod: the
   * plugin reads the addresses only for a pod it sets up.
   */
  void setUpPod(String node, Pod pod);

  /** Removes {@code pod}'s network namespace, if it has one. */
  void tearDownPod(Pod pod);
}
