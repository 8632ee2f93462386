package dev.ksim.datapath;

import dev.ksim.node.NetworkNamespace;

/**
 * Where a packet that left a namespace goes next, as that namespace's route and its neighbours
 * decide: the same answer for a request and for a reply.
 */
sealed interface NextHop {
  <R> R accept(Visitor<R> visitor);

  /** One method per kind of next hop. */
  interface Visitor<R> {
    R visitNamespace(Namespace hop);

    R visitOverlay(Overlay hop);

    R visitOutside(Outside hop);

    R visitUnreachable(Unreachable hop);
  }

  /**
   * Another namespace on the same link (a veth peer, a node on the nodes' segment).
   *
   * @param to the namespace
   * @param inIface the interface the packet enters it by
   */
  record Namespace(NetworkNamespace to, String inIface) implements NextHop {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNamespace(this);
    }
  }

  /**
   * A node reached through the VXLAN overlay: the packet is wrapped, crosses the nodes' segment and
   * enters {@code to} by the overlay device.
   */
  record Overlay(NetworkNamespace to) implements NextHop {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOverlay(this);
    }
  }

  /** The network outside the cluster, where every address answers. */
  record Outside() implements NextHop {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOutside(this);
    }
  }

  /**
   * No one on the link has the address.
   *
   * @param reason why, in words
   */
  record Unreachable(String reason) implements NextHop {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnreachable(this);
    }
  }
}
