package dev.ksim.datapath;

import dev.ksim.node.NodeNetwork;

/** Where a traced packet starts: the node whose kernel sees it first, and how it gets there. */
public sealed interface Origin {
  /** The bridge a node's pods are attached to; their packets enter the host through it. */
  String POD_BRIDGE = NodeNetwork.BRIDGE;

  /** The node whose kernel handles the packet first. */
  String node();

  /** The interface it enters that kernel by; {@code ""} for a process on the node. */
  String inIface();

  /** What the trace calls the client. */
  String describe();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of origin, so that a new kind fails to compile where it is not handled. */
  interface Visitor<R> {
    R visitNodeProcess(NodeProcess origin);

    R visitPodClient(PodClient origin);

    R visitExternal(External origin);
  }

  /** A process in the node's host network namespace (OUTPUT path). */
  record NodeProcess(String node) implements Origin {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNodeProcess(this);
    }

    @Override
    public String inIface() {
      return "";
    }

    @Override
    public String describe() {
      return "a process on node " + node;
    }
  }

  /**
   * A pod on the node, whose packets cross the node's bridge into its kernel (PREROUTING path).
   *
   * @param pod {@code NS/NAME}, or {@code ""} for an address in the node's pod range no pod holds
   */
  record PodClient(String node, String pod) implements Origin {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPodClient(this);
    }

    @Override
    public String inIface() {
      return POD_BRIDGE;
    }

    @Override
    public String describe() {
      return pod.isEmpty() ? "an address in node " + node + "'s pod range" : "pod " + pod;
    }
  }

  /** A client outside the cluster whose packet arrives on the node's uplink. */
  record External(String node) implements Origin {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitExternal(this);
    }

    @Override
    public String inIface() {
      return "eth0";
    }

    @Override
    public String describe() {
      return "a client outside the cluster, arriving at node " + node;
    }
  }
}
