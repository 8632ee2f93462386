package dev.ksim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * What runs inside the containers of one node's pods, for the programs ksim models as processes
 * (kube-proxy, CoreDNS): kubelet starts a container's process when the pod starts or restarts, and
 * stops it when the pod's containers are killed. Every other container runs and prints nothing.
 */
public interface ContainerProcesses {
  /** Containers whose processes always run and print nothing. */
  ContainerProcesses NONE =
      new ContainerProcesses() {
        @Override
        public boolean runs(Container container) {
          return true;
        }

        @Override
        public ProcessStart start(String nodeName, Pod pod, Container container) {
          return ProcessStart.running(List.of());
        }

        @Override
        public void stop(String nodeName, Pod pod, Container container) {}
      };

  /** Whether this models the program of {@code container} (by its image). */
  boolean runs(Container container);

  /**
   * The processes of {@code programs}: each container's is the first that {@link #runs} it, else
   * {@link #NONE}'s.
   */
  static ContainerProcesses firstOf(List<ContainerProcesses> programs) {
    List<ContainerProcesses> all = List.copyOf(programs);
    return new ContainerProcesses() {
      private ContainerProcesses of(Container container) {
        return all.stream().filter(p -> p.runs(container)).findFirst().orElse(NONE);
      }

      @Override
      public boolean runs(Container container) {
        return true;
      }

      @Override
      public ProcessStart start(String nodeName, Pod pod, Container container) {
        return of(container).start(nodeName, pod, container);
      }

      @Override
      public void stop(String nodeName, Pod pod, Container container) {
        of(container).stop(nodeName, pod, container);
      }
    };
  }

  /** Starts the process of {@code container} in {@code pod} on {@code nodeName}. */
  ProcessStart start(String nodeName, Pod pod, Container container);

  /** Stops the running process of {@code container} (its pod is going away). */
  void stop(String nodeName, Pod pod, Container container);
}
