package dev.ksim.config;

/** How nodes carry pod traffic to each other (the CNI's backend, in flannel's words). */
public enum PodNetwork {
  /** Plain routing: each node routes the other nodes' pod ranges via their addresses. */
  HOST_GW,
  /** An overlay: pod traffic between nodes is wrapped in VXLAN (UDP 8472) by {@code flannel.1}. */
  VXLAN
}
