/**
 * The cluster's data path: where a traced packet starts (a pod, a node's process, a client
 * outside), the network namespaces it crosses, and the socket (or nothing) that gets it. Every
 * namespace is a kernel of its own ({@link dev.ksim.netfilter.Netfilter}, with IPVS on nodes); the
 * next namespace is what the current one's route and neighbours say ({@link
 * dev.ksim.datapath.NextHop}), for a request and its reply alike.
 *
 * <pre>
 *  node A                                           node B
 *  ┌───────────────────────────────────┐            ┌───────────────────────────────────┐
 *  │ pod ns          host ns           │            │ host ns              pod ns       │
 *  │ ┌──────┐ veth  ┌────────────────┐ │  eth0 or   │ ┌────────────────┐ veth ┌──────┐  │
 *  │ │client│──────▶│cni0 ─▶ kernel  │─┼─ flannel.1 ┼▶│ kernel ─▶ cni0 │─────▶│server│  │
 *  │ └──────┘       │ (kube-proxy's  │ │ (VXLAN)    │ │ (FORWARD, SNAT │      └──────┘  │
 *  │                │  DNAT picks B) │ │            │ │  on the way)   │                │
 *  │                └────────────────┘ │            │ └────────────────┘                │
 *  └───────────────────────────────────┘            └───────────────────────────────────┘
 *           ▲ the reply retraces the hops; each kernel's conntrack undoes its NAT
 * </pre>
 *
 * A client outside the cluster enters the node it was sent to by {@code eth0}; a process on a node
 * starts in that node's host namespace. kubelet and the CNI plugin ({@link dev.ksim.cni}) build the
 * namespaces; the data path only reads them through {@link dev.ksim.node.NetworkView}.
 */
@NullMarked
package dev.ksim.datapath;

import org.jspecify.annotations.NullMarked;
