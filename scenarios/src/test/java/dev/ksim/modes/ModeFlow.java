package dev.ksim.modes;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One first packet probed in every kube-proxy mode.
 *
 * @param name how failures name it
 * @param client who sends it
 * @param target what kind of Service address it goes to
 * @param source the sender as {@code ksim trace --from} takes it (an IP, pod/NS/NAME, node/NAME)
 * @param via the node an outside client's packet arrives at ({@code --node}), else null
 * @param entryNode the node whose rules decide (for a NodePort, the node that has the address)
 * @param destination where it goes
 * @param protocol its protocol
 * @param service the Service's policies and endpoints, as they bear on documented differences
 */
record ModeFlow(
    String name,
    Client client,
    Target target,
    String source,
    @Nullable String via,
    String entryNode,
    IpPort destination,
    Protocol protocol,
    ServiceView service) {

  /** Who sends the packet. */
  enum Client {
    POD,
    /** A backend pod of the Service sending to its own Service. */
    HAIRPIN,
    NODE,
    OUTSIDE
  }

  /** The kind of address the packet is sent to. */
  enum Target {
    CLUSTER_IP,
    /** The ClusterIP on a port that is no port of the Service. */
    CLUSTER_IP_OTHER_PORT,
    NODE_PORT,
    /** A node's nodePort on 127.0.0.1, from a process on that node. */
    NODE_PORT_LOCALHOST,
    EXTERNAL_IP,
    LOAD_BALANCER;

    /** Whether kube-proxy treats the address as external (externalTrafficPolicy applies). */
    boolean isExternal() {
      return this == NODE_PORT
          || this == NODE_PORT_LOCALHOST
          || this == EXTERNAL_IP
          || this == LOAD_BALANCER;
    }
  }

  /**
   * A Service as the documented differences between modes depend on it, for one IP family.
   *
   * @param id namespace/name
   * @param externalLocal externalTrafficPolicy Local
   * @param internalLocal internalTrafficPolicy Local
   * @param reachableFromOutside it has a nodePort, externalIPs or load-balancer addresses
   *     (upstream's UsesClusterEndpoints with a Cluster internal policy aside)
   * @param usableOn the nodes with a usable endpoint of the family (ready, or serving and
   *     terminating when the node has no ready one)
   * @param usable whether the Service has a usable endpoint of the family anywhere
   */
  record ServiceView(
      String id,
      boolean externalLocal,
      boolean internalLocal,
      boolean reachableFromOutside,
      Set<String> usableOn,
      boolean usable) {}

  /** Whether the Service has no usable endpoint on the node whose rules decide. */
  boolean noLocalEndpoint() {
    return !service.usableOn().contains(entryNode);
  }
}
