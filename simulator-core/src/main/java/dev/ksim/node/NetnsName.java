package dev.ksim.node;

/**
 * Which network namespace on a node: the host's own, or a pod's sandbox. Prints as the trace shows
 * it: {@code host}, or {@code pod NS/NAME}.
 *
 * @param pod the pod's {@code NS/NAME}, or {@code ""} for the host namespace
 */
public record NetnsName(String pod) {
  private static final NetnsName HOST = new NetnsName("");

  /** The node's own (host) network namespace. */
  public static NetnsName host() {
    return HOST;
  }

  /** The sandbox namespace of pod {@code namespaceAndName} ({@code NS/NAME}). */
  public static NetnsName pod(String namespaceAndName) {
    return new NetnsName(namespaceAndName);
  }

  public boolean isHost() {
    return pod.isEmpty();
  }

  @Override
  public String toString() {
    return isHost() ? "host" : "pod " + pod;
  }
}
